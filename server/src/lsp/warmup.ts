import type { Parser, PartialParse } from '@lezer/common';
import { parser as jsParser } from '@lezer/javascript';
import { parser as pythonParser } from '@lezer/python';
import { Engine } from '../engine/engine';
import { MemoryFileHost } from '../engine/memoryHost';
import type { Rule } from '../engine/rules/api';
import { ALL_RULES } from '../engine/rules/index.generated';
import { OverlayHost } from './overlayHost';

/**
 * A tiny built-in project (nothing from the user's workspace) analysed in the background, so the
 * first documents the user opens and types in do not also pay for running the parsers (Lezer
 * tables, the yaml library) and every rule for the first time: V8 compiles a function on its first
 * call and optimises it only after many, which made the first diagnostics several times slower
 * than later ones.
 *
 * The work comes in slices of a few milliseconds with a turn of the event loop between them, and
 * it only runs while the editor leaves the server alone (`paused`): a document that arrives meanwhile
 * waits for one slice at most, never for the warm-up as a whole. Handler code comes first (parse,
 * then the code rules a few at a time), templates after: which kind the user opens first is not
 * known, and a slice that does not help the first document costs it little.
 */
const ROOT = '/lambda-audit-warmup';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Globals:',
  '  Function:',
  '    Timeout: 30',
  'Resources:',
  '  PyFn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: app.lambda_handler',
  '      Runtime: python3.12',
  '      Role: !GetAtt Role.Arn',
  '      Environment:',
  '        Variables:',
  '          TABLE_NAME: !Ref Table',
  '      Events:',
  '        Queue:',
  '          Type: SQS',
  '          Properties:',
  '            Queue: !GetAtt Queue.Arn',
  '  JsFn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: index.handler',
  '      Runtime: nodejs20.x',
  '      Role: !GetAtt Role.Arn',
  '  TsFn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: main.handler',
  '      Runtime: nodejs20.x',
  '  Role:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument: {}',
  '  Table:',
  '    Type: AWS::DynamoDB::Table',
  '  Queue:',
  '    Type: AWS::SQS::Queue',
  '    Properties:',
  '      VisibilityTimeout: 10',
  '',
].join('\n');

const PYTHON = [
  'import json',
  'import os',
  'import boto3',
  '',
  'TABLE = os.environ["TABLE_NAME"]',
  '',
  '',
  'def lambda_handler(event, context):',
  '    s3 = boto3.client("s3")',
  '    for record in event.get("Records", []):',
  '        try:',
  '            body = json.loads(record["body"])',
  '        except Exception:',
  '            pass',
  '    return {"statusCode": 200, "body": json.dumps({"ok": True})}',
  '',
].join('\n');

const JAVASCRIPT = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  '',
  'export const handler = async (event, context) => {',
  '  const client = new DynamoDBClient({});',
  '  for (const record of event.Records ?? []) {',
  '    try {',
  '      JSON.parse(record.body);',
  '    } catch (e) {}',
  '  }',
  '  return { statusCode: 200, body: JSON.stringify({ table: process.env.TABLE_NAME }) };',
  '};',
  '',
].join('\n');

const TYPESCRIPT = [
  "import { S3Client } from '@aws-sdk/client-s3';",
  '',
  'export async function handler(event: { Records?: Array<{ body: string }> }): Promise<void> {',
  '  const s3 = new S3Client({});',
  '  try {',
  '    await fetch(process.env.URL as string);',
  '  } catch (e: unknown) {',
  '    console.log(e);',
  '  }',
  '}',
  '',
].join('\n');

/**
 * code/: handlers by convention with no template above them (their slices never load YAML);
 * sam/: a template, the handlers it names (cross rules, linked bindings) and a JSON template.
 */
const FILES: Record<string, string> = {
  'code/app.py': PYTHON,
  'code/main.ts': TYPESCRIPT,
  'code/index.mjs': JAVASCRIPT,
  'code/long.py': longPython(12),
  'code/long.ts': longTypeScript(12),
  'sam/template.yaml': TEMPLATE,
  'sam/src/app.py': PYTHON,
  'sam/src/index.mjs': JAVASCRIPT,
  'sam/src/main.ts': TYPESCRIPT,
  'tiny/template.yaml': 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n',
  'sam/settings.json': '{ "Resources": { "X": { "Type": "AWS::SQS::Queue" } } }\n',
};

/**
 * Handler-sized modules (a few hundred lines of ordinary code): the short snippets above leave
 * most of the parsers' and rules' paths cold, so a real handler's first diagnostics still paid
 * for compiling them.
 */
