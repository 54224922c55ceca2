// A template edit re-checks only the open handlers whose context in the template changed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { resource, samEvent, samFn, samTemplate } from '../helpers/sam';
import type { TestClient } from './client';
import { HANDLER, startWorkspace, stopWorkspace } from './fixtures';

// A and B share a handler file name, each in its own folder; BQueue is B's alone, Assets nobody's.
const TEMPLATE = samTemplate(
  samFn('AFunction', { codeUri: 'a/', handler: 'app.lambda_handler', runtime: 'python3.12', props: '      Timeout: 10\n', environment: { MODE: 'fast' } }) +
    samFn('BFunction', { codeUri: 'b/', handler: 'app.lambda_handler', runtime: 'python3.12', events: samEvent('Jobs', 'SQS', { Queue: '!GetAtt BQueue.Arn' }) }) +
    resource('BQueue', 'AWS::SQS::Queue', { VisibilityTimeout: '120' }) +
    resource('Assets', 'AWS::S3::Bucket', { BucketName: 'assets-one' }),
  { version: true },
);

const linked = (ds: Diagnostic[]) => ds.some((d) => !!d.relatedInformation?.length);
const QUIET_MS = 400;

describe('template edits re-check only the handlers whose context changed', () => {
  let root: string;
  let c: TestClient;
  let tpl: string;
  let a: string;
  let b: string;
  before(async () => {
    ({ root, c } = await startWorkspace({ 'template.yaml': TEMPLATE, 'a/app.py': HANDLER, 'b/app.py': HANDLER }));
    const since = c.mark();
    tpl = await c.open(path.join(root, 'template.yaml'), 'yaml');
    a = await c.open(path.join(root, 'a/app.py'), 'python');
    b = await c.open(path.join(root, 'b/app.py'), 'python');
    await c.diagnostics(a, linked, since);
    await c.diagnostics(b, linked, since);
    await new Promise((r) => setTimeout(r, QUIET_MS));
  });
  after(() => stopWorkspace(c, root));

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
