// Builders for the small SAM / CloudFormation / Serverless templates of the rule tests.
// They return plain template text with the usual boilerplate (Transform, Type, Handler, Runtime, provider ...),
// so a test spells out only what makes its case fire or stay quiet; rules read the text, ranges are computed on it.

/** Lines of YAML: a string as it is, or `key: value` lines at `indent` spaces. */
export type Lines = string | Record<string, string>;

/** A `key: value` line at `indent` spaces; nothing for a value left out (undefined or null). */
function field(indent: number, key: string, value: string | null | undefined): string {
  return value === undefined || value === null ? '' : `${' '.repeat(indent)}${key}: ${value}\n`;
}

function lines(value: Lines | undefined, indent: number): string {
  if (value === undefined || typeof value === 'string') return value ?? '';
  return Object.entries(value)
    .map(([k, v]) => field(indent, k, v))
    .join('');
}

const VERSION = "AWSTemplateFormatVersion: '2010-09-09'\n";

/** `value`, or `fallback` when not given; null stays null (the line is left out). */
const orDefault = (value: string | null | undefined, fallback: string): string | null => (value === undefined ? fallback : value);

export interface SamTemplateOptions {
  /** Starts with `AWSTemplateFormatVersion: '2010-09-09'`. */
  version?: boolean;
  /** Sections before Resources (Parameters, Conditions, a hand-written Globals), as written. */
  before?: string;
  /** Lines of Globals.Function (at 4 spaces). */
  globals?: Lines;
}

/** A SAM template: the Transform line, then `before`, Globals.Function, and the resources (YAML at 2 spaces). */
export function samTemplate(resources: string, o: SamTemplateOptions = {}): string {
  const globals = o.globals === undefined ? '' : `Globals:\n  Function:\n${lines(o.globals, 4)}`;
  return `${o.version ? VERSION : ''}Transform: AWS::Serverless-2016-10-31\n${o.before ?? ''}${globals}Resources:\n${resources}`;
}

/** What samFn and cfnFn share. */
interface FunctionLines {
  /** Handler; default app.handler (SAM), index.handler (CloudFormation). */
  handler?: string;
  /** Runtime; default python3.13 (SAM), nodejs22.x (CloudFormation); null leaves it out. */
  runtime?: string | null;
  /** Any other property lines (at 6 spaces), after the named ones. */
  props?: string;
}

export interface SamFunction extends FunctionLines {
  /** CodeUri, written before Handler when given. */
  codeUri?: string;
  /** `Policies: <name>` for a string, a list of `- <item>` for an array; after Runtime. */
  policies?: string | string[];
  /** Environment.Variables: lines at 10 spaces, or name → value. */
  environment?: Lines;
  /** The lines under Events: (at 8 spaces), e.g. made with samEvent. */
  events?: string;
}

/** One AWS::Serverless::Function resource named `id`. Properties in this order: CodeUri, Handler, Runtime, Policies, props, Environment, Events. */
export function samFn(id: string, fn: SamFunction = {}): string {
  const policies = Array.isArray(fn.policies) ? `      Policies:\n${fn.policies.map((p) => `        - ${p}\n`).join('')}` : field(6, 'Policies', fn.policies);
  return (
    `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n` +
    field(6, 'CodeUri', fn.codeUri) +
    field(6, 'Handler', fn.handler ?? 'app.handler') +
    field(6, 'Runtime', orDefault(fn.runtime, 'python3.13')) +
    policies +
    (fn.props ?? '') +
    (fn.environment === undefined ? '' : `      Environment:\n        Variables:\n${lines(fn.environment, 10)}`) +
    (fn.events === undefined ? '' : `      Events:\n${fn.events}`)
  );
}

/**
 * One SAM event (at 8 spaces): `name`, its Type, and Properties, written inline after `Properties: `
 * for a string (`'{ Path: /, Method: get }'`) or one key a line for a map.
 */
export function samEvent(name: string, type: string, properties?: Lines): string {
  const head = `        ${name}:\n          Type: ${type}\n`;
  if (properties === undefined) return head;
  if (typeof properties === 'string') return `${head}          Properties: ${properties}\n`;
  return `${head}          Properties:\n${lines(properties, 12)}`;
}

/** The REST API event most tests use: `Get`, an Api on GET /. */
export const API_GET = samEvent('Get', 'Api', '{ Path: /, Method: get }');

