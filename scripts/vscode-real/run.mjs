#!/usr/bin/env node
// Runs an extension's test suite inside a REAL VS Code extension host (Node), with no VS Code desktop download:
//   code-server (VS Code 1.139 server + web workbench) on 127.0.0.1 + Debian chromium (headless, playwright-core).
// The workbench is opened with ?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..],..], the mechanism
// of VS Code's own test/integration/browser. A built workbench honours the payload only when the server runs with
// `--vscode-option enable-smoke-test-driver`. When the tests module's run() promise settles, the workbench calls
// window.codeAutomationExit(code) (0 resolved, 1 rejected); the extension host's console (mocha's reporter) arrives
// through window.codeAutomationLog(level, args). Both are exposed to the page by this script.
//
// Usage:
//   node scripts/vscode-real/run.mjs --ext <extensionDir> --tests <abs path of the test entry exporting run()>
//        --folder <workspace folder> [--port N] [--env '{"VAR":"x"}'] [--timeout ms] [--screenshots <dir>] [--verbose]
//   --timeout: limit from opening the page to the extension host's exit, default 300000.  --verbose: also print the workbench's own
//   log lines.  Per-run state and logs: .vscode-test/real/state/run-<port>/, symlink state/last (code-server.log,
//   automation.log, browser-console.log, user-data/, extensions/, xdg/).
// Exit code: the extension host's exit code (0 pass, 1 fail); 3 timeout; 2 setup / infrastructure error;
//            130/143 interrupted (SIGINT/SIGTERM).
// code-server and every descendant process are always stopped on exit (recorded pid tree, never by name).
//
// Screenshots from the extension host (tests cannot reach the page, so they ask the runner through a file):
//   the test writes <folder>/.la-screenshot-request containing a name (e.g. "problems-panel"); the runner polls
//   for it every 200 ms, saves page.screenshot() to <screenshots>/<name>.png and then DELETES the request file.
//   The test waits until the file is gone (helper: scripts/vscode-real/screenshot-request.cjs). Without
//   --screenshots the request is deleted without a screenshot, so tests never hang. In the page itself the same
//   is available as window.laScreenshot(name) (page.exposeFunction).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';
import { ensureSetup, paths, SetupError, node24Env } from './setup.mjs';
import { freePort, makeProfile, codeServerFlags, launchChromium, newLoggedPage } from './codeserver.mjs';
import { descendants, alive, sleep, killTree, killTreeSync } from './proctree.mjs';
import { parseArgs } from './args.mjs';

const SCREENSHOT_REQUEST = '.la-screenshot-request';
// workbench start-up lines that reach codeAutomationLog too (hidden unless --verbose; always in automation.log)
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Ignoring fetching additional builtin extensions from gallery|No search provider registered for scheme)/;
const t0 = Date.now();
const ts = () => `[${((Date.now() - t0) / 1000).toFixed(1)}s]`;
const log = (...a) => console.log(`[vscode-real] ${ts()}`, ...a);
const fail = (msg) => { throw new SetupError(msg); };
const USAGE = 'usage: node scripts/vscode-real/run.mjs --ext <extensionDir> --tests <test entry exporting run()> --folder <workspace dir>\n' +
  '         [--port N] [--env JSON-object] [--timeout ms] [--screenshots dir] [--verbose]';

// ---------- main ----------
let server = null;       // code-server ChildProcess
let browser = null;
let cleaning = null;
let pollTimer = null;
let stateDir = null;

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (pollTimer) clearInterval(pollTimer);
    if (browser) { await Promise.race([browser.close().catch(() => {}), sleep(5000)]); }
    if (server?.pid) {
      const killed = await killTree(server.pid);
      if (killed?.length) log(`stopped code-server pid ${server.pid} and descendants: ${killed.join(' ')}`);
      if (stateDir) fs.rmSync(path.join(stateDir, 'code-server.pid'), { force: true });
    }
    // anything else we started (chromium if browser.close() hung): our own descendants, by pid
    const rest = descendants(process.pid).filter((p) => p !== process.pid);
    if (rest.length) { log(`stopping leftover child processes: ${rest.join(' ')}`); for (const p of rest) await killTree(p, 2000); }
  })();
  return cleaning;
}

function installExitHandlers() {
  process.on('exit', () => { if (server?.pid && alive(server.pid)) killTreeSync(server.pid); });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, async () => {
      log(`${sig}: stopping code-server and the browser`);
      await cleanup();
      process.exit(code);
    });
  }
}

