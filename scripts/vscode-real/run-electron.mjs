#!/usr/bin/env node
// The same extension test suite in VS Code DESKTOP (Electron), via @vscode/test-electron, for machines that can
// download VS Code from update.code.visualstudio.com. Not used in CI here (no such download possible); the CI
// path is run.mjs (code-server + headless chromium).
//
// Usage:
//   node scripts/vscode-real/run-electron.mjs --ext <extensionDir> --tests <test entry exporting run()>
//        --folder <workspace folder> [--env '{"VAR":"x"}'] [--timeout ms] [--vscode-version stable|1.91.0|insiders]
//        [--vscode-executable <path of an installed VS Code binary; skips the download>]
// Needs the devDependency @vscode/test-electron in the repository. VS Code is cached in <repo>/.vscode-test/.
// On Linux without a display run it under `xvfb-run -a`.
// Exit code: 0 pass, 1 tests failed, 2 setup error (VS Code download failed, module missing), 3 timeout.
// Screenshot requests (<folder>/.la-screenshot-request, see run.mjs) are acknowledged without a picture, so the
// same tests do not hang here. --port and --screenshots are accepted for compatibility and ignored.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, SetupError } from './setup.mjs';
import { descendants, killTree, killTreeSync } from './proctree.mjs';
import { parseArgs } from './args.mjs';

const USAGE = 'usage: node scripts/vscode-real/run-electron.mjs --ext <extensionDir> --tests <test entry exporting run()> --folder <workspace dir>\n' +
  '         [--env JSON-object] [--timeout ms] [--vscode-version stable|<x.y.z>|insiders] [--vscode-executable <path>]';
const log = (...a) => console.log('[vscode-electron]', ...a);
const killAllChildren = async () => { for (const p of descendants(process.pid)) await killTree(p, 3000); };
process.on('exit', () => { for (const p of descendants(process.pid)) killTreeSync(p); });
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, async () => { log(`${sig}: stopping VS Code`); await killAllChildren(); process.exit(code); });
}

async function main() {
  const opt = parseArgs(process.argv.slice(2), { usage: USAGE, extraValued: ['--vscode-version', '--vscode-executable'] });
  let testElectron;
  try {
    testElectron = createRequire(path.join(REPO, 'package.json'))('@vscode/test-electron');
  } catch (e) {
    throw new SetupError(`@vscode/test-electron is not installed in ${REPO}: add the devDependency and run npm install ` +
      `(${e.code === 'MODULE_NOT_FOUND' ? 'module not found' : e.message})`);
  }
  const { downloadAndUnzipVSCode, runTests } = testElectron;
  const version = opt['vscode-version'] || 'stable';
  const cachePath = path.join(REPO, '.vscode-test');

  let vscodeExecutablePath = opt['vscode-executable'] && path.resolve(opt['vscode-executable']);
  if (vscodeExecutablePath && !fs.existsSync(vscodeExecutablePath)) throw new SetupError(`--vscode-executable ${vscodeExecutablePath}: not found`);
  if (!vscodeExecutablePath) try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath, timeout: 30000 });
  } catch (e) {
    throw new SetupError(`could not download VS Code ${version} into ${cachePath}: ${e.message || e}\n` +
      'This needs access to update.code.visualstudio.com. Without it, run the suite in the real VS Code server ' +
      'instead: node scripts/vscode-real/run.mjs (code-server + headless chromium).');
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('warning: no $DISPLAY; on a headless Linux machine run this under `xvfb-run -a`');
  }

  const requestFile = path.join(opt.folder, '.la-screenshot-request');
  fs.rmSync(requestFile, { force: true });
  const poll = setInterval(() => {
    if (fs.existsSync(requestFile)) {
      log(`screenshot "${fs.readFileSync(requestFile, 'utf8').trim()}" requested: not supported with Electron, skipped`);
      fs.rmSync(requestFile, { force: true });
    }
  }, 200);

  let timer;
  const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), opt.timeout); });
  const run = runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: opt.ext,
    extensionTestsPath: opt.tests,
    launchArgs: [opt.folder],
    extensionTestsEnv: opt.envObject,
  }).then(() => 0, (e) => {
    log(`test run failed: ${e?.message || e}`);
    return 1;
  });
  const code = await Promise.race([run, timedOut]);
  clearTimeout(timer); clearInterval(poll);
  if (code === 'timeout') { log(`TIMEOUT after ${opt.timeout} ms`); return 3; }
  return code;
}

let exitCode;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[vscode-electron] ERROR: ${e instanceof SetupError ? e.message : e.stack || e}`);
  exitCode = 2;
}
await killAllChildren();
log(`exit ${exitCode}`);
process.exit(exitCode);
