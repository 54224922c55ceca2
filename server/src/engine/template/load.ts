import * as path from 'node:path';
import { parseJsonTree } from '../parse/json';
import { entry, get, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, num, str } from '../parse/tree';
import type { TEntry, TMap, TNode } from '../parse/tree';
import { parseYamlTree, reparseYamlTree } from '../parse/yaml';
import type { ParsedTemplateTree } from '../parse/yaml';
import { SourceText } from '../text';
import type { TemplateFormat } from '../types';
import { resolveHandler } from './handler';
import type { FileHost } from '../host';
import type { FunctionModel, PropValue, RoleRef, TemplateDoc, TemplateKind } from './model';
import { resolveScalar } from './values';

export type TemplateLoadResult =
  | { status: 'template'; doc: TemplateDoc }
  | { status: 'not-a-template' }
  | { status: 'error'; source: SourceText; format: TemplateFormat; from: number; to: number; message: string };

export function templateFormatOfPath(p: string): TemplateFormat | undefined {
  const l = p.toLowerCase();
  if (l.endsWith('.yaml') || l.endsWith('.yml')) return 'yaml';
  if (l.endsWith('.json') || l.endsWith('.template')) return 'json';
  return undefined;
}

/**
 * A cheap look at the text before parsing: does it mention what every template has?
 * Keeps package.json, tsconfig.json, CI workflows etc. from being parsed at all.
 */
export function mayBeTemplate(text: string): boolean {
  return (
    text.includes('Resources') ||
    text.includes('AWSTemplateFormatVersion') ||
    text.includes('AWS::Serverless') ||
    (text.includes('service') && text.includes('provider'))
  );
}

/** Whether a parsed root is a CloudFormation/SAM or Serverless template, and which. */
export function detectKind(root: TNode | undefined): TemplateKind | undefined {
  if (!isMap(root)) return undefined;
  const resources = get(root, 'Resources');
  const transform = get(root, 'Transform');
  const transforms = isSeq(transform) ? transform.items.map(str) : [str(transform)];
  const isSam = transforms.some((t) => t?.startsWith('AWS::Serverless'));
  if (isMap(resources)) {
    const hasAwsType = resources.entries.some((e) => (str(get(e.value, 'Type')) ?? '').startsWith('AWS::'));
    if (isSam || resources.entries.some((e) => (str(get(e.value, 'Type')) ?? '').startsWith('AWS::Serverless::')))
      return 'sam';
    if (hasAwsType || entry(root, 'AWSTemplateFormatVersion')) return 'cloudformation';
  }
  if (entry(root, 'AWSTemplateFormatVersion') && !resources) return 'cloudformation';
  if (entry(root, 'service') && isMap(get(root, 'provider'))) return 'serverless';
  return undefined;
}

/** The parse behind each YAML TemplateDoc, for an incremental re-parse of its next text. */
const parses = new WeakMap<TemplateDoc, ParsedTemplateTree>();

/**
 * `previous`: the same file's last load, which the caller no longer uses. An edit inside one block
 * of a YAML template then re-parses only that block (parse/yaml.ts reparseYamlTree), taking over
 * the old tree: the previous TemplateDoc must not be read again.
 */
