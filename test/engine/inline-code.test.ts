// Inline code (SAM InlineCode, CloudFormation Code.ZipFile) checked by the code rules, with
// findings and fixes mapped back into the template.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const only = onlyRule('LA101');

function sam(code: string, handler = 'index.handler', runtime = 'python3.12'): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      Handler: ${handler}
      InlineCode: |
${code
  .split('\n')
  .map((l) => (l ? '        ' + l : l))
  .join('\n')}`;
}

const PY_CLIENT_IN_HANDLER = `import boto3

def handler(event, context):
    s3 = boto3.client("s3")
    return s3.list_buckets()
`;

const NODE_ZIPFILE = `const AWS = require('aws-sdk');
exports.handler = async (event) => {
  const s3 = new AWS.S3();
  return s3.listBuckets().promise();
};
`;

function cfnJson(zip: string): string {
  const t = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/fn', Code: { ZipFile: zip } },
      },
    },
  };
  return JSON.stringify(t, null, 2) + '\n';
}

describe('inline code: findings in the template', () => {
  it('SAM YAML InlineCode block: LA101 at the exact template range, and the hoist fix rewrites the block', () => {
    const files: Files = { 'template.yaml': sam(PY_CLIENT_IN_HANDLER) };
    const fs = findings(files, 'template.yaml', 'LA101', only);
    assert.equal(fs.length, 1);
    assert.equal(fs[0].file, '/ws/template.yaml');
    assert.equal(fs[0].functionId, 'Fn');
    assert.equal(rangeText(files, fs[0]), 'boto3.client("s3")');
    assert.deepEqual(fs[0].range.start, { line: 11, character: 17 });

    assert.equal(fs[0].fixes?.length, 1);
    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(
      after['template.yaml'],
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        import boto3

        s3 = boto3.client("s3")

        def handler(event, context):
            return s3.list_buckets()
`,
    );
    assertParses('template.yaml', after['template.yaml']);
    assert.deepEqual(findings(after, 'template.yaml', 'LA101', only), []);
  });

  it('CloudFormation JSON ZipFile (Node.js): LA101 mapped through the \\n escapes, fix re-escaped', () => {
    const files: Files = { 'template.json': cfnJson(NODE_ZIPFILE) };
    const fs = findings(files, 'template.json', 'LA101', only);
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'new AWS.S3()');
    // Every line of the code is on one template line: the column is counted in escaped text.
    const line = files['template.json'].split('\n')[fs[0].range.start.line];
    assert.equal(fs[0].range.start.character, line.indexOf('new AWS.S3()'));
    assert.ok(line.slice(0, fs[0].range.start.character).includes('\\n'), 'escapes precede the range');

    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(
      after['template.json'],
      cfnJson(`const AWS = require('aws-sdk');

const s3 = new AWS.S3();

exports.handler = async (event) => {
  return s3.listBuckets().promise();
};
`),
    );
    assertParses('template.json', after['template.json']);
    assert.deepEqual(findings(after, 'template.json', 'LA101', only), []);
  });

  it('YAML double-quoted InlineCode: escapes mapped per character', () => {
    const files: Files = {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.main
      InlineCode: "import boto3\\ndef main(e, c):\\n    return boto3.client('sqs').list_queues()\\n"
`,
    };
    const fs = findings(files, 'template.yaml', 'LA101', only);
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), "boto3.client('sqs')");
  });
});

describe('inline code: quiet near misses', () => {
  it('a client created at module level of the inline code', () => {
    const files: Files = {
      'template.yaml': sam(`import boto3
s3 = boto3.client("s3")

def handler(event, context):
    return s3.list_buckets()
`),
    };
    assert.deepEqual(findings(files, 'template.yaml', 'LA101', only), []);
  });

  it('the handler symbol comes from Handler: a client in another function is not the handler\'s', () => {
    // `handler` would be the convention name; Handler says `main`, which creates nothing per call.
    const files: Files = {
      'template.yaml': sam(
        `import boto3
s3 = boto3.client("s3")

def handler(event, context):
    return boto3.client("sqs")

def main(event, context):
    return s3.list_buckets()
`,
        'index.main',
      ),
    };
    assert.deepEqual(findings(files, 'template.yaml', 'LA101', only), []);
    const fired = { 'template.yaml': files['template.yaml'].replace('index.main', 'index.handler') };
    assert.equal(findings(fired, 'template.yaml', 'LA101', only).length, 1);
  });
});

describe('inline code: syntax errors', () => {
  it('one LA002 in the template at the mapped position, and no code findings', () => {
    const files: Files = { 'template.yaml': sam(PY_CLIENT_IN_HANDLER.replace('def handler(event, context):', 'def handler(event, context)')) };
    const all = findings(files, 'template.yaml', undefined, only);
    assert.equal(all.length, 1);
    assert.equal(all[0].ruleId, 'LA002');
    assert.equal(all[0].file, '/ws/template.yaml');
    assert.match(all[0].message, /^Inline code of Fn: /);
    // The error is on the `def` line, which is template line 10.
    assert.equal(all[0].range.start.line, 10);
    assert.ok(all[0].range.start.character >= 8, 'inside the block, past its indentation');
  });
});
