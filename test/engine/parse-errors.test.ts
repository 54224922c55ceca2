// LA001 (template does not parse) and LA002 (handler does not parse): one clear finding, never a crash.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, rangeText, workspace, WS } from '../helpers/engine';
import type { Files } from '../helpers/engine';

const GOOD_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ReportFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: report.lambda_handler
      Runtime: python3.12
`;

describe('LA001 template-parse-error', () => {
  it('reports a mis-indented YAML template once, at the offending line', () => {
    const files: Files = {
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ReportFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: report.lambda_handler
     Runtime: python3.12
`,
    };
    const all = findings(files, 'template.yaml');
    assert.equal(all.length, 1);
    const [f] = all;
    assert.equal(f.ruleId, 'LA001');
    assert.equal(f.severity, 'error');
    assert.equal(f.file, `${WS}/template.yaml`);
    assert.equal(f.message, 'YAML syntax error: All mapping items must start at the same column');
    assert.equal(f.range.start.line, 6);
    assert.equal(f.range.end.line, 6);
  });

  it('reports an unclosed flow sequence where the next key starts', () => {
    const files: Files = {
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [AWSLambdaBasicExecutionRole
      Handler: app.handler
`,
    };
    const all = findings(files, 'template.yaml');
    assert.equal(all.length, 1);
    assert.equal(all[0].ruleId, 'LA001');
    assert.match(all[0].message, /^YAML syntax error: Flow sequence .* end with a \]$/);
    assert.equal(all[0].range.start.line, 6);
    assert.equal(rangeText(files, all[0]), 'H');
  });

  it('reports a JSON template with a trailing comma at the comma-closed object', () => {
    const text = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "app.handler", } }
  }
}
`;
    const files: Files = { 'stack.json': text };
    const all = findings(files, 'stack.json');
    assert.equal(all.length, 1);
    assert.equal(all[0].ruleId, 'LA001');
    assert.match(all[0].message, /^JSON syntax error: /);
    // jsonc-parser flags the `}` that follows the dangling comma.
    assert.equal(all[0].range.start.line, 3);
    assert.equal(rangeText(files, all[0]), '}');
  });

  it('says nothing about a broken YAML file that is not a template', () => {
    const files: Files = {
      '.github/workflows/ci.yml': 'jobs:\n  build:\n    runs-on: ubuntu-latest\n   steps: [\n',
      // Mentions Resources (so it is parsed) but is neither named nor shaped like a template.
      'k8s/deployment.yaml': 'spec:\n  resources:\n    limits: {cpu: 1\nResources: [\n',
    };
    assert.deepEqual(findings(files, '.github/workflows/ci.yml'), []);
    assert.deepEqual(findings(files, 'k8s/deployment.yaml'), []);
    assert.equal(workspace(files).engine.analyzeFile(`${WS}/k8s/deployment.yaml`).kind, 'other');
  });

  it('refuses a YAML alias bomb with one finding and without hanging', () => {
    const lines = [`AWSTemplateFormatVersion: '2010-09-09'`, 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill('*' + names[i - 1]).join(', ')}]`);
    lines.push('Resources:', '  F:', '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: app.handler', '      Tags: *i');
    const files: Files = { 'template.yaml': lines.join('\n') + '\n' };
    const started = Date.now();
    const all = findings(files, 'template.yaml');
    assert.ok(Date.now() - started < 5000, 'alias bomb took too long');
    assert.equal(all.length, 1);
    assert.equal(all[0].ruleId, 'LA001');
    assert.match(all[0].message, /alias bomb/);
    // The range is one of the aliases, not the whole document.
    assert.match(rangeText(files, all[0]), /^\*[a-i]$/);
  });

  it('keeps ordinary anchors and aliases working', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: &props
      CodeUri: src/
      Handler: report.lambda_handler
      Runtime: python3.12
  B:
    Type: AWS::Serverless::Function
    Properties: *props
`;
    const { engine } = workspace({ 'template.yaml': text, 'src/report.py': 'def lambda_handler(event, context):\n    return 1\n' });
    const r = engine.template(`${WS}/template.yaml`);
    assert.equal(r?.status, 'template');
    if (r?.status !== 'template') return;
    assert.deepEqual(
      r.doc.functions.map((f) => [f.id, f.handlerTarget?.file]),
      [
        ['A', `${WS}/src/report.py`],
        ['B', `${WS}/src/report.py`],
      ],
    );
  });

  for (const [name, text] of [
    ['YAML flow', `AWSTemplateFormatVersion: '2010-09-09'\nResources: ${'['.repeat(2000)}${']'.repeat(2000)}\n`],
    ['YAML block', `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n')}\n`],
  ] as const) {
    it(`survives 2,000 levels of ${name} nesting`, () => {
      const all = findings({ 'template.yaml': text }, 'template.yaml');
      assert.ok(all.length <= 1, JSON.stringify(all));
      for (const f of all) {
        assert.equal(f.ruleId, 'LA001');
        assert.equal(f.message, 'YAML nesting is too deep to analyse');
      }
    });
  }

  it('survives 2,000 levels of JSON nesting', () => {
    const text = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`;
    const all = findings({ 'template.json': text }, 'template.json');
    assert.equal(all.length, 1);
    assert.equal(all[0].ruleId, 'LA001');
    assert.equal(all[0].message, 'JSON nesting is too deep to analyse');
  });

  it('is quiet on a template that parses', () => {
    assert.deepEqual(findings({ 'template.yaml': GOOD_TEMPLATE, 'src/report.py': 'def lambda_handler(event, context):\n    return 1\n' }, 'template.yaml', 'LA001'), []);
  });

  it('is not reported when configured off', () => {
    const files: Files = { 'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n` };
    assert.equal(findings(files, 'template.yaml').length, 1);
    assert.deepEqual(findings(files, 'template.yaml', undefined, { config: { rules: { LA001: 'off' } } }), []);
  });
});

