// Bad input on a real disk: symlink loops, binary and huge files, BOM/CRLF, invalid UTF-8,
// deep nesting and handlers outside the workspace, read through NodeFileHost (in a worker with a
// deadline) and through the bundled CLI (exit 0/1/2, never a stack trace, never a hang).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HANDLER, fuzzFn, fuzzTemplate } from './fixtures';
import { assertSound, runCases } from './harness';
import { ROOT, binary, deepJson, deepPython, flipBytes, invalidUtf8, withBom, withCrlf, yamlBillionLaughs } from './mutations';

const CLI = path.join(ROOT, 'dist/cli.js');

// OrdersFunction is the good one; the other two point outside the workspace.
const TEMPLATE = fuzzTemplate(fuzzFn('OutsideFunction', '../outside/', 'app.lambda_handler') + fuzzFn('EtcFunction', '../../../../../../etc', 'passwd.handler'));

/** A stack frame line of a Node stack trace. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

function write(root: string, rel: string, data: string | Buffer): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
}

function cli(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function assertCleanExit(what: string, r: ReturnType<typeof cli>): void {
  assert.equal(r.signal, null, `${what}: killed by ${r.signal} (hang?)`);
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${what}: exit ${r.status}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, STACK_FRAME, `${what}: stack trace on stderr`);
  assert.doesNotMatch(r.stderr, /internal error/, `${what}: internal error`);
}

describe('bad input on disk', () => {
  let base: string;
  let ws: string;
  before(() => {
    if (!fs.existsSync(CLI)) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-audit-fuzz-disk-')));
    ws = path.join(base, 'ws');
    write(ws, 'template.yaml', TEMPLATE);
    write(ws, 'src/app.py', HANDLER);
    write(base, 'outside/app.py', HANDLER);
    // Symlink loops: a folder link back to the root, a two-link cycle, a link to itself, a dangling link.
    fs.mkdirSync(path.join(ws, 'loop'));
    fs.symlinkSync('..', path.join(ws, 'loop/up'));
    fs.symlinkSync('c', path.join(ws, 'loop/b'));
    fs.symlinkSync('b', path.join(ws, 'loop/c'));
    fs.symlinkSync('self.yaml', path.join(ws, 'loop/self.yaml'));
    fs.symlinkSync('/nonexistent/lambda-audit', path.join(ws, 'loop/dangling.py'));
    fs.symlinkSync(path.join(ws, 'loop'), path.join(ws, 'loop/again'));
    // Binary files with the names the engine reads.
    write(ws, 'bin/template.yaml', Buffer.concat([Buffer.from('Resources:\n'), binary(50_000, 1)]));
    write(ws, 'bin/app.py', binary(50_000, 2));
    write(ws, 'bin/index.ts', binary(50_000, 3));
    write(ws, 'bin/template.json', binary(50_000, 4));
    // A 10 MB template.
    write(ws, 'big/template.yaml', TEMPLATE + '# padding padding padding padding\n'.repeat(320_000));
    // The same project with a BOM and CRLF, and a plain copy to compare with.
    write(ws, 'plain/template.yaml', TEMPLATE.replace('../outside/', 'src/'));
    write(ws, 'plain/src/app.py', HANDLER);
    write(ws, 'bom/template.yaml', withBom(withCrlf(TEMPLATE.replace('../outside/', 'src/'))));
    write(ws, 'bom/src/app.py', withBom(withCrlf(HANDLER)));
    // Invalid UTF-8, flipped bytes, deep nesting, an alias bomb.
    write(ws, 'utf8/template.yaml', invalidUtf8(TEMPLATE));
    write(ws, 'utf8/src/app.py', invalidUtf8(HANDLER));
    write(ws, 'flipped/template.yaml', flipBytes(TEMPLATE, 20, 5));
    write(ws, 'flipped/src/app.py', flipBytes(HANDLER, 20, 6));
    write(ws, 'deep/template.json', deepJson());
    write(ws, 'deep/app.py', deepPython());
    write(ws, 'bomb/template.yaml', yamlBillionLaughs());
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('NodeFileHost: a whole-workspace audit finishes, finds the good handler and keeps ranges valid', async () => {
    const [r] = await runCases([{ name: 'disk audit', disk: ws, audit: true, targets: ['template.yaml', 'src/app.py', 'big/template.yaml', 'bin/app.py', 'loop/dangling.py'] }], 30_000);
    assertSound([r]);
    assert.ok(r.audited!.includes(path.join(ws, 'src/app.py')), 'the good handler is audited');
    assert.ok(r.findings.some((f) => f.file === path.join(ws, 'src/app.py') && f.ruleId === 'LA101'), 'LA101 still found beside the bad files');
    const big = r.findings.filter((f) => f.file === path.join(ws, 'big/template.yaml'));
    assert.ok(big.length >= 1 && big.every((f) => f.severity === 'info' && /over the \d+ MB limit/.test(f.message)), JSON.stringify(big));
    // The folder reached again through loop/up and loop/again is read once.
    assert.equal(new Set(r.audited).size, r.audited!.length);
    assert.ok(!r.audited!.some((f) => f.includes(`${path.sep}up${path.sep}`) || f.includes(`${path.sep}again${path.sep}`)), 'no file is reached through a loop');
  });

  test('the CLI audits the folder: exit 0/1, JSON out, no stack trace', () => {
    const r = cli(ws, ['.', '--format', 'json', '--fail-on', 'never']);
    assertCleanExit('cli .', r);
    assert.equal(r.status, 0);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; ruleId: string; severity: string; message: string }> };
    const ids = (dir: string) => report.findings.filter((f) => f.path.startsWith(`${dir}/`)).map((f) => `${f.path.slice(dir.length)} ${f.ruleId}`).sort();
    // BOM and CRLF change nothing.
    assert.ok(ids('plain').length > 0);
    assert.deepEqual(ids('bom'), ids('plain'));
    const big = report.findings.filter((f) => f.path === 'big/template.yaml');
    assert.equal(big.length, 1, JSON.stringify(big));
    assert.equal(big[0].severity, 'info');
  });

  test('the CLI on each bad file named directly: a clear message or a report, exit 0/1/2', () => {
    const paths = ['bin/app.py', 'bin/template.yaml', 'bin/index.ts', 'bin/template.json', 'big/template.yaml', 'utf8/template.yaml', 'flipped/src/app.py', 'deep/template.json', 'deep/app.py', 'bomb/template.yaml', 'loop', 'loop/up', 'loop/again'];
    for (const p of paths) {
      const r = cli(ws, [p, '--format', 'json']);
      assertCleanExit(p, r);
      assert.notEqual(r.status, 2, `${p}: a readable file is audited\n${r.stderr}`);
      JSON.parse(r.stdout);
    }
    for (const p of ['loop/b', 'loop/self.yaml', 'loop/dangling.py', 'missing/template.yaml']) {
      const r = cli(ws, [p]);
      assertCleanExit(p, r);
      assert.equal(r.status, 2, `${p}: unreadable path is a usage error`);
      assert.match(r.stderr, new RegExp(`^lambda-audit: cannot read '${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': .+`), r.stderr);
    }
  });
});