function longPython(n: number): string {
  const out = ['import json', 'import logging', 'import os', '', 'import boto3', '', 'logger = logging.getLogger(__name__)', 'TABLE = os.environ.get("TABLE_NAME", "t")', ''];
  for (let i = 0; i < n; i++)
    out.push(
      '',
      `def transform_${i}(record, options=None):`,
      `    """Normalises one record (variant ${i})."""`,
      '    options = options or {}',
      '    result = {}',
      '    for key, value in record.items():',
      '        if isinstance(value, str):',
      `            result[key.lower()] = value.strip()[: options.get("max_len", ${i + 10})]`,
      '        elif isinstance(value, (int, float)):',
      '            result[key.lower()] = round(value * 0.01, 2)',
      '        else:',
      '            result[key.lower()] = value',
      '    if "id" not in result:',
      `        result["id"] = f"rec-${i}-{len(result)}"`,
      '    logger.debug("transformed %s", result["id"])',
      '    return result',
    );
  out.push('', '', 'def lambda_handler(event, context):', '    items = [transform_0(json.loads(r["body"])) for r in event.get("Records", [])]', '    return {"statusCode": 200, "body": json.dumps(items)}', '');
  return out.join('\n');
}

function longTypeScript(n: number): string {
  const out = ["import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';", '', 'const client = new DynamoDBClient({});', ''];
  for (let i = 0; i < n; i++)
    out.push(
      `export function transform${i}(record: Record<string, unknown>, options: { maxLen?: number } = {}): Record<string, unknown> {`,
      '  const result: Record<string, unknown> = {};',
      '  for (const [key, value] of Object.entries(record)) {',
      `    if (typeof value === 'string') result[key.toLowerCase()] = value.trim().slice(0, options.maxLen ?? ${i + 10});`,
      "    else if (typeof value === 'number') result[key.toLowerCase()] = Math.round(value * 100) / 100;",
      '    else result[key.toLowerCase()] = value;',
      '  }',
      `  if (!('id' in result)) result.id = \`rec-${i}-\${Object.keys(result).length}\`;`,
      '  return result;',
      '}',
      '',
    );
  out.push(
    'export const handler = async (event: { Records?: Array<{ body: string }> }) => {',
    '  for (const r of event.Records ?? []) {',
    '    const item = transform0(JSON.parse(r.body));',
    '    await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { id: { S: String(item.id) } } }));',
    '  }',
    '  return { statusCode: 200 };',
    '};',
    '',
  );
  return out.join('\n');
}

/** Rounds over the project: V8 optimises a function only after it has run a number of times. */
const ROUNDS = 8;

/** Rules per slice: all code rules at once on a cold process took longer than a slice should. */
const CODE_RULES_PER_SLICE = 4;
/** Fewer template rules per slice: some take several milliseconds on their first run. */
const TEMPLATE_RULES_PER_SLICE = 2;

const META_RULES = ALL_RULES.filter((r) => r.kind === 'meta');
/** Each group with the meta rules, which the engine looks up to report parse errors and unused suppressions. */
function ruleGroups(kind: Rule['kind'], size: number): Rule[][] {
  const rules = ALL_RULES.filter((r) => r.kind === kind);
  const out: Rule[][] = [];
  for (let i = 0; i < rules.length; i += size) out.push([...META_RULES, ...rules.slice(i, i + size)]);
  return out;
}

/** A comment appended, as an editor reports a keystroke: exercises the incremental re-parse. */
function appendComment(host: OverlayHost, file: string, comment: string): void {
  const before = host.readFile(file)!;
  const insert = `${comment} edited\n`;
  const at = before.length;
  host.set(file, before);
  host.set(file, before + insert, [[{ fromA: at, toA: at, fromB: at, toB: at + insert.length }]]);
}

/**
 * One step of the warm-up; the name says what failed, should one. A step that returns true is
 * not done: it runs again as the next slice.
 */
interface Slice {
  name: string;
  run: () => boolean | void;
}

/** How long one step of a parse runs (the parser's own steps, a few at a time). */
const PARSE_STEP_MS = 2;

/** Parses `text` in steps of PARSE_STEP_MS: one slice per call, true until the parse is complete. */
function parseInSteps(parser: Parser, text: string): () => boolean {
  let parse: PartialParse | undefined;
  return () => {
    parse ??= parser.startParse(text);
    const until = performance.now() + PARSE_STEP_MS;
    for (;;) {
      for (let i = 0; i < 4; i++) if (parse.advance()) return false;
      if (performance.now() >= until) return true;
    }
  };
}