async function main() {
  const opt = parseArgs(process.argv.slice(2), { usage: USAGE, extraFlags: ['--verbose'] });
  await ensureSetup();

  const port = opt.port ?? await freePort();
  // per-run state: state/run-<port>/ (fresh), state/last -> the latest. Old run dirs are pruned when their runner
  // (runner.pid) is gone and they are older than a minute (so a run starting in parallel is never touched).
  fs.mkdirSync(paths.state, { recursive: true });
  for (const d of fs.readdirSync(paths.state)) {
    const dir = path.join(paths.state, d);
    if (!d.startsWith('run-')) continue;
    let pid = 0; try { pid = Number(fs.readFileSync(path.join(dir, 'runner.pid'), 'utf8')); } catch {}
    const old = Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 60000;
    if (old && !(pid && alive(pid))) fs.rmSync(dir, { recursive: true, force: true });
  }
  stateDir = path.join(paths.state, `run-${port}`);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'runner.pid'), `${process.pid}\n`);
  try { fs.rmSync(path.join(paths.state, 'last'), { force: true }); fs.symlinkSync(`run-${port}`, path.join(paths.state, 'last')); } catch {}
  const { userData, extensionsDir, xdg } = makeProfile(stateDir);
  const config = path.join(stateDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // ---- code-server ----
  const serverLog = path.join(stateDir, 'code-server.log');
  const out = fs.openSync(serverLog, 'w');
  const args = [paths.codeServerEntry, '--config', config, ...codeServerFlags({ port, userData, extensionsDir }),
    // without this a built workbench ignores ?payload= (extensionDevelopmentPath / extensionTestsPath)
    '--vscode-option', 'enable-smoke-test-driver'];
  // EXTENSIONS_GALLERY={} : no marketplace (open-vsx is unreachable here; avoids gallery queries and their errors)
  server = spawn(paths.node24, args, { env: node24Env({ ...xdg, EXTENSIONS_GALLERY: '{}' }), stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  fs.writeFileSync(path.join(stateDir, 'code-server.pid'), `${server.pid}\n`);
  let serverExit = null;
  server.on('exit', (c, s) => { serverExit = s || c; });
  log(`code-server pid ${server.pid} on http://127.0.0.1:${port}/ (log ${serverLog})`);

  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (serverExit !== null) fail(`code-server exited (${serverExit}) before answering /healthz; log:\n${fs.readFileSync(serverLog, 'utf8').slice(-3000)}`);
    if (i > 240) fail(`code-server did not answer ${base}/healthz within 60 s; log: ${serverLog}`);
    try { if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break; } catch {}
    await sleep(250);
  }
  log('code-server is up');

  // ---- browser ----
  const require = createRequire(path.join(paths.playwrightDir, 'package.json'));
  const { chromium } = require('playwright-core');
  // we handle signals ourselves (cleanup above)
  browser = await launchChromium(chromium, xdg);
  const page = await newLoggedPage(browser, path.join(stateDir, 'browser-console.log'));

  // everything the workbench logs (its own lines + the extension host's console) -> automation.log;
  // the terminal gets the extension host's output (mocha) without the workbench's start-up chatter (--verbose: all)
  const automationLog = fs.createWriteStream(path.join(stateDir, 'automation.log'));
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (c) => resolveExit(c));
  await page.exposeFunction('codeAutomationLog', (level, a) => {
    let text;
    try { text = util.format(...(Array.isArray(a) ? a : [a])); } catch { text = String(a); }
    // the extension host's console lines come as "%c[Extension Host] ..." followed by a CSS argument
    text = text.replace(/%c/g, '').replace(/^\[Extension Host\] /, '').replace(/ color: [^\n]*$/, '');
    automationLog.write(`${level}: ${text}\n`);
    if (!opt.verbose && WORKBENCH_NOISE.test(text)) return;
    (level === 'error' ? process.stderr : process.stdout).write(text.split('\n').map((l) => `  | ${l}\n`).join(''));
  });

  let shotCount = 0;
  const screenshot = async (name) => {
    const safe = String(name || '').trim().replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || `screenshot-${++shotCount}`;
    if (!opt.screenshots) { log(`screenshot "${safe}" requested; no --screenshots dir, skipped`); return null; }
    fs.mkdirSync(opt.screenshots, { recursive: true });
    const file = path.join(opt.screenshots, `${safe}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
    return file;
  };
  await page.exposeFunction('laScreenshot', screenshot);

  // File-based screenshot requests from the extension host (see the header comment).
  const requestFile = path.join(opt.folder, SCREENSHOT_REQUEST);
  fs.rmSync(requestFile, { force: true });
  let busy = false;
  pollTimer = setInterval(async () => {
    if (busy || !fs.existsSync(requestFile)) return;
    busy = true;
    try {
      const name = fs.readFileSync(requestFile, 'utf8');
      try { await screenshot(name); } catch (e) { log(`screenshot failed: ${e.message}`); }
      fs.rmSync(requestFile, { force: true });
    } catch { /* vanished */ } finally { busy = false; }
  }, 200);

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${opt.ext}`],
    ['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${opt.tests}`],
    ['skipWelcome', 'true'],
  ];
  if (opt.env) payload.push(['extensionEnvironment', opt.env]);
  const url = `${base}/?folder=${encodeURIComponent(opt.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening the workbench: folder ${opt.folder}, extension ${opt.ext}, tests ${opt.tests}${opt.env ? `, env ${opt.env}` : ''}`);
  let timer;
  const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), opt.timeout); });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.min(opt.timeout, 60000) });
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    log(`TIMEOUT after ${opt.timeout} ms: the extension host never reported an exit (browser console: ${path.join(stateDir, 'browser-console.log')}, server log: ${serverLog})`);
    return 3;
  }
  log(`extension host exit code ${code}`);
  return typeof code === 'number' ? code : 1;
}

// A CLI: importing this file (for a look at it, or by mistake) must neither start code-server nor take over signals.
if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  installExitHandlers();
  let exitCode;
  try {
    exitCode = await main();
  } catch (e) {
    console.error(`[vscode-real] ERROR: ${e instanceof SetupError ? e.message : e.stack || e}`);
    exitCode = 2;
  }
  await cleanup();
  log(`exit ${exitCode}`);
  process.exit(exitCode);
}
