import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { cli, ensureBuilt, ROOT, tmpDir } from './run';

/** A generated workspace of 120 functions in 3 templates (the benchmark's generator: Python, JS and TS handlers). */
async function generated(): Promise<string> {
  const dir = path.join(tmpDir(), 'ws');
  const gen = (await import(path.join(ROOT, 'scripts/bench/generate.mjs'))) as { generateWorkspace: (dir: string, n: number) => unknown };
  gen.generateWorkspace(dir, 120);
  return dir;
}

before(ensureBuilt);

describe('CLI: the audit on worker threads', () => {
  let ws = '';
  before(async () => {
    ws = await generated();
  });

  /** The report of one run, through --output (a workspace's JSON report is larger than a pipe buffer of spawnSync). */
  const report = (args: string[], cwd: string): { code: number | null; stderr: string; text: string } => {
    const out = path.join(tmpDir(), 'report');
    const r = cli([...args, '--fail-on', 'never', '--output', out], cwd);
    return { code: r.code, stderr: r.stderr, text: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '' };
  };

  for (const format of ['json', 'sarif', 'text']) {
    it(`--jobs 3 prints exactly what --jobs 1 prints (${format}, generated workspace)`, () => {
      const serial = report(['--jobs', '1', '--format', format], ws);
      const parallel = report(['--jobs', '3', '--format', format], ws);
      assert.equal(serial.code, 0, serial.stderr);
      assert.equal(parallel.stderr, '');
      assert.equal(parallel.code, 0);
      // Not a vacuous comparison: the workspace has findings and function summaries that point at them.
      if (format === 'json') {
        const json = JSON.parse(serial.text) as { findings: unknown[]; functions: Array<{ findings: number[] }> };
        assert.ok(json.findings.length > 100, `${json.findings.length} findings`);
        assert.equal(json.functions.length, 120);
        assert.ok(json.functions.some((f) => f.findings.length > 0));
      }
      assert.equal(parallel.text, serial.text);
    });
  }

  it('--jobs 2 on the examples (several projects, template and code findings, fixes) matches --jobs 1', () => {
    const examples = path.join(ROOT, 'examples');
    const serial = report(['--jobs', '1', '--format', 'json', examples], ROOT);
    const parallel = report(['--jobs', '2', '--format', 'json', examples], ROOT);
    assert.equal(parallel.code, 0, parallel.stderr);
    assert.ok((JSON.parse(serial.text) as { findings: unknown[] }).findings.length > 10);
    assert.equal(parallel.text, serial.text);
  });

  it('rejects a --jobs that is not a whole number from 1 to 64 (exit 2)', () => {
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = cli(['--jobs', bad], ws);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, new RegExp(`invalid --jobs '${bad.replace('.', '\\.')}'`));
    }
  });
});
