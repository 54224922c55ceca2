// The project model beyond SAM YAML: Serverless Framework, CloudFormation JSON, Globals merging,
// unresolved handlers, and handlers found by convention in files no template names.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { str } from '../../server/src/engine/parse/tree';
import type { FunctionModel, TemplateDoc } from '../../server/src/engine/template/model';
import { workspace, WS } from '../helpers/engine';
import type { Files } from '../helpers/engine';

function doc(files: Files, file: string): TemplateDoc {
  const { engine } = workspace(files);
  const r = engine.template(`${WS}/${file}`);
  assert.equal(r?.status, 'template', `${file} did not load as a template`);
  return (r as { doc: TemplateDoc }).doc;
}

function fnOf(d: TemplateDoc, id: string): FunctionModel {
  const fn = d.functions.find((f) => f.id === id);
  assert.ok(fn, `no function ${id}`);
  return fn;
}

describe('Serverless Framework serverless.yml', () => {
  const files: Files = {
    'serverless.yml': `service: orders
provider:
  name: aws
  runtime: python3.12
  memorySize: 512
  timeout: 20
  environment:
    STAGE: dev
    TABLE: orders
functions:
  create:
    handler: handlers/orders.create
    timeout: 6
    environment:
      TABLE: orders-v2
    events:
      - http:
          path: orders
          method: post
      - sqs:
          arn: arn:aws:sqs:us-east-1:123456789012:orders
  thumbs:
    handler: src/thumbs.handler
    runtime: nodejs20.x
    events:
      - s3: uploads
      - schedule: rate(5 minutes)
      - stream:
          type: dynamodb
          arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024
`,
    'handlers/orders.py': 'def create(event, context):\n    return {}\n',
    'src/thumbs.ts': 'export const handler = async (event: unknown) => {};\n',
  };
  const d = doc(files, 'serverless.yml');

  it('detects the framework and merges provider defaults under function settings', () => {
    assert.equal(d.kind, 'serverless');
    const create = fnOf(d, 'create');
    assert.equal(create.resourceType, 'serverless');
    assert.equal(create.runtime, 'python3.12');
    assert.equal(create.memorySize, 512);
    assert.equal(create.timeout, 6);
    assert.equal(create.prop('MemorySize')?.source, 'provider');
    assert.equal(create.prop('Timeout')?.source, 'function');
    assert.deepEqual(
      [...create.environment].map(([k, v]) => [k, v.source, str(v.entry.value)]),
      [
        ['STAGE', 'provider', 'dev'],
        ['TABLE', 'function', 'orders-v2'],
      ],
    );
    const thumbs = fnOf(d, 'thumbs');
    assert.equal(thumbs.runtime, 'nodejs20.x');
    assert.equal(thumbs.timeout, 20);
  });

  it('resolves Python and Node handlers relative to the service directory', () => {
    const create = fnOf(d, 'create').handlerTarget!;
    assert.equal(create.file, `${WS}/handlers/orders.py`);
    assert.equal(create.symbol, 'create');
    assert.equal(create.language, 'python');
    const thumbs = fnOf(d, 'thumbs').handlerTarget!;
    assert.equal(thumbs.file, `${WS}/src/thumbs.ts`);
    assert.equal(thumbs.symbol, 'handler');
    assert.equal(thumbs.language, 'typescript');
  });

  it('maps events to the SAM event type names', () => {
    assert.deepEqual(
      fnOf(d, 'create').events.map((e) => [e.id, e.type]),
      [
        ['events[0]', 'Api'],
        ['events[1]', 'SQS'],
      ],
    );
    assert.deepEqual(
      fnOf(d, 'thumbs').events.map((e) => e.type),
      ['S3', 'Schedule', 'DynamoDB'],
    );
  });

  it('models the one role the framework shares between functions', () => {
    for (const id of ['create', 'thumbs']) assert.deepEqual({ ...fnOf(d, id).role, node: undefined }, { kind: 'resource', id: 'IamRoleLambdaExecution', node: undefined });
  });

  it('links the handler file back to serverless.yml', () => {
    const { engine } = workspace(files);
    assert.deepEqual(
      engine.templatesFor(`${WS}/handlers/orders.py`).map((t) => t.path),
      [`${WS}/serverless.yml`],
    );
  });
});

