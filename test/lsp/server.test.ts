// The bundled language server over stdio, driven by a real JSON-RPC client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/engine/text';
import { samTemplate } from '../helpers/sam';
import { TestClient, tempWorkspace, uriOf } from './client';
import { HANDLER, ORDERS_FN, pyHandler, startWorkspace, stopWorkspace, tracedFn, withServer } from './fixtures';

// OrdersFunction on line 3 (its Runtime on line 8), then ReportsFunction; both traced.
const TEMPLATE = samTemplate(ORDERS_FN + tracedFn('ReportsFunction', 'reports/', 'report.handler'), { version: true });

// Never opened by the tests: only the audit reads it (LA101).
const REPORT_HANDLER = pyHandler(["ddb = boto3.resource('dynamodb')", "return ddb.Table('reports').scan()"], 'handler');

const FILES = { 'template.yaml': TEMPLATE, 'src/app.py': HANDLER, 'reports/report.py': REPORT_HANDLER };

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);
/**
 * A just-opened handler gets its own findings first and the template-linked ones (related
 * information naming the template function) once the template is loaded: this waits for those.
 */
const linked = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id && !!d.relatedInformation?.length);
const lacks = (id: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === id);
const HREF = (id: string) => `https://github.com/lambda-audit/lambda-audit/blob/main/docs/rules/${id}.md`;

