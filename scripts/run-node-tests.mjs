// Runs the engine and LSP test files with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-node-tests.mjs [dir-or-file ...]   (default: test/engine test/rules test/cli test/lsp test/fuzz)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const roots = args.length ? args : ['test/engine', 'test/rules', 'test/cli', 'test/lsp', 'test/fuzz'];
const files = [];
const walk = (p) => {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isFile()) {
    if (/\.test\.ts$/.test(p)) files.push(p);
    return;
  }
  for (const n of fs.readdirSync(p).sort()) if (n !== 'fixtures' && n !== 'node_modules') walk(path.join(p, n));
};
roots.forEach(walk);
if (!files.length) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
