// The language server's workspace audit on worker threads (audit/parallel.ts): a workspace above
// the size where threads pay off is audited off the main thread, with the same findings the CLI
// prints, the editor's unsaved text instead of the disk's, progress, and cancellation.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestClient, uriOf } from './client';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const cores = os.availableParallelism?.() ?? os.cpus().length;

interface CliFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** One comparable line per finding (1-based positions, as the CLI prints them). */
const key = (f: { ruleId: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string }) =>
  `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`;

describe('server audit on worker threads', () => {
  let ws = '';
  let handler = '';
  let c: TestClient;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'la-audit-workers-'));
    const gen = (await import(path.join(ROOT, 'scripts/bench/generate.mjs'))) as { generateWorkspace: (dir: string, n: number) => { handler300: string } };
    // About 0.9 MB of handlers and templates: above the size where the audit goes to threads.
    handler = gen.generateWorkspace(ws, 60).handler300;
    c = await TestClient.start(ws);
  });

  after(async () => {
    await c?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  test('finds what the CLI finds, except where the editor holds unsaved text, which it audits instead', async () => {
    // Unsaved in the editor: the handler's first line broken (the disk copy parses).
    const disk = fs.readFileSync(handler, 'utf8');
    const unsaved = 'def broken(:\n' + disk;
    await c.open(handler, 'python', unsaved);

    const report = await c.executeCommand('lambdaAudit.audit', [{}]);
    assert.equal(report.cancelled, false);
    assert.equal(report.workerThreads, cores > 1 ? Math.min(cores, 8) : 0);
    assert.equal(report.functions.length, 60);

    const cli = spawnSync(process.execPath, [CLI, '.', '--jobs', '1', '--format', 'json', '--fail-on', 'never'], { cwd: ws, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(cli.status, 0, cli.stderr);
    const expected = (JSON.parse(cli.stdout).findings as CliFinding[])
      .map((f) => ({ ...f, file: path.resolve(ws, f.path) }))
      .filter((f) => f.file !== handler)
      .map(key)
      .sort();
    const fromServer = (report.findings as Array<{ ruleId: string; uri: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>)
      .map((f) => ({ ...f, file: f.uri === uriOf(handler) ? handler : decodeURIComponent(new URL(f.uri).pathname) }));
    const others = fromServer
      .filter((f) => f.file !== handler)
      .map((f) => key({ ...f, line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 }))
      .sort();
    const missing = expected.filter((k) => !others.includes(k));
    const extra = others.filter((k) => !expected.includes(k));
    assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }, { missing: [], extra: [] });
    assert.equal(others.length, expected.length);
    assert.ok(expected.length > 100, `a workspace with many findings (${expected.length})`);
    // The open handler was audited as the editor has it: a syntax error on line 1, nothing else.
    const mine = fromServer.filter((f) => f.file === handler);
    assert.deepEqual(
      mine.map((f) => [f.ruleId, f.range.start.line]),
      [['LA002', 0]],
    );
  });

  test('the audit threads run below normal priority, the main thread of the server at normal priority (Linux)', { skip: process.platform !== 'linux' || cores < 2 ? 'Linux with 2+ cores only' : false }, async () => {
    const pid = c.child.pid!;
    /** nice value of each thread of the server process (field 19 of /proc/<pid>/task/<tid>/stat). */
    const niceValues = () =>
      fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          return [{ tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) }];
        } catch {
          return []; // the thread ended meanwhile
        }
      });
    const seen = new Map<number, number>();
    let running = true;
    const pending = c.executeCommand('lambdaAudit.audit', [{}]).finally(() => (running = false));
    while (running) {
      for (const t of niceValues()) seen.set(t.tid, Math.max(seen.get(t.tid) ?? 0, t.nice));
      await new Promise((r) => setTimeout(r, 5));
    }
    const report = await pending;
    assert.equal(report.cancelled, false);
    assert.equal(seen.get(pid), 0, 'the main thread keeps the normal priority');
    assert.equal([...seen.values()].filter((n) => n === 10).length, report.workerThreads, JSON.stringify([...seen]));
  });

  test('progress reaches 100%, and cancelling from the progress UI stops the workers and leaves the server working', async () => {
    const first = await c.executeCommand('lambdaAudit.audit', [{}]);
    const token = c.createdProgress.at(-1);
    const pct = c.progress.filter((p) => p.token === token && p.value.kind === 'report').map((p) => p.value.percentage);
    assert.equal(pct.at(-1), 100);
    assert.ok(pct.every((p, i) => i === 0 || p >= pct[i - 1]), `percentages only grow: ${pct.join(',')}`);
    assert.equal(first.cancelled, false);

    const created = c.createdProgress.length;
    const pending = c.executeCommand('lambdaAudit.audit', [{}]);
    await c.waitFor(() => c.createdProgress.length > created);
    const second = c.createdProgress.at(-1);
    await c.waitFor(() => c.progress.some((p) => p.token === second && p.value.kind === 'report'));
    await c.conn.sendNotification('window/workDoneProgress/cancel', { token: second });
    const report = await pending;
    assert.equal(report.cancelled, true);
    assert.equal(c.progress.filter((p) => p.token === second).at(-1)!.value.kind, 'end');

    // Still linting: an edit to the open handler (the syntax error taken out) gets fresh diagnostics.
    const uri = uriOf(handler);
    const since = c.mark();
    await c.change(uri, fs.readFileSync(handler, 'utf8'));
    const ds = await c.diagnostics(uri, (d) => !d.some((x) => x.code === 'LA002'), since);
    assert.ok(ds.length > 0, 'the generated handler has findings of its own');
  });
});