describe('language server over stdio', () => {
  let root: string;
  let c: TestClient;
  before(async () => {
    ({ root, c } = await startWorkspace(FILES));
  });
  after(() => stopWorkspace(c, root));

  test('advertises incremental sync, quick fixes and the audit command (and no workspace scan at start-up)', async () => {
    const caps = c.init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.deepEqual(caps.executeCommandProvider?.commands, ['lambdaAudit.audit', 'lambdaAudit.showRuleDocs', 'lambdaAudit.showLocation']);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(c.published, [], 'nothing is published before a document is opened or an audit runs');
  });

  test('handler finding: exact code, source, href, range and the template function as related information', async () => {
    const uri = await c.open(path.join(root, 'src/app.py'), 'python');
    const ds = await c.diagnostics(uri, linked('LA101'));
    const d = ds.find((x) => x.code === 'LA101')!;
    assert.equal(d.source, 'lambda-audit');
    assert.deepEqual(d.codeDescription, { href: HREF('LA101') });
    assert.equal(d.severity, 2);
    // boto3.client('s3') on line 4
    assert.equal(d.range.start.line, 4);
    const line = HANDLER.split('\n')[4];
    assert.equal(line.slice(d.range.start.character, d.range.end.character), "boto3.client('s3')");
    assert.deepEqual(d.relatedInformation, [
      {
        location: { uri: uriOf(path.join(root, 'template.yaml')), range: { start: { line: 3, character: 2 }, end: { line: 3, character: 16 } } },
        message: 'OrdersFunction (python3.12) uses this handler',
      },
    ]);
  });

  test('a fix from codeAction, applied, makes the finding go away', async () => {
    const uri = uriOf(path.join(root, 'src/app.py'));
    const d = (await c.diagnostics(uri, has('LA101'))).find((x) => x.code === 'LA101')!;
    const actions = await c.codeActions(uri, d);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable LA101 for this line'), titles.join(', '));
    assert.ok(titles.includes('Show documentation for LA101'), titles.join(', '));
    const fix = actions.find((a) => a.edit && !a.title.startsWith('Disable'))!;
    assert.ok(fix, `a fix among ${titles.join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(fix.diagnostics, [d]);
    const since = c.mark();
    await c.apply(fix.edit!);
    const edited = c.text(uri);
    assert.ok(edited.indexOf("boto3.client('s3')") < edited.indexOf('def lambda_handler'), `client hoisted:\n${edited}`);
    await c.diagnostics(uri, (ds, p) => p.version === c.version(uri) && lacks('LA101')(ds), since);
    await c.change(uri, HANDLER); // back to the finding for the next tests
    await c.diagnostics(uri, (ds, p) => p.version === c.version(uri) && has('LA101')(ds), since);
  });

  test('"Disable for this line" writes the comment and the finding disappears', async () => {
    const uri = uriOf(path.join(root, 'src/app.py'));
    const since0 = c.mark();
    await c.change(uri, HANDLER);
    const d = (await c.diagnostics(uri, (ds, p) => p.version === c.version(uri) && has('LA101')(ds), since0)).find((x) => x.code === 'LA101')!;
    const disable = (await c.codeActions(uri, d)).find((a) => a.title === 'Disable LA101 for this line')!;
    assert.deepEqual(disable.edit, {
      changes: {
        [uri]: [
          {
            range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
            newText: '    # lambda-audit-ignore-next-line LA101 -- reason\n',
          },
        ],
      },
    });
    const since = c.mark();
    await c.apply(disable.edit!);
    assert.equal(
      c.text(uri),
      "import boto3\n\n\ndef lambda_handler(event, context):\n    # lambda-audit-ignore-next-line LA101 -- reason\n    s3 = boto3.client('s3')\n    return s3.list_buckets()\n",
    );
    const after = await c.diagnostics(uri, (_ds, p) => p.version === c.version(uri), since);
    assert.deepEqual(codes(after), [], 'suppressed findings are not published, and the comment is in use (no LA003)');
    await c.change(uri, HANDLER);
  });

  test('template finding with a preferred fix; applying it clears the finding', async () => {
    const tpl = path.join(root, 'template.yaml');
    const text = TEMPLATE.replace('      Tracing: Active\n  ReportsFunction', '  ReportsFunction');
    const uri = await c.open(tpl, 'yaml', text);
    const d = (await c.diagnostics(uri, has('LA216'))).find((x) => x.code === 'LA216')!;
    assert.deepEqual(d.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 16 } });
    assert.equal(d.severity, 3);
    assert.equal(d.source, 'lambda-audit');
    assert.deepEqual(d.codeDescription, { href: HREF('LA216') });
    assert.match(d.message as string, /OrdersFunction/);
    const actions = await c.codeActions(uri, d);
    const fix = actions.find((a) => a.title === 'Set Tracing: Active')!;
    assert.equal(fix.isPreferred, true);
    const since = c.mark();
    await c.apply(fix.edit!);
    assert.equal(c.text(uri), TEMPLATE);
    await c.diagnostics(uri, (ds, p) => p.version === c.version(uri) && lacks('LA216')(ds), since);
  });

  test('editing a template re-checks the open handler it points to', async () => {
    const tpl = uriOf(path.join(root, 'template.yaml'));
    const handler = uriOf(path.join(root, 'src/app.py'));
    const since = c.mark();
    const runtime = c.text(tpl).indexOf('python3.12');
    const start = { line: 8, character: TEMPLATE.split('\n')[8].indexOf('python3.12') };
    assert.ok(runtime > 0);
    await c.edit(tpl, { range: { start, end: { line: 8, character: start.character + 'python3.12'.length } }, newText: 'python3.13' });
    const ds = await c.diagnostics(handler, (list) => list.some((d) => d.relatedInformation?.[0]?.message.includes('python3.13')), since);
    assert.equal(ds.find((d) => d.code === 'LA101')!.relatedInformation![0].message, 'OrdersFunction (python3.13) uses this handler');
    const restored = c.mark();
    await c.change(tpl, TEMPLATE);
    await c.diagnostics(handler, (list) => list.some((d) => d.relatedInformation?.[0]?.message.includes('python3.12')), restored);
  });

  test('a broken template gets one LA001 and the other documents keep working', async () => {
    const tpl = uriOf(path.join(root, 'template.yaml'));
    const handler = uriOf(path.join(root, 'src/app.py'));
    const since = c.mark();
    await c.change(tpl, TEMPLATE.replace('    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/', '    Type: [AWS::Serverless::Function\n    Properties:\n      CodeUri: src/'));
    const ds = await c.diagnostics(tpl, (_d, p) => p.version === c.version(tpl), since);
    assert.deepEqual(codes(ds), ['LA001']);
    assert.equal(ds[0].severity, 1);
    const s2 = c.mark();
    await c.change(handler, HANDLER + '\n');
    await c.diagnostics(handler, (list, p) => p.version === c.version(handler) && has('LA101')(list), s2);
    const s3 = c.mark();
    await c.change(tpl, TEMPLATE);
    await c.diagnostics(tpl, (list, p) => p.version === c.version(tpl) && lacks('LA001')(list), s3);
  });

  test('a half-typed handler gets LA002 only', async () => {
    const handler = uriOf(path.join(root, 'src/app.py'));
    const since = c.mark();
    await c.change(handler, HANDLER.replace("boto3.client('s3')", "boto3.client('s3'"));
    const ds = await c.diagnostics(handler, (_d, p) => p.version === c.version(handler), since);
    assert.deepEqual(codes(ds), ['LA002']);
    await c.change(handler, HANDLER);
  });

  test('audit: progress, diagnostics for a file never opened, functions in the result', async () => {
    const since = c.mark();
    const progressFrom = c.progress.length;
    const report = await c.executeCommand('lambdaAudit.audit', [{ filesExclude: ['**/.git'] }]);
    assert.equal(report.cancelled, false);
    assert.deepEqual(report.functions.map((f: { id: string }) => f.id).sort(), ['OrdersFunction', 'ReportsFunction']);
    const reports = report.functions.find((f: { id: string }) => f.id === 'ReportsFunction');
    assert.equal(reports.runtime, 'python3.12');
    assert.equal(reports.handlerFile, 'reports/report.py');
    assert.equal(reports.handlerUri, uriOf(path.join(root, 'reports/report.py')));
    assert.ok(reports.findings.some((f: { ruleId: string }) => f.ruleId === 'LA101'));
    const neverOpened = uriOf(path.join(root, 'reports/report.py'));
    const ds = await c.diagnostics(neverOpened, has('LA101'), since);
    assert.equal(ds.find((d) => d.code === 'LA101')!.relatedInformation![0].message, 'ReportsFunction (python3.12) uses this handler');
    // Work-done progress: created by the server, begin (cancellable), percentage reports, end.
    assert.equal(c.createdProgress.length >= 1, true);
    const token = c.createdProgress[c.createdProgress.length - 1];
    const values = c.progress.slice(progressFrom).filter((p) => p.token === token).map((p) => p.value);
    assert.equal(values[0].kind, 'begin');
    assert.equal(values[0].cancellable, true);
    assert.equal(values.at(-1).kind, 'end');
    const reportsWithPct = values.filter((v) => v.kind === 'report');
    assert.ok(reportsWithPct.length >= 1);
    assert.equal(reportsWithPct.at(-1).percentage, 100);
    assert.ok(reportsWithPct.some((v) => v.message === path.join('reports', 'report.py')));
  });

  test('closing a document the audit reported keeps its diagnostics; closing another clears them', async () => {
    const handler = uriOf(path.join(root, 'src/app.py'));
    const s1 = c.mark();
    await c.close(handler);
    const kept = await c.diagnostics(handler, () => true, s1);
    assert.ok(has('LA101')(kept), 'audited file keeps its findings');
    const other = path.join(root, 'src/other.py');
    const otherUri = await c.open(other, 'python', 'def lambda_handler(event, context):\n    return boto3.client("s3")\nimport boto3\n');
    await c.diagnostics(otherUri, has('LA101'));
    const s2 = c.mark();
    await c.close(otherUri);
    assert.deepEqual(await c.diagnostics(otherUri, () => true, s2), []);
    await c.open(path.join(root, 'src/app.py'), 'python', HANDLER);
  });

  test('audit is cancellable with $/cancelRequest', async () => {
    const source = new CancellationTokenSource();
    const pending = c.executeCommand('lambdaAudit.audit', [], source.token);
    source.cancel();
    const outcome = await pending.then(
      (r) => ({ result: r }),
      (e) => ({ error: e }),
    );
    if ('result' in outcome) assert.equal(outcome.result.cancelled, true);
    else assert.equal((outcome.error as { code: number }).code, -32800);
  });

  test('audit is cancellable from the progress UI (window/workDoneProgress/cancel) and stays responsive', async () => {
    const many: Record<string, string> = { 'template.yaml': TEMPLATE };
    for (let i = 0; i < 80; i++) many[`lib/mod${i}.py`] = `def lambda_handler(event, context):\n    return ${i}\n`;
    const big = tempWorkspace(many);
    const b = await TestClient.start(big);
    try {
      const pending = b.executeCommand('lambdaAudit.audit', []);
      // Cancel as soon as the first report arrives, while the audit is still yielding between files.
      await b.waitFor(() => b.progress.some((p) => p.value.kind === 'report'));
      const token = b.createdProgress[0];
      await b.conn.sendNotification('window/workDoneProgress/cancel', { token });
      // Requests are still served while the audit runs.
      const uri = await b.open(path.join(big, 'src/app.py'), 'python', HANDLER);
      const report = await pending;
      assert.equal(report.cancelled, true);
      assert.ok(report.codeFiles < 80, `stopped early (${report.codeFiles} code files read)`);
      assert.equal(b.progress.at(-1)!.value.kind, 'end');
      await b.diagnostics(uri, has('LA101'));
    } finally {
      await b.stop();
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  test('show documentation asks the editor to open the rule page', async () => {
    const href = await c.executeCommand('lambdaAudit.showRuleDocs', ['LA101', HREF('LA101')]);
    assert.equal(href, HREF('LA101'));
    assert.deepEqual(c.shownDocuments.at(-1), { uri: HREF('LA101'), external: true });
  });
});

describe('configuration', () => {
  test('initializationOptions.debounceMs is honoured: a long debounce holds a change back, 0 publishes it', async () => {
    const root = tempWorkspace(FILES);
    const slow = await TestClient.start(root, { initializationOptions: { debounceMs: 60_000 } });
    const fast = await TestClient.start(root, { initializationOptions: { debounceMs: 0 } });
    try {
      for (const c of [slow, fast]) {
        const uri = await c.open(path.join(root, 'src/app.py'), 'python');
        await c.diagnostics(uri, has('LA101')); // opening is never debounced
        await c.change(uri, HANDLER.replace("boto3.client('s3')", "boto3.client('s3'"));
      }
      const uri = uriOf(path.join(root, 'src/app.py'));
      await fast.diagnostics(uri, (_d, p) => p.version === 2);
      // The fast server answered already; the slow one is still waiting for its 60 s pause.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(slow.published.filter((p) => p.uri === uri && p.version === 2).length, 0);
    } finally {
      await slow.stop();
      await fast.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('opening a handler whose template is not loaded: its own findings at once, then the linked ones', () =>
    withServer(FILES, { initializationOptions: { debounceMs: 0, noWarmUp: true } }, async (c, root) => {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      await c.diagnostics(uri, linked('LA101'));
      const mine = c.published.filter((p) => p.uri === uri);
      assert.equal(mine.length, 2);
      assert.deepEqual(mine.map((p) => p.version), [1, 1]);
      // The first look ran as if no template named the handler: same finding, no related information yet.
      assert.deepEqual(mine[0].diagnostics.map((d) => [d.code, d.relatedInformation]), [['LA101', undefined]]);
    }));

  test('a newer change supersedes a pending run: only the last version is published', () =>
    withServer(FILES, { initializationOptions: { debounceMs: 200 } }, async (c, root) => {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      await c.diagnostics(uri, linked('LA101'));
      const since = c.mark();
      await c.change(uri, HANDLER.replace("boto3.client('s3')", "boto3.client('s3'"));
      await c.change(uri, HANDLER + '\n');
      await c.diagnostics(uri, (_d, p) => p.version === 3, since);
      assert.deepEqual(
        c.published.slice(since).filter((p) => p.uri === uri).map((p) => p.version),
        [3],
      );
    }));

  test('.lambda-audit.yaml and lambdaAudit.rules set severities; problems in the project file show on it', async () => {
    const root = tempWorkspace({ ...FILES, '.lambda-audit.yaml': 'rules:\n  LA101: error\n  bogus: 1\n' });
    const c = await TestClient.start(root);
    try {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      const d = (await c.diagnostics(uri, has('LA101'))).find((x) => x.code === 'LA101')!;
      assert.equal(d.severity, 1);
      const cfg = await c.diagnostics(uriOf(path.join(root, '.lambda-audit.yaml')));
      assert.equal(cfg.length, 1);
      assert.deepEqual(cfg[0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
      assert.equal(cfg[0].source, 'lambda-audit');
    } finally {
      await c.stop();
    }
    // The user's setting wins over the project file.
    const c2 = await TestClient.start(root, { settings: { rules: { LA101: 'off' } } });
    try {
      const uri = await c2.open(path.join(root, 'src/app.py'), 'python');
      await c2.diagnostics(uri, (ds) => ds.length === 0);
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(c2.published.filter((p) => p.uri === uri).every((p) => lacks('LA101')(p.diagnostics)));
    } finally {
      await c2.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('lambdaAudit.enable false publishes nothing for open documents', () =>
    withServer(FILES, { settings: { enable: false } }, async (c, root) => {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(c.published.filter((p) => p.uri === uri).every((p) => p.diagnostics.length === 0));
    }));

  test('the audit honours files.exclude from the client and lambdaAudit.exclude', async () => {
    const root = tempWorkspace({ ...FILES, 'old/template.yaml': TEMPLATE.replace(/OrdersFunction/g, 'OldFunction').replace(/ReportsFunction/g, 'OldReports') });
    const c = await TestClient.start(root, { settings: { exclude: ['old/**'] } });
    const c2 = await TestClient.start(root);
    try {
      const ids = (r: { functions: Array<{ id: string }> }) => r.functions.map((f) => f.id).sort();
      assert.deepEqual(ids(await c.executeCommand('lambdaAudit.audit', [])), ['OrdersFunction', 'ReportsFunction']);
      assert.deepEqual(ids(await c2.executeCommand('lambdaAudit.audit', [{ filesExclude: ['**/old'] }])), ['OrdersFunction', 'ReportsFunction']);
      assert.deepEqual(ids(await c2.executeCommand('lambdaAudit.audit', [])), ['OldFunction', 'OldReports', 'OrdersFunction', 'ReportsFunction']);
    } finally {
      await c.stop();
      await c2.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('documentChanges clients get versioned TextDocumentEdits', () =>
    withServer(FILES, { capabilities: { workspace: { workspaceEdit: { documentChanges: true }, configuration: true }, window: { workDoneProgress: true } } }, async (c, root) => {
      const uri = await c.open(path.join(root, 'src/app.py'), 'python');
      const d = (await c.diagnostics(uri, has('LA101'))).find((x) => x.code === 'LA101')!;
      const disable = (await c.codeActions(uri, d)).find((a) => a.title === 'Disable LA101 for this line')!;
      const dc = disable.edit!.documentChanges as Array<{ textDocument: { uri: string; version: number }; edits: any[] }>;
      assert.deepEqual(dc[0].textDocument, { uri, version: 1 });
      assert.equal(applyEdits(HANDLER, dc[0].edits).split('\n')[4], '    # lambda-audit-ignore-next-line LA101 -- reason');
    }));
});