/** The TypeScript dialect of the JavaScript parser, made on first use. */
let tsParser: Parser | undefined;

/**
 * The slices of one round, against a fresh host (its parse cache would skip the work) that the
 * round's engines share: an engine per rule group, one with every rule for the rest.
 *
 * The first round runs the snippets, handler code first: what a document opened right after
 * start-up needs most is every parser and rule to have run once. The long modules come from the
 * second round on, parsed in steps first (cold, a 200-line module took 20 ms to parse, a slice
 * far longer than the others), and so do edits.
 */
function roundSlices(round: number): Slice[] {
  const host = new OverlayHost(new MemoryFileHost(Object.fromEntries(Object.entries(FILES).map(([p, t]) => [`${ROOT}/${p}`, t]))));
  const at = (f: string) => `${ROOT}/${f}`;
  let full: Engine | undefined;
  const all = () => (full ??= new Engine(host, { roots: [ROOT] }));
  const slices: Slice[] = [];
  const add = (name: string, run: () => boolean | void) => slices.push({ name, run });
  const code = round === 0 ? ['code/app.py', 'code/main.ts', 'code/index.mjs'] : ['code/app.py', 'code/main.ts', 'code/index.mjs', 'code/long.py', 'code/long.ts'];
  for (const f of code) {
    if (round === 1 && f.includes('/long.'))
      add(`parse ${f} in steps`, parseInSteps(f.endsWith('.py') ? pythonParser : (tsParser ??= jsParser.configure({ dialect: 'ts' })), FILES[f]));
    add(`analyse ${f}`, () => void all().codeModule(at(f)));
    for (const [i, rules] of ruleGroups('code', CODE_RULES_PER_SLICE).entries()) add(`code rules ${i} on ${f}`, () => void new Engine(host, { roots: [ROOT], rules }).analyzeFile(at(f)));
    if (round > 0)
      add(`edit ${f}`, () => {
        appendComment(host, at(f), f.endsWith('.py') ? '#' : '//');
        all().invalidate(at(f));
        all().analyzeFile(at(f));
      });
  }
  const template = at('sam/template.yaml');
  // A few lines first: running the yaml library for the first time is most of what a load costs.
  if (round === 0) add('load tiny/template.yaml', () => void all().template(at('tiny/template.yaml')));
  add('load sam/template.yaml', () => void all().template(template));
  for (const [i, rules] of ruleGroups('template', TEMPLATE_RULES_PER_SLICE).entries()) add(`template rules ${i}`, () => void new Engine(host, { roots: [ROOT], rules }).analyzeFile(template));
  add('analyse sam/template.yaml', () => void all().analyzeFile(template));
  for (const f of ['sam/src/app.py', 'sam/src/main.ts', 'sam/src/index.mjs', 'sam/settings.json']) add(`analyse ${f}`, () => void all().analyzeFile(at(f)));
  add('edit sam/template.yaml', () => {
    appendComment(host, template, '#');
    all().invalidate(template);
    all().analyzeFile(template);
  });
  return slices;
}

/** Bytes that arrived during a slice reach their handler first: the JSON-RPC reader takes two turns from reading a message to dispatching it. */
function nextTurns(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(() => setImmediate(resolve))));
}

/** How often a paused warm-up looks whether the editor went quiet. */
const PAUSED_POLL_MS = 100;

export interface WarmUpOptions {
  onError: (e: unknown) => void;
  /** While this says so (documents being linted, the user typing, an audit) no slice runs. */
  paused: () => boolean;
}

/** Runs the warm-up slices; resolves when all ran, one failed or `stop` was called. */
export class WarmUp {
  private stopped = false;
  /** Ends the current pause early (stop). */
  private wake: (() => void) | undefined;

  constructor(private readonly options: WarmUpOptions) {}

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  async run(): Promise<void> {
    for (let round = 0; round < ROUNDS; round++) {
      for (const slice of roundSlices(round)) {
        for (let more = true; more; ) {
          await nextTurns();
          while (!this.stopped && this.options.paused()) await this.pause();
          if (this.stopped) return;
          try {
            more = slice.run() === true;
          } catch (e) {
            this.options.onError(new Error(`${slice.name}: ${(e as Error)?.stack ?? e}`));
            return;
          }
        }
      }
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, PAUSED_POLL_MS);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
