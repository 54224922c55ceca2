// `npm test`: the three layers, in order, with one closing summary line.
//   1. typecheck (tsc) and bundle (esbuild)
//   2. engine, CLI and LSP tests (node:test; the LSP tests spawn the bundled server over stdio)
//   3. the mocha suite inside a real VS Code extension host (scripts/vscode-real/run.mjs;
//      installs and caches what it needs under .vscode-test/ on first use)
// LAMBDA_AUDIT_SKIP_VSCODE=1 skips layer 3 (and says so in the summary).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
function step(name, cmd, args, { expectTests = false, ...opts } = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  opts.expectTests = expectTests;
  process.stdout.write(r.stdout ?? '');
  const out = r.stdout ?? '';
  let passed = 0;
  let failed = 0;
  const pass = /^ℹ pass (\d+)$/m.exec(out);
  const fail = /^ℹ fail (\d+)$/m.exec(out);
  const plain = [...out.matchAll(/^[\s|]*(\d+) passed, (\d+) failed/gm)].pop(); // the VS Code runner prefixes extension-host lines with '  | '
  if (pass) {
    passed = Number(pass[1]);
    failed = Number(fail?.[1] ?? 0);
  } else if (plain) {
    passed = Number(plain[1]);
    failed = Number(plain[2]);
  }
  // A test layer that ran no test is not a pass.
  const ok = r.status === 0 && (!opts.expectTests || passed > 0);
  if (!ok && failed === 0) failed = 1; // a step that failed without counting tests still fails the run
  results.push({ name, ok, passed, failed, seconds: (Date.now() - t0) / 1000 });
  return ok;
}

const node = process.execPath;
// The rule index is generated from the rules folder (gitignored): make it before tsc reads it.
const built = step('rule index', node, ['scripts/gen-rule-index.mjs']) &&
  step('typecheck', node, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']) &&
  step('build', node, ['scripts/build.mjs']);
if (built) {
  step('engine, CLI and language-server tests', node, ['scripts/run-node-tests.mjs'], { expectTests: true });
  if (process.env.LAMBDA_AUDIT_SKIP_VSCODE === '1') console.log('\n=== real VS Code suite: skipped (LAMBDA_AUDIT_SKIP_VSCODE=1)');
  else if (fs.existsSync(path.join(root, 'scripts/vscode-real/run.mjs')) && fs.existsSync(path.join(root, 'test/vscode/index.js')))
    step('real VS Code suite (code-server + Chromium)', node, [
      'scripts/vscode-real/run.mjs',
      '--ext', root,
      '--tests', path.join(root, 'test/vscode/index.js'),
      '--folder', path.join(root, 'examples'),
      '--screenshots', path.join(root, '.vscode-test/screenshots'),
    ], { expectTests: true });
}
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