/** Any resource named `id` of `type`, with Properties lines (at 6 spaces) or name → value when given. */
export function resource(id: string, type: string, properties?: Lines): string {
  return `  ${id}:\n    Type: ${type}\n${properties === undefined ? '' : `    Properties:\n${lines(properties, 6)}`}`;
}

/** A plain CloudFormation template, optionally with AWSTemplateFormatVersion and sections before Resources. */
export function cfnTemplate(resources: string, o: { version?: boolean; before?: string } = {}): string {
  return `${o.version ? VERSION : ''}${o.before ?? ''}Resources:\n${resources}`;
}

export interface CfnFunction extends FunctionLines {
  /** Inline code: `Code:` with `ZipFile: <zipFile>`, last. */
  zipFile?: string;
}

/** One AWS::Lambda::Function resource named `id`: Handler, Runtime, props, then Code.ZipFile. */
export function cfnFn(id: string, fn: CfnFunction = {}): string {
  return (
    `  ${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n` +
    field(6, 'Handler', fn.handler ?? 'index.handler') +
    field(6, 'Runtime', orDefault(fn.runtime, 'nodejs22.x')) +
    (fn.props ?? '') +
    (fn.zipFile === undefined ? '' : `      Code:\n        ZipFile: ${fn.zipFile}\n`)
  );
}

export interface JsonLayout {
  /**
   * How many levels are written one key a line; deeper values go on one line. Level 1 is the keys of the
   * template, 2 the resources, 3 their Type and Properties, 4 (the default) each property.
   */
  depth?: number;
  /** Spaces a level. Default 2. */
  indent?: number;
}

/**
 * JSON in the hand-written layout of the template tests: objects one key a line down to `depth`,
 * deeper values on one line as `{ "k": v, "k2": v }` and `["a", "b"]`; a final newline.
 */
export function jsonText(value: unknown, layout: JsonLayout = {}): string {
  const depth = layout.depth ?? 4;
  const indent = layout.indent ?? 2;
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const inline = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
    if (isMap(v)) {
      const entries = Object.entries(v);
      return entries.length ? `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }` : '{}';
    }
    return JSON.stringify(v);
  };
  const block = (v: unknown, level: number): string => {
    if (level >= depth || !isMap(v) || Object.keys(v).length === 0) return inline(v);
    const pad = ' '.repeat(indent * (level + 1));
    const body = Object.entries(v).map(([k, x]) => `${pad}${JSON.stringify(k)}: ${block(x, level + 1)}`);
    return `{\n${body.join(',\n')}\n${' '.repeat(indent * level)}}`;
  };
  return block(value, 0) + '\n';
}

/** A SAM template in JSON (see jsonText for the layout). */
export function samJson(resources: Record<string, unknown>, layout?: JsonLayout): string {
  return jsonText({ Transform: 'AWS::Serverless-2016-10-31', Resources: resources }, layout);
}

/** A CloudFormation template in JSON, optionally with AWSTemplateFormatVersion (see jsonText for the layout). */
export function cfnJson(resources: Record<string, unknown>, o: JsonLayout & { version?: boolean } = {}): string {
  const { version, ...layout } = o;
  return jsonText(version ? { AWSTemplateFormatVersion: '2010-09-09', Resources: resources } : { Resources: resources }, layout);
}

export interface ServerlessOptions {
  /** Default s. */
  service?: string;
  /** provider.runtime; default nodejs22.x, null leaves it out. */
  runtime?: string | null;
  /** More provider lines (at 2 spaces), after runtime. */
  provider?: string;
  /** Sections after functions (resources, plugins, custom), as written. */
  after?: string;
}

/** A serverless.yml: service, provider (name aws, runtime), then the functions (made with slsFn) and `after`. */
export function serverless(functions: string, o: ServerlessOptions = {}): string {
  return (
    `service: ${o.service ?? 's'}\nprovider:\n  name: aws\n` +
    field(2, 'runtime', orDefault(o.runtime, 'nodejs22.x')) +
    (o.provider ?? '') +
    `functions:\n${functions}${o.after ?? ''}`
  );
}

/** One function of a serverless.yml: its name, handler, and more lines of it (at 4 spaces). */
export function slsFn(name: string, handler: string, more = ''): string {
  return `  ${name}:\n    handler: ${handler}\n${more}`;
}