describe('CloudFormation JSON', () => {
  const files: Files = {
    'stack.json': JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          WorkerRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
          Jobs: { Type: 'AWS::SQS::Queue' },
          Worker: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Handler: 'worker.handler',
              Runtime: 'nodejs20.x',
              Code: './src',
              Role: { 'Fn::GetAtt': ['WorkerRole', 'Arn'] },
              MemorySize: 256,
              Timeout: 30,
            },
          },
          JobsMapping: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: { FunctionName: { Ref: 'Worker' }, EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, BatchSize: 5 },
          },
          Inline: {
            Type: 'AWS::Lambda::Function',
            Properties: { Handler: 'index.handler', Runtime: 'python3.12', Role: 'arn:aws:iam::123456789012:role/inline', Code: { ZipFile: 'def handler(event, context):\n    return 1\n' } },
          },
        },
      },
      null,
      2,
    ),
    'src/worker.js': 'exports.handler = async (event) => ({ ok: true });\n',
  };
  const d = doc(files, 'stack.json');

  it('reads AWS::Lambda::Function with its role, memory and timeout', () => {
    assert.equal(d.kind, 'cloudformation');
    assert.equal(d.format, 'json');
    const w = fnOf(d, 'Worker');
    assert.equal(w.resourceType, 'AWS::Lambda::Function');
    assert.equal(w.memorySize, 256);
    assert.equal(w.timeout, 30);
    assert.equal(w.role.kind, 'resource');
    assert.equal(w.role.kind === 'resource' && w.role.id, 'WorkerRole');
    assert.equal(w.handlerTarget?.file, `${WS}/src/worker.js`);
    assert.equal(w.handlerTarget?.language, 'javascript');
  });

  it('attaches an EventSourceMapping to the function it names, typed by its source', () => {
    assert.deepEqual(
      fnOf(d, 'Worker').events.map((e) => [e.id, e.type]),
      [['JobsMapping', 'SQS']],
    );
  });

  it('keeps inline code instead of looking for a handler file', () => {
    const inline = fnOf(d, 'Inline');
    assert.ok(inline.inlineCode);
    assert.equal(inline.handlerTarget, undefined);
    assert.deepEqual(inline.role.kind === 'arn' && inline.role.value, 'arn:aws:iam::123456789012:role/inline');
  });

  it('gives the function key a range inside the JSON text', () => {
    const w = fnOf(d, 'Worker');
    assert.equal(d.source.text.slice(w.entry.key.from, w.entry.key.to), '"Worker"');
  });
});

describe('SAM Globals', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    MemorySize: 256
    Environment:
      Variables:
        LOG_LEVEL: INFO
        TABLE: orders
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.lambda_handler
      MemorySize: 1024
      Environment:
        Variables:
          TABLE: orders-v2
          QUEUE_URL: https://sqs.example/q
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.lambda_handler
      Runtime: python3.11
      Code: src/
`;
  const d = doc({ 'template.yaml': template, 'src/app.py': 'def lambda_handler(event, context):\n    return 1\n' }, 'template.yaml');

  it('merges environment variables by name, the function winning', () => {
    const api = fnOf(d, 'Api');
    assert.deepEqual(
      [...api.environment].map(([k, v]) => [k, v.source, str(v.entry.value)]),
      [
        ['LOG_LEVEL', 'globals', 'INFO'],
        ['TABLE', 'function', 'orders-v2'],
        ['QUEUE_URL', 'function', 'https://sqs.example/q'],
      ],
    );
    assert.equal(api.memorySize, 1024);
    assert.equal(api.prop('Runtime')?.source, 'globals');
  });

  it('does not apply Globals to a plain AWS::Lambda::Function', () => {
    const plain = fnOf(d, 'Plain');
    assert.equal(plain.runtime, 'python3.11');
    assert.equal(plain.memorySize, undefined);
    assert.equal(plain.environment.size, 0);
    assert.equal(plain.handlerTarget?.file, `${WS}/src/app.py`);
  });
});

describe('unresolved handlers', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Py:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: lib.app.lambda_handler
      Runtime: python3.12
  Node:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
`;
  const d = doc({ 'template.yaml': template, 'src/other.py': 'x = 1\n' }, 'template.yaml');

  it('leaves file undefined and lists the Python candidate', () => {
    const t = fnOf(d, 'Py').handlerTarget!;
    assert.equal(t.file, undefined);
    assert.equal(t.module, 'lib.app');
    assert.equal(t.symbol, 'lambda_handler');
    assert.deepEqual(t.candidates, [`${WS}/src/lib/app.py`]);
  });

  it('lists every Node and TypeScript extension it tried', () => {
    const t = fnOf(d, 'Node').handlerTarget!;
    assert.equal(t.file, undefined);
    assert.deepEqual(
      t.candidates.map((c) => c.slice(`${WS}/src/`.length)),
      ['app.js', 'app.mjs', 'app.cjs', 'app.ts', 'app.mts', 'app.cts'],
    );
  });
});

describe('convention handlers (no template names the file)', () => {
  const bindings = (file: string, text: string) => {
    const { engine } = workspace({ [file]: text });
    const mod = engine.codeModule(`${WS}/${file}`)!;
    return { names: engine.handlerBindings(mod, []).map((b) => b.fn.name), kind: engine.analyzeFile(`${WS}/${file}`).kind };
  };

  it('Python lambda_handler(event, context) is a handler', () => {
    assert.deepEqual(bindings('app.py', 'def lambda_handler(event, context):\n    return 1\n'), { names: ['lambda_handler'], kind: 'code' });
  });

  it('Python handler(x) with one parameter is not', () => {
    assert.deepEqual(bindings('app.py', 'def handler(x):\n    return x\n'), { names: [], kind: 'other' });
  });

  it('a differently named Python function with (event, context) is not', () => {
    assert.deepEqual(bindings('app.py', 'def process(event, context):\n    return 1\n'), { names: [], kind: 'other' });
  });

  it('an exported JavaScript handler is a handler (ESM and CommonJS)', () => {
    assert.deepEqual(bindings('index.mjs', 'export const handler = async (event) => ({ ok: true });\n'), { names: ['handler'], kind: 'code' });
    assert.deepEqual(bindings('index.js', 'exports.handler = async (event, context) => ({ ok: true });\n'), { names: ['handler'], kind: 'code' });
    assert.deepEqual(bindings('index.ts', 'export async function handler(event: unknown): Promise<void> {}\n'), { names: ['handler'], kind: 'code' });
  });

  it('a JavaScript handler that is not exported is not', () => {
    assert.deepEqual(bindings('index.mjs', 'const handler = async (event) => ({ ok: true });\nexport const other = 1;\n'), { names: [], kind: 'other' });
  });
});
