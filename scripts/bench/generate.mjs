// Generates a realistic SAM workspace for the benchmark and the fuzz suite: handler files in
// Python, JavaScript and TypeScript (imports, a handler, helpers, some rule hits) and templates
// (about one per 50 functions), one of them padded with other resources to ~15,000 lines.
// Deterministic: the same arguments always give the same files.
// Usage: node scripts/bench/generate.mjs <dir> <functions> [--big-template-lines N]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Mulberry32: a small seeded PRNG, so every run measures the same workspace. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LANGS = ['python', 'javascript', 'typescript'];
// Handler sizes in lines: most are a few hundred lines, a few are huge (mean ~380).
const SIZES = [50, 60, 80, 100, 120, 150, 200, 250, 300, 300, 400, 500, 800, 2000];
const RUNTIMES = { python: 'python3.12', javascript: 'nodejs20.x', typescript: 'nodejs20.x' };

// ---------- handler code ----------

function pyHelper(i, r) {
  const v = Math.floor(r() * 1000);
  return [
    `def transform_${i}(record, options=None):`,
    `    """Normalises one record (variant ${i})."""`,
    `    options = options or {}`,
    `    result = {}`,
    `    for key, value in record.items():`,
    `        if isinstance(value, str):`,
    `            result[key.lower()] = value.strip()[: options.get("max_len", ${v})]`,
    `        elif isinstance(value, (int, float)):`,
    `            result[key.lower()] = round(value * ${(r() * 3).toFixed(2)}, 2)`,
    `        else:`,
    `            result[key.lower()] = value`,
    `    if "id" not in result:`,
    `        result["id"] = f"rec-${i}-{len(result)}"`,
    `    logger.debug("transformed %s", result["id"])`,
    `    return result`,
    ``,
    ``,
  ];
}

function pyHandler(n, lines, hit) {
  const r = rng(n * 7919 + 1);
  const head = [
    `"""Function ${n}: reads order events and stores them."""`,
    `import json`,
    `import logging`,
    `import os`,
    `from datetime import datetime, timezone`,
    ``,
    `import boto3`,
    `from botocore.exceptions import ClientError`,
    ``,
    `logger = logging.getLogger(__name__)`,
    `logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))`,
    `TABLE_NAME = os.environ.get("TABLE_NAME", "table-${n}")`,
    `table = boto3.resource("dynamodb").Table(TABLE_NAME)`,
    ``,
    ``,
  ];
  const handler = [
    `def lambda_handler(event, context):`,
    `    """Entry point: one batch of records per invocation."""`,
    ...(hit ? [`    s3 = boto3.client("s3")`] : []),
    `    stored = 0`,
    `    for record in event.get("Records", []):`,
    `        body = json.loads(record.get("body", "{}"))`,
    `        item = transform_0(body)`,
    `        item["received_at"] = datetime.now(timezone.utc).isoformat()`,
    `        try:`,
    `            table.put_item(Item=item)`,
    ...(hit ? [`            s3.put_object(Bucket="receipts-${n}", Key=item["id"], Body=json.dumps(item))`] : []),
    `            stored += 1`,
    `        except ClientError as err:`,
    `            logger.error("could not store %s: %s", item.get("id"), err)`,
    `    return {"statusCode": 200, "body": json.dumps({"stored": stored})}`,
    ``,
  ];
  const body = [];
  let i = 0;
  while (head.length + body.length + handler.length < lines) body.push(...pyHelper(i++, r));
  if (i === 0) body.push(...pyHelper(0, r));
  return [...head, ...body, ...handler].join('\n');
}

function jsHelper(i, r, ts) {
  const v = Math.floor(r() * 1000);
  const sig = ts ? `(record: Record<string, unknown>, limit: number = ${v}): Record<string, unknown>` : `(record, limit = ${v})`;
  return [
    `function transform${i}${sig} {`,
    `  // Normalises one record (variant ${i}).`,
    `  const result${ts ? ': Record<string, unknown>' : ''} = {};`,
    `  for (const [key, value] of Object.entries(record)) {`,
    `    if (typeof value === 'string') {`,
    `      result[key.toLowerCase()] = value.trim().slice(0, limit);`,
    `    } else if (typeof value === 'number') {`,
    `      result[key.toLowerCase()] = Math.round(value * ${(r() * 3).toFixed(2)} * 100) / 100;`,
    `    } else {`,
    `      result[key.toLowerCase()] = value;`,
    `    }`,
    `  }`,
    `  if (!('id' in result)) result.id = \`rec-${i}-\${Object.keys(result).length}\`;`,
    `  return result;`,
    `}`,
    ``,
  ];
}