export function loadTemplate(
  filePath: string,
  text: string,
  host: FileHost,
  format?: TemplateFormat,
  previous?: { text: string; result: TemplateLoadResult },
  /** The tree of `text`, already parsed (Engine.adoptParsedTemplate). */
  parsedAlready?: ParsedTemplateTree,
): TemplateLoadResult {
  const fmt = format ?? templateFormatOfPath(filePath);
  if (!fmt) return { status: 'not-a-template' };
  const source = new SourceText(filePath, text);
  if (!mayBeTemplate(text)) return { status: 'not-a-template' };
  const before = previous?.result.status === 'template' && fmt === 'yaml' ? previous.result.doc : undefined;
  const prevParse = before && parses.get(before);
  if (before) parses.delete(before);
  const parsed = parsedAlready ?? ((prevParse && reparseYamlTree(previous!.text, prevParse, text)) || (fmt === 'yaml' ? parseYamlTree(text) : parseJsonTree(text)));
  if (parsed.error) {
    // Only report a parse error for files that look like templates by name or content.
    if (!looksLikeTemplateByName(filePath) && !/AWSTemplateFormatVersion|AWS::Serverless|AWS::Lambda/.test(text))
      return { status: 'not-a-template' };
    return { status: 'error', source, format: fmt, ...parsed.error };
  }
  const kind = detectKind(parsed.root);
  if (!kind) return { status: 'not-a-template' };
  const root = parsed.root as TMap;
  const doc: TemplateDoc = {
    path: filePath,
    dir: path.dirname(filePath),
    format: fmt,
    kind,
    source,
    root,
    resources: new Map(),
    parameters: new Map(),
    functionDefaults: undefined,
    functions: [],
    yamlDoc: parsed.yamlDoc,
  };
  if (fmt === 'yaml' && parsed.local) parses.set(doc, { root: parsed.root, local: true });
  if (kind === 'serverless') buildServerless(doc, host);
  else buildCloudFormation(doc, host);
  return { status: 'template', doc };
}

export function looksLikeTemplateByName(p: string): boolean {
  const base = path.basename(p).toLowerCase();
  return /^(template|serverless|sam|cfn|cloudformation|stack)[\w.-]*\.(ya?ml|json|template)$/.test(base) || base.endsWith('.template');
}

function readResources(doc: TemplateDoc, resources: TNode | undefined): void {
  if (!isMap(resources)) return;
  for (const e of resources.entries) {
    if (!isMap(e.value)) continue;
    const type = str(get(e.value, 'Type'));
    if (!type) continue;
    const props = get(e.value, 'Properties');
    doc.resources.set(String(e.key.value), {
      id: String(e.key.value),
      type,
      entry: e,
      node: e.value,
      properties: isMap(props) ? props : undefined,
    });
  }
}

function buildCloudFormation(doc: TemplateDoc, host: FileHost): void {
  const params = get(doc.root, 'Parameters');
  if (isMap(params)) for (const e of params.entries) if (isMap(e.value)) doc.parameters.set(String(e.key.value), e.value);
  readResources(doc, get(doc.root, 'Resources'));
  const globals = get(doc.root, 'Globals', 'Function');
  doc.functionDefaults = isMap(globals) ? globals : undefined;

  for (const res of doc.resources.values()) {
    if (res.type !== 'AWS::Serverless::Function' && res.type !== 'AWS::Lambda::Function') continue;
    const sam = res.type === 'AWS::Serverless::Function';
    const props = res.properties;
    const prop = (name: string): PropValue | undefined => {
      const own = entry(props, name);
      if (own) return { node: own.value, entry: own, source: 'function' };
      if (sam) {
        const g = entry(doc.functionDefaults, name);
        if (g) return { node: g.value, entry: g, source: 'globals' };
      }
      return undefined;
    };
    const fn: FunctionModel = {
      id: res.id,
      template: doc,
      resourceType: res.type,
      entry: res.entry,
      properties: props,
      prop,
      packageType: str(resolveScalar(doc, prop('PackageType')?.node)) === 'Image' ? 'Image' : 'Zip',
      role: { kind: 'unknown' },
      events: [],
      environment: new Map(),
    };
    readScalarSettings(doc, fn);
    fn.role = roleOf(doc, prop('Role')?.node, sam);
    for (const source of ['globals', 'function'] as const) {
      const vars = get(source === 'globals' ? (sam ? doc.functionDefaults : undefined) : props, 'Environment', 'Variables');
      if (isMap(vars)) for (const v of vars.entries) fn.environment.set(String(v.key.value), { entry: v, source });
    }
    if (sam) {
      const events = get(props, 'Events');
      if (isMap(events))
        for (const e of events.entries) {
          const p = get(e.value, 'Properties');
          fn.events.push({ id: String(e.key.value), type: str(get(e.value, 'Type')) ?? 'Unknown', node: e.value, properties: isMap(p) ? p : undefined });
        }
      const inline = prop('InlineCode');
      if (inline) fn.inlineCode = inline.node;
    } else {
      const zip = get(props, 'Code', 'ZipFile');
      if (zip) fn.inlineCode = zip;
    }
    doc.functions.push(fn);
  }

  // Plain CloudFormation event sources: EventSourceMappings that name a function.
  for (const res of doc.resources.values()) {
    if (res.type !== 'AWS::Lambda::EventSourceMapping') continue;
    const target = refTarget(get(res.properties, 'FunctionName'));
    const fn = doc.functions.find((f) => f.id === target);
    if (!fn) continue;
    const arn = get(res.properties, 'EventSourceArn');
    fn.events.push({ id: res.id, type: eventTypeFromArn(doc, arn), node: res.node, properties: res.properties });
  }

  for (const fn of doc.functions) {
    if (fn.packageType === 'Image' || fn.inlineCode) continue;
    fn.handlerTarget = resolveHandler(fn, host);
  }
}

