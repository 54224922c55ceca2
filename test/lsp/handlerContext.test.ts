// A template edit re-checks only the open handlers whose context in the template changed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient, tempWorkspace } from './client';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  AFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: a/
      Handler: app.lambda_handler
      Runtime: python3.12
      Timeout: 10
      Environment:
        Variables:
          MODE: fast
  BFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: b/
      Handler: app.lambda_handler
      Runtime: python3.12
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt BQueue.Arn
  BQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 120
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: assets-one
`;

const HANDLER = `import boto3


def lambda_handler(event, context):
    s3 = boto3.client('s3')
    return s3.list_buckets()
`;

const linked = (ds: Diagnostic[]) => ds.some((d) => !!d.relatedInformation?.length);
const QUIET_MS = 400;

describe('template edits re-check only the handlers whose context changed', () => {
  let root: string;
  let c: TestClient;
  let tpl: string;
  let a: string;
  let b: string;
  before(async () => {
    root = tempWorkspace({ 'template.yaml': TEMPLATE, 'a/app.py': HANDLER, 'b/app.py': HANDLER });
    c = await TestClient.start(root);
    const since = c.mark();
    tpl = await c.open(path.join(root, 'template.yaml'), 'yaml');
    a = await c.open(path.join(root, 'a/app.py'), 'python');
    b = await c.open(path.join(root, 'b/app.py'), 'python');
    await c.diagnostics(a, linked, since);
    await c.diagnostics(b, linked, since);
    await new Promise((r) => setTimeout(r, QUIET_MS));
  });
  after(async () => {
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Replaces the first `find` in the template with `replace`, as a ranged edit (what editors send). */
  async function editTemplate(find: string, replace: string): Promise<void> {
    const text = c.text(tpl);
    const at = text.indexOf(find);
    assert.ok(at >= 0, find);
    const lines = text.slice(0, at).split('\n');
    const start = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await c.edit(tpl, { range: { start, end: { line: start.line, character: start.character + find.length } }, newText: replace });
  }

  const publishedFor = (uri: string, since: number) => c.published.slice(since).filter((p) => p.uri === uri).length;

  async function settle(since: number): Promise<void> {
    await c.diagnostics(tpl, (_d, p) => p.version === c.version(tpl), since);
    await new Promise((r) => setTimeout(r, QUIET_MS));
  }

  test('an edit to a resource only B references re-publishes B, not A', async () => {
    const since = c.mark();
    await editTemplate('VisibilityTimeout: 120', 'VisibilityTimeout: 90');
    await c.diagnostics(b, () => true, since);
    await settle(since);
    assert.equal(publishedFor(a, since), 0, 'A is not re-checked');
  });

  test('an edit to a resource no function references re-publishes neither handler', async () => {
    const since = c.mark();
    await editTemplate('assets-one', 'assets-two');
    await settle(since);
    assert.equal(publishedFor(a, since), 0);
    assert.equal(publishedFor(b, since), 0);
  });

  test("A's Timeout or Environment changing re-publishes A (and not B)", async () => {
    for (const [find, replace] of [
      ['Timeout: 10', 'Timeout: 30'],
      ['MODE: fast', 'MODE: slow'],
    ]) {
      const since = c.mark();
      await editTemplate(find, replace);
      await c.diagnostics(a, () => true, since);
      await settle(since);
      assert.equal(publishedFor(b, since), 0, find);
    }
  });

  test('pointing B at A’s code re-checks A; pointing it away again re-checks A once more', async () => {
    let since = c.mark();
    await editTemplate('CodeUri: b/', 'CodeUri: a/');
    await c.diagnostics(a, (ds) => ds.some((d) => d.relatedInformation?.some((r) => r.message.includes('BFunction'))), since);
    await c.diagnostics(b, () => true, since);
    since = c.mark();
    await editTemplate('CodeUri: a/\n      Handler: app.lambda_handler\n      Runtime: python3.12\n      Events', 'CodeUri: b/\n      Handler: app.lambda_handler\n      Runtime: python3.12\n      Events');
    await c.diagnostics(a, (ds) => !ds.some((d) => d.relatedInformation?.some((r) => r.message.includes('BFunction'))), since);
  });
});
