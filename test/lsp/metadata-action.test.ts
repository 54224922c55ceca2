// "Disable LAxxx for <Resource> (Metadata)": the exact edit, and the finding gone once applied.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertParses } from '../helpers/engine';
import type { TestClient } from './client';
import { startWorkspace, stopWorkspace } from './fixtures';

const YAML = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.13
`;

const JSON_TEMPLATE = `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": { "Handler": "app.handler", "Runtime": "python3.13" }
    }
  }
}
`;

describe('Metadata suppression code action', () => {
  let root: string;
  let c: TestClient;
  before(async () => {
    ({ root, c } = await startWorkspace({ 'template.yaml': YAML, 'template.json': JSON_TEMPLATE, 'app.py': 'def handler(event, context):\n    return 1\n' }));
  });
  after(() => stopWorkspace(c, root));

  async function disable(file: string, languageId: string, expected: string) {
    const uri = await c.open(path.join(root, file), languageId);
    const d = (await c.diagnostics(uri, (ds) => ds.some((x) => x.code === 'LA208'))).find((x) => x.code === 'LA208')!;
    const actions = await c.codeActions(uri, d);
    const titles = actions.map((a) => a.title);
    const action = actions.find((a) => a.title === 'Disable LA208 for Fn (Metadata)');
    assert.ok(action, titles.join(', '));
    assert.equal(action.kind, 'quickfix');
    const since = c.mark();
    await c.apply(action.edit!);
    assert.equal(c.text(uri), expected);
    assertParses(file, c.text(uri));
    const after = await c.diagnostics(uri, (_ds, p) => p.version === c.version(uri), since);
    assert.ok(!after.some((x) => x.code === 'LA208'), JSON.stringify(after.map((x) => x.code)));
    assert.ok(!after.some((x) => x.code === 'LA003'), 'the new suppression is used');
    return titles;
  }

  test('YAML: writes Metadata.lambda-audit.ignore between Type and Properties; the finding goes', async () => {
    const titles = await disable(
      'template.yaml',
      'yaml',
      YAML.replace('    Properties:', '    Metadata:\n      lambda-audit:\n        ignore:\n          - { id: LA208, reason: reason }\n    Properties:'),
    );
    assert.ok(titles.includes('Disable LA208 for this line'), 'the comment form is still offered in YAML');
  });

  test('JSON: the Metadata form is the in-source suppression offered (no comment form)', async () => {
    const titles = await disable(
      'template.json',
      'json',
      JSON_TEMPLATE.replace(
        '      "Properties"',
        '      "Metadata": {\n        "lambda-audit": {\n          "ignore": [\n            {\n              "id": "LA208",\n              "reason": "reason"\n            }\n          ]\n        }\n      },\n      "Properties"',
      ),
    );
    assert.ok(!titles.includes('Disable LA208 for this line'), titles.join(', '));
  });

  test('near miss: a finding outside any resource (SAM Globals) gets no Metadata action', async () => {
    const text = 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    MemorySize: 128\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.13\n';
    const file = path.join(root, 'globals.yaml');
    fs.writeFileSync(file, text);
    const uri = await c.open(file, 'yaml');
    const ds = await c.diagnostics(uri, (x) => x.some((d) => d.code === 'LA208' && d.range.start.line === 3));
    const d = ds.find((x) => x.code === 'LA208' && x.range.start.line === 3)!;
    const titles = (await c.codeActions(uri, d)).map((a) => a.title);
    assert.ok(titles.includes('Disable LA208 for this line'), titles.join(', '));
    assert.ok(!titles.some((t) => t.endsWith('(Metadata)')), titles.join(', '));
  });
});