/** Runtime, Handler, MemorySize and Timeout as literals (through Globals / provider and parameter defaults). */
function readScalarSettings(doc: TemplateDoc, fn: FunctionModel): void {
  fn.runtime = str(resolveScalar(doc, fn.prop('Runtime')?.node));
  fn.handler = str(resolveScalar(doc, fn.prop('Handler')?.node));
  fn.memorySize = num(resolveScalar(doc, fn.prop('MemorySize')?.node));
  fn.timeout = num(resolveScalar(doc, fn.prop('Timeout')?.node));
}

/** The logical id an intrinsic points at: `!Ref X`, `!GetAtt X.Arn`, `Fn::GetAtt: [X, Arn]`. */
export function refTarget(n: TNode | undefined): string | undefined {
  const name = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (name === 'Ref') return str(arg);
  if (name === 'Fn::GetAtt') {
    if (isSeq(arg)) return str(arg.items[0]);
    const s = str(arg);
    return s?.split('.')[0];
  }
  if (name === 'Fn::Sub') {
    const s = isSeq(arg) ? str(arg.items[0]) : str(arg);
    const m = s && /^\$\{([A-Za-z0-9]+)(?:\.Arn)?\}$/.exec(s);
    return m ? m[1] : undefined;
  }
  return undefined;
}

function roleOf(doc: TemplateDoc, node: TNode | undefined, sam: boolean): RoleRef {
  if (!node) return sam ? { kind: 'generated' } : { kind: 'unknown' };
  const target = refTarget(node);
  if (target) {
    if (doc.resources.has(target)) return { kind: 'resource', id: target, node };
    const p = doc.parameters.get(target);
    const def = str(get(p, 'Default'));
    if (def) return { kind: 'arn', value: def, node };
    return { kind: 'unknown', node };
  }
  const s = str(node);
  if (s) return { kind: 'arn', value: s, node };
  return { kind: 'unknown', node };
}

function eventTypeFromArn(doc: TemplateDoc, arn: TNode | undefined): string {
  const target = refTarget(arn);
  const res = target ? doc.resources.get(target) : undefined;
  if (res) {
    if (res.type === 'AWS::SQS::Queue') return 'SQS';
    if (res.type === 'AWS::Kinesis::Stream') return 'Kinesis';
    if (res.type === 'AWS::DynamoDB::Table') return 'DynamoDB';
    if (res.type === 'AWS::MSK::Cluster') return 'MSK';
  }
  const s = str(arn) ?? '';
  if (s.includes(':sqs:')) return 'SQS';
  if (s.includes(':kinesis:')) return 'Kinesis';
  if (s.includes(':dynamodb:')) return 'DynamoDB';
  return 'EventSourceMapping';
}

// ---------------- Serverless Framework ----------------