describe('LA002 code-parse-error', () => {
  it('reports a Python handler with a missing colon once, and no other code finding', () => {
    const files: Files = {
      'template.yaml': GOOD_TEMPLATE,
      'src/report.py': `import boto3


def lambda_handler(event, context):
    s3 = boto3.client("s3")
    for order in event["orders"]
        s3.put_object(Bucket="b", Key=order["id"], Body=b"")
`,
    };
    const all = findings(files, 'src/report.py');
    assert.equal(all.length, 1, JSON.stringify(all));
    assert.equal(all[0].ruleId, 'LA002');
    assert.equal(all[0].severity, 'error');
    assert.equal(all[0].message, 'Syntax error: the statement is incomplete at the end of this line');
    // At the end of the `for` line, where the colon is missing.
    assert.deepEqual(all[0].range.start, { line: 5, character: '    for order in event["orders"]'.length });
  });

  it('reports a TypeScript handler named by an esbuild entry point', () => {
    const files: Files = {
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbs:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [app.ts]
    Properties:
      CodeUri: src/thumbs/
      Handler: app.handler
      Runtime: nodejs20.x
`,
      'src/thumbs/app.ts': `import { S3Client } from '@aws-sdk/client-s3';

export const handler = async (event: unknown) => {
  const s3 = new S3Client({});
  const keys = { first: 1
  return keys;
};
`,
    };
    const all = findings(files, 'src/thumbs/app.ts');
    assert.equal(all.length, 1, JSON.stringify(all));
    assert.equal(all[0].ruleId, 'LA002');
    assert.equal(all[0].message, "Syntax error near 'r'");
    assert.equal(rangeText(files, all[0]), 'r');
    assert.equal(all[0].range.start.line, 5);
  });

  it('says "end of input" only when the file really ends early', () => {
    const files: Files = { 'template.yaml': GOOD_TEMPLATE, 'src/report.py': 'def lambda_handler(event, context):\n    return (1,\n' };
    const all = findings(files, 'src/report.py');
    assert.equal(all.length, 1);
    assert.equal(all[0].message, 'Syntax error: unexpected end of input');
  });

  it('says nothing about a broken Python file that is not a handler', () => {
    const files: Files = { 'template.yaml': GOOD_TEMPLATE, 'src/report.py': 'def lambda_handler(event, context):\n    return 1\n', 'src/util.py': 'def helper(x)\n    return x\n' };
    assert.deepEqual(findings(files, 'src/util.py'), []);
    assert.deepEqual(findings(files, 'src/report.py'), []);
  });

  it('reports a broken file that follows the handler convention (no template needed)', () => {
    const files: Files = { 'handler.py': 'def lambda_handler(event, context):\n    if event\n        return 1\n' };
    const all = findings(files, 'handler.py');
    assert.deepEqual(
      all.map((f) => f.ruleId),
      ['LA002'],
    );
  });
});
