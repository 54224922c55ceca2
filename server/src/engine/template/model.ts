import type { Document } from 'yaml';
import type { SourceText } from '../text';
import type { CodeLanguage, TemplateFormat } from '../types';
import type { TEntry, TMap, TNode } from '../parse/tree';

export type TemplateKind = 'sam' | 'cloudformation' | 'serverless';

export interface ResourceInfo {
  id: string;
  type: string;
  /** The `Id: {...}` entry under Resources; its key range is where findings about the resource go. */
  entry: TEntry;
  node: TMap;
  properties: TMap | undefined;
}

export interface TemplateDoc {
  path: string;
  dir: string;
  format: TemplateFormat;
  kind: TemplateKind;
  source: SourceText;
  root: TMap;
  resources: Map<string, ResourceInfo>;
  parameters: Map<string, TMap>;
  /** SAM `Globals.Function`, or the Serverless `provider` block. */
  functionDefaults: TMap | undefined;
  functions: FunctionModel[];
  /** Present for YAML: edits that must keep comments use it. */
  yamlDoc?: Document;
}

/** Where a property's value came from: the function itself or the shared defaults. */
export interface PropValue {
  node: TNode;
  entry: TEntry;
  source: 'function' | 'globals' | 'provider';
}

export type RoleRef =
  | { kind: 'resource'; id: string; node: TNode }
  | { kind: 'arn'; value: string; node: TNode }
  | { kind: 'generated' }
  | { kind: 'unknown'; node?: TNode };

export interface EventSource {
  /** SAM event name, EventSourceMapping id, or `events[i]` for Serverless. */
  id: string;
  /** Normalized type: Api, HttpApi, SQS, SNS, S3, Kinesis, DynamoDB, Schedule, EventBridgeRule, ... */
  type: string;
  node: TNode;
  properties: TMap | undefined;
}

export interface HandlerTarget {
  /** The handler string as written, e.g. `app.lambda_handler`. */
  handler: string;
  /** The function / export name the handler names. */
  symbol: string;
  /** The module part of the handler, e.g. `src/app` or `pkg.mod`. */
  module: string;
  /** The existing file it resolves to, if any. */
  file?: string;
  /** Files tried in order (for LA301's message). */
  candidates: string[];
  language?: CodeLanguage;
  /** The code directory (CodeUri / Code / service dir), absolute. */
  codeDir?: string;
}

export interface FunctionModel {
  /** Logical id (SAM/CFN) or function key (Serverless). */
  id: string;
  template: TemplateDoc;
  /** 'serverless' for a Serverless Framework function. */
  resourceType: 'AWS::Serverless::Function' | 'AWS::Lambda::Function' | 'serverless';
  entry: TEntry;
  /** The function's own property map (Properties, or the function block in serverless.yml). */
  properties: TMap | undefined;
  /** Property lookup with SAM Globals / Serverless provider defaults merged in. */
  prop(name: string): PropValue | undefined;
  runtime?: string;
  handler?: string;
  memorySize?: number;
  timeout?: number;
  packageType: 'Zip' | 'Image';
  role: RoleRef;
  events: EventSource[];
  /** Environment variables, own merged over defaults, by name. */
  environment: Map<string, { entry: TEntry; source: PropValue['source'] }>;
  /** Inline code (`InlineCode`, `Code.ZipFile`). */
  inlineCode?: TNode;
  handlerTarget?: HandlerTarget;
}