const SLS_EVENT_TYPES: Record<string, string> = {
  http: 'Api',
  httpApi: 'HttpApi',
  sqs: 'SQS',
  sns: 'SNS',
  s3: 'S3',
  stream: 'Stream',
  kinesis: 'Kinesis',
  schedule: 'Schedule',
  eventBridge: 'EventBridgeRule',
  cloudwatchEvent: 'CloudWatchEvent',
  cloudwatchLog: 'CloudWatchLogs',
  websocket: 'WebSocket',
  alb: 'ALB',
  iot: 'IoT',
  cognitoUserPool: 'Cognito',
  alexaSkill: 'AlexaSkill',
  msk: 'MSK',
  activemq: 'MQ',
  rabbitmq: 'MQ',
  kafka: 'Kafka',
};

const SLS_PROPS: Record<string, string> = {
  Runtime: 'runtime',
  Handler: 'handler',
  MemorySize: 'memorySize',
  Timeout: 'timeout',
  Role: 'role',
  Environment: 'environment',
  Tracing: 'tracing',
  VpcConfig: 'vpc',
  ReservedConcurrentExecutions: 'reservedConcurrency',
  Layers: 'layers',
  Architectures: 'architecture',
};

function buildServerless(doc: TemplateDoc, host: FileHost): void {
  const provider = get(doc.root, 'provider');
  doc.functionDefaults = isMap(provider) ? provider : undefined;
  readResources(doc, get(doc.root, 'resources', 'Resources'));
  const functions = get(doc.root, 'functions');
  if (!isMap(functions)) return;
  for (const e of functions.entries) {
    if (!isMap(e.value)) continue;
    const props = e.value;
    const prop = (name: string): PropValue | undefined => {
      const key = SLS_PROPS[name] ?? name;
      const own = entry(props, key);
      if (own) return { node: own.value, entry: own, source: 'function' };
      const p = entry(doc.functionDefaults, key);
      if (p && key !== 'handler') return { node: p.value, entry: p, source: 'provider' };
      return undefined;
    };
    const fn: FunctionModel = {
      id: String(e.key.value),
      template: doc,
      resourceType: 'serverless',
      entry: e,
      properties: props,
      prop,
      packageType: entry(props, 'image') ? 'Image' : 'Zip',
      role: { kind: 'unknown' },
      events: [],
      environment: new Map(),
    };
    readScalarSettings(doc, fn);
    const role = prop('Role');
    if (role) {
      const target = refTarget(role.node) ?? str(role.node);
      fn.role =
        target && doc.resources.has(target)
          ? { kind: 'resource', id: target, node: role.node }
          : str(role.node)?.startsWith('arn:')
            ? { kind: 'arn', value: str(role.node)!, node: role.node }
            : { kind: 'unknown', node: role.node };
    } else {
      // The framework creates one IAM role and shares it across every function of the service.
      fn.role = { kind: 'resource', id: 'IamRoleLambdaExecution', node: e.key };
    }
    for (const source of ['provider', 'function'] as const) {
      const vars = get(source === 'provider' ? doc.functionDefaults : props, 'environment');
      if (isMap(vars)) for (const v of vars.entries) fn.environment.set(String(v.key.value), { entry: v, source });
    }
    const events = get(props, 'events');
    if (isSeq(events))
      events.items.forEach((ev, i) => {
        if (isMap(ev) && ev.entries.length) {
          const k = String(ev.entries[0].key.value);
          const v = ev.entries[0].value;
          fn.events.push({ id: `events[${i}]`, type: slsEventType(k, v), node: ev, properties: isMap(v) ? v : undefined });
        } else if (isScalar(ev)) fn.events.push({ id: `events[${i}]`, type: SLS_EVENT_TYPES[String(ev.value)] ?? String(ev.value), node: ev, properties: undefined });
      });
    if (fn.packageType === 'Zip') fn.handlerTarget = resolveHandler(fn, host);
    doc.functions.push(fn);
  }
}

function slsEventType(key: string, value: TNode): string {
  if (key === 'stream') {
    const arn = str(value) ?? str(get(value, 'arn')) ?? '';
    const type = str(get(value, 'type'));
    if (type === 'dynamodb' || arn.includes(':dynamodb:')) return 'DynamoDB';
    if (type === 'kinesis' || arn.includes(':kinesis:')) return 'Kinesis';
    return 'Stream';
  }
  return SLS_EVENT_TYPES[key] ?? key;
}

export type { TEntry };
