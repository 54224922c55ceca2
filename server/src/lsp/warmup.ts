import { Engine } from '../engine/engine';
import { MemoryFileHost } from '../engine/memoryHost';

/**
 * A tiny built-in project (nothing from the user's workspace) analysed once after `initialized`,
 * so the first document the user opens does not also pay for compiling the parsers (Lezer tables,
 * the yaml library) and every rule: V8 compiles functions on their first call, which made the
 * first diagnostics several times slower than the next ones.
 */
const ROOT = '/lambda-audit-warmup';
const FILES: Record<string, string> = {
  'template.yaml': [
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
  ].join('\n'),
  'src/app.py': [
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
  ].join('\n'),
  'src/index.mjs': [
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
  ].join('\n'),
  'src/main.ts': [
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
  ].join('\n'),
  'settings.json': '{ "Resources": { "X": { "Type": "AWS::SQS::Queue" } } }\n',
  'src/long.py': longPython(12),
  'src/long.ts': longTypeScript(12),
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

/** Rounds over the snippet: V8 optimises a function only after it has run a number of times. */
const ROUNDS = 8;

/**
 * One file per step, a macrotask apart, each round with a fresh engine (caches would skip
 * the work). `busy`: while it says so (a document is waiting to be linted) the warm-up steps aside.
 */
export function warmUp(onError: (e: unknown) => void, busy: () => boolean = () => false): Promise<void> {
  const files = Object.fromEntries(Object.entries(FILES).map(([p, t]) => [`${ROOT}/${p}`, t]));
  const steps: Array<() => void> = [];
  const order = ['template.yaml', 'src/app.py', 'src/index.mjs', 'src/main.ts', 'settings.json'];
  for (let round = 0; round < ROUNDS; round++) {
    let engine: Engine | undefined;
    // The long modules only once the short ones compiled the basics: cold, each was one long step
    // that a document opened right after start-up had to wait for.
    for (const f of round < 2 ? order : [...order, 'src/long.py', 'src/long.ts'])
      steps.push(() => {
        engine ??= new Engine(new MemoryFileHost(files), { roots: [ROOT] });
        engine.analyzeFile(`${ROOT}/${f}`);
      });
  }
  return new Promise((resolve) => {
    const next = (i: number) => {
      if (i >= steps.length) return resolve();
      if (busy()) return void setTimeout(() => next(i), 20);
      try {
        steps[i]();
      } catch (e) {
        onError(e);
        return resolve();
      }
      setImmediate(() => next(i + 1));
    };
    setImmediate(() => next(0));
  });
}