function jsHandler(n, lines, hit, ts) {
  const r = rng(n * 7919 + 2);
  const head = [
    `// Function ${n}: reads order events and stores them.`,
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';`,
    `import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';`,
    `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';`,
    ...(ts ? [`import type { SQSEvent, Context } from 'aws-lambda';`] : []),
    ``,
    `const TABLE_NAME = process.env.TABLE_NAME ?? 'table-${n}';`,
    `const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
    ``,
  ];
  const handler = [
    ts
      ? `export const handler = async (event: SQSEvent, context: Context): Promise<{ statusCode: number; body: string }> => {`
      : `export const handler = async (event, context) => {`,
    ...(hit ? [`  const s3 = new S3Client({});`] : []),
    `  let stored = 0;`,
    `  for (const record of event.Records ?? []) {`,
    `    const item = transform0(JSON.parse(record.body ?? '{}'));`,
    `    item.receivedAt = new Date().toISOString();`,
    `    try {`,
    `      await ddb.send(new PutCommand({ TableName: TABLE_NAME, Item: item }));`,
    ...(hit ? [`      await s3.send(new PutObjectCommand({ Bucket: 'receipts-${n}', Key: String(item.id), Body: JSON.stringify(item) }));`] : []),
    `      stored += 1;`,
    `    } catch (err) {`,
    `      console.error('could not store', item.id, err);`,
    `    }`,
    `  }`,
    `  return { statusCode: 200, body: JSON.stringify({ stored, requestId: context.awsRequestId }) };`,
    `};`,
    ``,
  ];
  const body = [];
  let i = 0;
  while (head.length + body.length + handler.length < lines) body.push(...jsHelper(i++, r, ts));
  if (i === 0) body.push(...jsHelper(0, r, ts));
  return [...head, ...body, ...handler].join('\n');
}

export function handlerSource(language, n, lines, hit) {
  return language === 'python' ? pyHandler(n, lines, hit) : jsHandler(n, lines, hit, language === 'typescript');
}

// ---------- templates ----------

function functionResource(fn) {
  return [
    `  ${fn.id}:`,
    `    Type: AWS::Serverless::Function`,
    `    Properties:`,
    `      CodeUri: ${fn.codeUri}`,
    `      Handler: ${fn.handler}`,
    `      Runtime: ${fn.runtime}`,
    ...(fn.n % 4 === 0 ? [] : [`      MemorySize: ${[256, 512, 1024][fn.n % 3]}`]),
    ...(fn.n % 5 === 0 ? [`      Timeout: 900`] : []),
    ...(fn.n % 3 === 0 ? [`      Role: !GetAtt SharedRole.Arn`] : []),
    `      Environment:`,
    `        Variables:`,
    `          TABLE_NAME: !Ref Table${fn.n}`,
    `      Events:`,
    `        Queue:`,
    `          Type: SQS`,
    `          Properties:`,
    `            Queue: !GetAtt Queue${fn.n}.Arn`,
    `            BatchSize: 10`,
    `  Table${fn.n}:`,
    `    Type: AWS::DynamoDB::Table`,
    `    Properties:`,
    `      BillingMode: PAY_PER_REQUEST`,
    `      AttributeDefinitions:`,
    `        - AttributeName: id`,
    `          AttributeType: S`,
    `      KeySchema:`,
    `        - AttributeName: id`,
    `          KeyType: HASH`,
    `  Queue${fn.n}:`,
    `    Type: AWS::SQS::Queue`,
    `    Properties:`,
    `      VisibilityTimeout: 180`,
    ``,
  ];
}

/** Other resources that big real templates carry: alarms, topics, roles with inline policies. */
function paddingResource(k) {
  return [
    `  Alarm${k}:`,
    `    Type: AWS::CloudWatch::Alarm`,
    `    Properties:`,
    `      AlarmName: !Sub '\${AWS::StackName}-alarm-${k}'`,
    `      MetricName: Errors`,
    `      Namespace: AWS/Lambda`,
    `      Statistic: Sum`,
    `      Period: 60`,
    `      EvaluationPeriods: 1`,
    `      Threshold: ${1 + (k % 7)}`,
    `      ComparisonOperator: GreaterThanOrEqualToThreshold`,
    `      AlarmActions:`,
    `        - !Ref Topic${k}`,
    `  Topic${k}:`,
    `    Type: AWS::SNS::Topic`,
    `  Policy${k}:`,
    `    Type: AWS::IAM::ManagedPolicy`,
    `    Properties:`,
    `      PolicyDocument:`,
    `        Version: '2012-10-17'`,
    `        Statement:`,
    `          - Effect: Allow`,
    `            Action:`,
    `              - sns:Publish`,
    `            Resource: !Ref Topic${k}`,
    ``,
  ];
}

function template(fns, padToLines) {
  const lines = [
    `AWSTemplateFormatVersion: '2010-09-09'`,
    `Transform: AWS::Serverless-2016-10-31`,
    `Description: Generated benchmark service with ${fns.length} functions.`,
    ``,
    `Globals:`,
    `  Function:`,
    `    Tracing: Active`,
    `    Timeout: 30`,
    ``,
    `Resources:`,
    `  SharedRole:`,
    `    Type: AWS::IAM::Role`,
    `    Properties:`,
    `      AssumeRolePolicyDocument:`,
    `        Version: '2012-10-17'`,
    `        Statement:`,
    `          - Effect: Allow`,
    `            Principal:`,
    `              Service: lambda.amazonaws.com`,
    `            Action: sts:AssumeRole`,
    ``,
  ];
  for (const fn of fns) lines.push(...functionResource(fn));
  let k = 0;
  while (padToLines && lines.length < padToLines) lines.push(...paddingResource(k++));
  return lines.join('\n') + '\n';
}

// ---------- workspace ----------

/**
 * Writes the workspace into `dir` and returns a manifest: the files, the templates and
 * the two files the latency measurements edit (a 300-line handler and the largest template).
 */
export function generateWorkspace(dir, functions, opts = {}) {
  const bigTemplateLines = opts.bigTemplateLines ?? (functions >= 1000 ? 15000 : 0);
  const perTemplate = 50;
  const nTemplates = Math.max(1, Math.ceil(functions / perTemplate));
  const r = rng(functions);
  const manifest = { dir, functions, templates: [], handlers: [], lines: 0, handler300: undefined, bigTemplate: undefined, bigTemplateLines: 0 };
  fs.mkdirSync(dir, { recursive: true });
  for (let t = 0; t < nTemplates; t++) {
    const svc = path.join(dir, 'services', `svc-${String(t).padStart(2, '0')}`);
    const fns = [];
    for (let j = t * perTemplate; j < Math.min(functions, (t + 1) * perTemplate); j++) {
      const language = LANGS[j % 3];
      // Function 0..2 are exactly 300 lines (the latency measurements edit one of them).
      const lines = j < 3 ? 300 : SIZES[Math.floor(r() * SIZES.length)];
      const hit = j % 4 === 1 || j < 3;
      const base = language === 'python' ? 'app' : language === 'javascript' ? 'index' : 'app';
      const ext = language === 'python' ? '.py' : language === 'javascript' ? '.mjs' : '.ts';
      const rel = path.join('src', `fn-${j}`, base + ext);
      const text = handlerSource(language, j, lines, hit);
      fs.mkdirSync(path.join(svc, 'src', `fn-${j}`), { recursive: true });
      fs.writeFileSync(path.join(svc, rel), text);
      manifest.handlers.push(path.join(svc, rel));
      manifest.lines += text.split('\n').length;
      if (j === 0) manifest.handler300 = path.join(svc, rel);
      fns.push({
        n: j,
        id: `Fn${j}`,
        codeUri: `src/fn-${j}/`,
        handler: language === 'python' ? `${base}.lambda_handler` : `${base}.handler`,
        runtime: RUNTIMES[language],
      });
    }
    const text = template(fns, t === 0 ? bigTemplateLines : 0);
    const file = path.join(svc, 'template.yaml');
    fs.writeFileSync(file, text);
    manifest.templates.push(file);
    const n = text.split('\n').length;
    manifest.lines += n;
    if (n > manifest.bigTemplateLines) {
      manifest.bigTemplate = file;
      manifest.bigTemplateLines = n;
    }
  }
  fs.writeFileSync(path.join(dir, 'README.md'), `Generated by scripts/bench/generate.mjs: ${functions} functions.\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node scripts/bench/generate.mjs <dir> <functions> [--big-template-lines N]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--big-template-lines');
  const m = generateWorkspace(path.resolve(dir), Number(n), i > 0 ? { bigTemplateLines: Number(process.argv[i + 1]) } : {});
  process.stdout.write(JSON.stringify({ ...m, handlers: m.handlers.length }) + '\n');
}
