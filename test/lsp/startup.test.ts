// The first diagnostics after start-up: documents opened while the warm-up runs or while the
// client's settings are still on their way.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { samTemplate } from '../helpers/sam';
import { TestClient, tempWorkspace } from './client';
import { ORDERS_FN, pyHandler } from './fixtures';

const TEMPLATE = samTemplate(ORDERS_FN, { version: true });

// LA101 (client created in the handler, warning by default) and LA105 (swallowed error).
const HANDLER = pyHandler(["s3 = boto3.client('s3')", 'try:', '    return s3.list_buckets()', 'except Exception:', '    pass']);

const FILES = { 'template.yaml': TEMPLATE, 'src/app.py': HANDLER };
const ERROR = 1;
const WARNING = 2;

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.relatedInformation?.length ?? 0]);
const linked = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id && !!d.relatedInformation?.length);

/**
 * A client whose answer to workspace/configuration waits until the test releases it (an editor
 * busy starting up), so what the server publishes before its settings are known can be observed.
 */
async function startWithSlowSettings(root: string, initializationOptions: unknown) {
  let release!: (settings: unknown) => void;
  const answer = new Promise<unknown>((r) => (release = r));
  const configRequests: unknown[] = [];
  const client = await TestClient.start(root, {
    initializationOptions,
    configuration: async (p) => {
      configRequests.push(p);
      const settings = await answer;
      return p.items.map(() => settings);
    },
  });
  return {
    client,
    configRequests,
    answerSettings: release,
    for: (uri: string) => client.published.filter((p) => p.uri === uri),
    stop: async () => {
      release(null);
      await client.stop();
    },
  };
}

/**
 * Opens src/app.py (HANDLER) on a client whose settings are held back (startWithSlowSettings), waits
 * until the server has asked for them, then runs `body`; the client is stopped afterwards.
 */
async function openBeforeSettings(
  root: string,
  initializationOptions: unknown,
  body: (c: Awaited<ReturnType<typeof startWithSlowSettings>>, uri: string) => Promise<void>,
): Promise<void> {
  const c = await startWithSlowSettings(root, initializationOptions);
  try {
    const uri = await c.client.open(path.join(root, 'src/app.py'), 'python', HANDLER);
    await c.client.waitFor(() => c.configRequests.length > 0);
    await body(c, uri);
  } finally {
    await c.stop();
  }
}

describe('first diagnostics after start-up', () => {
  let root: string;
  before(() => {
    root = tempWorkspace(FILES);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a handler opened while the warm-up runs gets the same diagnostics as without a warm-up', async () => {
    const warm = await TestClient.start(root, { initializationOptions: { debounceMs: 0 } });
    const cold = await TestClient.start(root, { initializationOptions: { debounceMs: 0, noWarmUp: true } });
    try {
      const file = path.join(root, 'src/app.py');
      // Opened right after `initialized`, while the warm-up has only just begun.
      const uri = await warm.open(file, 'python');
      await cold.open(file, 'python');
      const withWarmUp = await warm.diagnostics(uri, linked('LA101'));
      const without = await cold.diagnostics(uri, linked('LA101'));
      assert.deepEqual(summary(withWarmUp), summary(without));
      assert.deepEqual(
        summary(withWarmUp).map((d) => d[0]),
        ['LA101', 'LA105'],
      );
      // Typing right away is answered too (the warm-up stays out of the way while the editor is active).
      const since = warm.mark();
      const v = await warm.change(uri, HANDLER.replace("boto3.client('s3')", "boto3.client('s3'"));
      const broken = await warm.diagnostics(uri, (_d, p) => p.version === v, since);
      assert.deepEqual(broken.map((d) => d.code), ['LA002']);
    } finally {
      await warm.stop();
      await cold.stop();
    }
  });

  test('nothing is published before the settings arrive; the first publish uses them', () =>
    openBeforeSettings(root, { debounceMs: 0 }, async (c, uri) => {
      // Long enough for the analysis with the default settings to have finished.
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(c.for(uri), []);
      c.answerSettings({ rules: { LA101: 'error', LA105: 'off' } });
      await c.client.waitFor(() => c.for(uri).some((p) => linked('LA101')(p.diagnostics)));
      for (const p of c.for(uri)) assert.deepEqual(summary(p.diagnostics).map((d) => [d[0], d[1]]), [['LA101', ERROR]]);
    }));

  test('settings from initializationOptions that the client confirms: published as analysed', () =>
    openBeforeSettings(root, { debounceMs: 0, settings: { rules: { LA105: 'error' } } }, async (c, uri) => {
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(c.for(uri), []);
      // null: the client has no settings of its own, so initializationOptions stand.
      c.answerSettings(null);
      await c.client.waitFor(() => c.for(uri).some((p) => linked('LA101')(p.diagnostics)));
      const first = c.for(uri)[0];
      assert.equal(first.version, 1);
      assert.deepEqual(summary(first.diagnostics).map((d) => [d[0], d[1]]), [['LA101', WARNING], ['LA105', ERROR]]);
    }));

  test('a document changed before the settings arrive: only its latest text is published', () =>
    openBeforeSettings(root, { debounceMs: 0 }, async (c, uri) => {
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await c.client.change(uri, HANDLER.replace("boto3.client('s3')", "boto3.client('s3'")), 2);
      await new Promise((r) => setTimeout(r, 200));
      c.answerSettings(null);
      await c.client.waitFor(() => c.for(uri).length > 0);
      await new Promise((r) => setTimeout(r, 200));
      // The first look and the full analysis once the template is loaded: both of version 2.
      const seen = c.for(uri).map((p) => [p.version, p.diagnostics.map((d) => d.code)]);
      assert.ok(seen.length > 0);
      assert.deepEqual(seen, seen.map(() => [2, ['LA002']]));
    }));

  test('a client without workspace/configuration: the settings in initializationOptions apply from the first publish', async () => {
    const c = await TestClient.start(root, {
      initializationOptions: { debounceMs: 0, settings: { rules: { LA101: 'off' } } },
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    try {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      await c.diagnostics(uri, (ds) => ds.some((d) => d.code === 'LA105' && !!d.relatedInformation?.length));
      const mine = c.published.filter((p) => p.uri === uri);
      assert.ok(mine.length > 0);
      for (const p of mine) assert.deepEqual(p.diagnostics.map((d) => d.code), ['LA105']);
    } finally {
      await c.stop();
    }
  });
});
