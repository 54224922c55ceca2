import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { workspace, WS } from '../helpers/engine';

const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/orders/
      Handler: pkg.app.lambda_handler
  TsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/ts
      Handler: index.handler
      Runtime: nodejs20.x
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [index.ts]
  JsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/js
      Handler: app.handler
      Runtime: nodejs22.x
`;

describe('project model', () => {
  const { engine } = workspace({
    'template.yaml': template,
    'src/orders/pkg/app.py': 'def lambda_handler(event, context):\n    return 1\n',
    'src/ts/index.ts': 'export const handler = async (event: unknown) => ({});\n',
    'src/js/app.mjs': 'export async function handler(event) { return {}; }\n',
  });
  const r = engine.template(`${WS}/template.yaml`);

  it('reads SAM functions with Globals merged', () => {
    assert.equal(r?.status, 'template');
    if (r?.status !== 'template') return;
    assert.equal(r.doc.kind, 'sam');
    const orders = r.doc.functions.find((f) => f.id === 'OrdersFunction')!;
    assert.equal(orders.runtime, 'python3.12');
    assert.equal(orders.timeout, 10);
    const ts = r.doc.functions.find((f) => f.id === 'TsFunction')!;
    assert.equal(ts.runtime, 'nodejs20.x');
  });

  it('resolves dotted Python handlers, esbuild entry points and .mjs files', () => {
    if (r?.status !== 'template') return assert.fail('not a template');
    const byId = Object.fromEntries(r.doc.functions.map((f) => [f.id, f.handlerTarget?.file]));
    assert.deepEqual(byId, {
      OrdersFunction: `${WS}/src/orders/pkg/app.py`,
      TsFunction: `${WS}/src/ts/index.ts`,
      JsFunction: `${WS}/src/js/app.mjs`,
    });
  });

  it('finds the templates that point at a handler file', () => {
    assert.equal(engine.templatesFor(`${WS}/src/ts/index.ts`).length, 1);
    assert.equal(engine.templatesFor(`${WS}/src/other.py`).length, 0);
  });

  it('does not treat package.json or unrelated YAML as templates', () => {
    const { engine: e } = workspace({ 'ci.yaml': 'jobs:\n  build:\n    steps: []\n', 'package.json': '{"name":"x"}' });
    assert.equal(e.template(`${WS}/ci.yaml`)?.status, 'not-a-template');
    assert.equal(e.analyzeFile(`${WS}/ci.yaml`).kind, 'other');
  });
});
