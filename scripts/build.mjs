// Bundles the client, the language server and the CLI with esbuild into dist/.
// Usage: node scripts/build.mjs [--watch] [--no-minify]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit' });
const minify = !process.argv.includes('--no-minify');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build with dynamic requires that a bundle cannot resolve; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};
const shebang = { js: '#!/usr/bin/env node' };
const builds = [
  { entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/client.js'), external: ['vscode'] },
  { entryPoints: [path.join(root, 'server/src/server.ts')], outfile: path.join(root, 'dist/server.js'), banner: shebang },
  { entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(root, 'dist/cli.js'), banner: shebang },
].filter((b) => fs.existsSync(b.entryPoints[0]));
const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
for (const [i, r] of results.entries()) {
  const out = builds[i].outfile;
  if (builds[i].banner) fs.chmodSync(out, 0o755);
  const bytes = fs.statSync(out).size;
  console.log(`${path.relative(root, out)}  ${(bytes / 1024).toFixed(0)} KB`);
  fs.writeFileSync(out.replace(/\.js$/, '.meta.json'), JSON.stringify(r.metafile));
}
