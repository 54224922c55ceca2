#!/usr/bin/env node
// End-to-end check of the PACKAGED extension, the way a user gets it: build lambda-audit.vsix, install it into a
// fresh extensions dir with code-server's `--install-extension`, open a temp copy of examples/ in the plain
// workbench (no test payload, no smoke-test driver) and drive the UI with playwright-core + Debian chromium:
//   1 package + install + start     2 squiggles + Problems rows (LA101, LA102)     3 quick fix menu + hoist
//   4 "Lambda Audit: Audit Lambda" report webview     5 template.yaml LA201 squiggles
// and saves README screenshots (1400x900) to docs/images/{squiggles,lightbulb,report,template}.png.
//
// Usage: node scripts/vscode-real/e2e-vsix.mjs [--vsix PATH] [--shots DIR] [--port N] [--keep-tmp]
//   --vsix: use this .vsix instead of running `npm run package`.   --shots: screenshot dir (default docs/images).
// Prints PASS/FAIL per step; exit 0 when all pass, 1 when a step fails, 2 on a setup error.
// Per-run state and logs: .vscode-test/real/state/e2e-<port>/ (code-server.log, browser-console.log, failure-*.png).
// code-server and every descendant are always stopped (recorded pid tree, never by name).
//
// Free port, quiet profile, code-server flags and the browser come from codeserver.mjs (shared with run.mjs);
// setup and process-tree helpers are shared too.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSetup, paths, REPO, SetupError, node24Env } from './setup.mjs';
import { freePort, makeProfile, codeServerFlags, launchChromium, newLoggedPage } from './codeserver.mjs';
import { descendants, alive, sleep, killTree, killTreeSync } from './proctree.mjs';

const t0 = Date.now();
const ts = () => `[${((Date.now() - t0) / 1000).toFixed(1)}s]`;
const log = (...a) => console.log(`[e2e-vsix] ${ts()}`, ...a);
const USAGE = 'usage: node scripts/vscode-real/e2e-vsix.mjs [--vsix PATH] [--shots DIR] [--port N] [--keep-tmp]';

function parseArgs(argv) {
  const o = { shots: path.join(REPO, 'docs', 'images') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new SetupError(`${a} needs a value`); return argv[++i]; };
    if (a === '--vsix') o.vsix = path.resolve(val());
    else if (a === '--shots') o.shots = path.resolve(val());
    else if (a === '--port') o.port = Number(val());
    else if (a === '--keep-tmp') o.keepTmp = true;
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else throw new SetupError(`unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

// ---------- process lifetime ----------
let server = null;
let browser = null;
let tmpDir = null;
let keepTmp = false;
let cleaning = null;

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    if (server?.pid) {
      const killed = await killTree(server.pid);
      if (killed?.length) log(`stopped code-server pid ${server.pid} and descendants: ${killed.join(' ')}`);
    }
    const rest = descendants(process.pid).filter((p) => p !== process.pid);
    if (rest.length) { log(`stopping leftover child processes: ${rest.join(' ')}`); for (const p of rest) await killTree(p, 2000); }
    if (tmpDir && !keepTmp) fs.rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}
process.on('exit', () => { if (server?.pid && alive(server.pid)) killTreeSync(server.pid); });
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, async () => { log(`${sig}: stopping`); await cleanup(); process.exit(code); });
}

// ---------- steps ----------
const results = [];
async function step(name, fn) {
  const s0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${((Date.now() - s0) / 1000).toFixed(1)}s)${detail ? `: ${detail}` : ''}`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    log(`FAIL ${name} (${((Date.now() - s0) / 1000).toFixed(1)}s): ${e.message}`);
    if (process.env.E2E_DEBUG) console.error(e.stack);
    if (failureShot) await failureShot(name).catch(() => {});
    return false;
  }
}
let failureShot = null;
const check = (cond, msg) => { if (!cond) throw new Error(msg); };

/** Polls fn until it returns a truthy value; throws with `what` (and the last value) after timeoutMs. */
async function until(what, fn, timeoutMs = 30000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e.message; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last !== undefined ? ` (last: ${JSON.stringify(last)?.slice(0, 400)})` : ''}`);
    await sleep(everyMs);
  }
}

function packageVsix() {
  log('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-25).join('\n')}`);
  const vsix = path.join(REPO, 'lambda-audit.vsix');
  check(fs.existsSync(vsix), `${vsix} was not written`);
  return vsix;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  keepTmp = !!opt.keepTmp;
  await ensureSetup();
  const require = createRequire(path.join(paths.playwrightDir, 'package.json'));
  const { chromium } = require('playwright-core');

  const port = opt.port ?? await freePort();
  // per-run state (like run.mjs's run-<port>): earlier e2e-* dirs are pruned once their runner is gone
  fs.mkdirSync(paths.state, { recursive: true });
  for (const d of fs.readdirSync(paths.state).filter((n) => n.startsWith('e2e-'))) {
    let pid = 0; try { pid = Number(fs.readFileSync(path.join(paths.state, d, 'runner.pid'), 'utf8')); } catch {}
    if (!(pid && alive(pid))) fs.rmSync(path.join(paths.state, d), { recursive: true, force: true });
  }
  const stateDir = path.join(paths.state, `e2e-${port}`);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'runner.pid'), `${process.pid}\n`);
  // the same quiet profile as run.mjs: no startup editor, telemetry, updates, AI/chat or git
  const { userData, extensionsDir, xdg } = makeProfile(stateDir);
  const env = node24Env({ ...xdg, EXTENSIONS_GALLERY: '{}' });
  const base = `http://127.0.0.1:${port}`;
  fs.mkdirSync(opt.shots, { recursive: true });
  const shotsTaken = [];

  let page = null;
  failureShot = async (name) => {
    if (!page) return;
    const f = path.join(stateDir, `failure-${name.replace(/[^A-Za-z0-9]+/g, '-')}.png`);
    await page.screenshot({ path: f });
    log(`  failure screenshot ${f}`);
  };
  const shot = async (name) => {
    const f = path.join(opt.shots, `${name}.png`);
    await page.screenshot({ path: f });
    shotsTaken.push(f);
    log(`  screenshot ${path.relative(REPO, f)}`);
  };

  // ---- 1: package, install, start ----
  const ok1 = await step('1 package + install .vsix + start code-server', async () => {
    const vsix = opt.vsix ?? packageVsix();
    check(fs.existsSync(vsix), `--vsix ${vsix}: not found`);
    const inst = spawnSync(paths.node24, [paths.codeServerEntry, '--user-data-dir', userData, '--extensions-dir', extensionsDir,
      '--install-extension', vsix], { env, encoding: 'utf8' });
    const out = `${inst.stdout}${inst.stderr}`.trim();
    check(inst.status === 0 && /successfully installed/i.test(out), `--install-extension failed (exit ${inst.status}): ${out}`);
    const installed = fs.readdirSync(extensionsDir).filter((d) => d.startsWith('lambda-audit.lambda-audit-'));
    check(installed.length === 1, `expected one lambda-audit.lambda-audit-* in ${extensionsDir}, found ${fs.readdirSync(extensionsDir).join(', ')}`);
    const extDir = path.join(extensionsDir, installed[0]);
    for (const f of ['package.json', 'dist/client.js', 'dist/server.js']) check(fs.existsSync(path.join(extDir, f)), `installed extension lacks ${f}`);
    check(!fs.existsSync(path.join(extDir, 'server', 'src')), 'installed extension contains server/src (.vscodeignore not applied?)');

    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'la-e2e-'));
    // leftovers of test:vscode runs in examples/ (gitignored) are not part of the example
    const skip = new Set(['.test-results.json', '.la-screenshot-request']);
    fs.cpSync(path.join(REPO, 'examples'), path.join(tmpDir, 'examples'), { recursive: true, filter: (src) => !skip.has(path.basename(src)) });

    const serverLog = path.join(stateDir, 'code-server.log');
    const fd = fs.openSync(serverLog, 'w');
    server = spawn(paths.node24, [paths.codeServerEntry, ...codeServerFlags({ port, userData, extensionsDir })],
      { env, stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    let exit = null;
    server.on('exit', (c, s) => { exit = s || c; });
    await until('/healthz', async () => {
      if (exit !== null) throw new Error(`code-server exited (${exit}); log ${serverLog}`);
      return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
    }, 60000);
    return `${path.relative(REPO, vsix) || vsix} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB) -> ${installed[0]}; code-server pid ${server.pid} on ${base}`;
  });
  if (!ok1) return 1;

  browser = await launchChromium(chromium, xdg);
  page = await newLoggedPage(browser, path.join(stateDir, 'browser-console.log'));
  const ws = path.join(tmpDir, 'examples');
  await page.goto(`${base}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60000 });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60000 });
  await sleep(1500);   // let the workbench finish restoring before we type into it

  const kb = page.keyboard;
  const editor = '.part.editor .editor-group-container.active .monaco-editor';
  const quickOpen = async (text) => {
    await kb.press('Control+P');
    const input = page.locator('.quick-input-widget input[type="text"]').first();
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(text);
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15000 });
    await sleep(300);
    await kb.press('Enter');
  };
  const command = async (label) => {
    await kb.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]').first();
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${label}`);
    await until(`command "${label}" in the palette`, () => page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().isVisible(), 15000);
    await kb.press('Enter');
  };
  const gotoLine = async (lineCol) => {
    await page.locator(`${editor} textarea`).first().focus();
    await kb.press('Control+G');
    const input = page.locator('.quick-input-widget input[type="text"]').first();
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`:${lineCol}`);
    await sleep(200);
    await kb.press('Enter');
    await sleep(300);
  };
  // the active editor tab's label, e.g. "app.py, preview" (aria-label; innerText also carries the problem count)
  const openProblems = async () => {
    if (await page.locator('.markers-panel').first().isVisible().catch(() => false)) return;
    await kb.press('Control+Shift+M');
    await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 10000 });
  };
  const activeTab = () => page.evaluate(() => [...document.querySelectorAll('.part.editor .editor-group-container.active .tab.active')]
    .map((t) => `${t.getAttribute('aria-label')} | ${t.className}`).join(' || '));
  const problemRows = () => page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
  // squiggle decorations of the active editor whose vertical band overlaps the rendered line containing `snippet`
  const squigglesOnLine = (snippet) => page.evaluate(({ sel, snippet }) => {
    const ed = document.querySelector(sel);
    if (!ed) return null;
    const line = [...ed.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(snippet));
    if (!line) return null;
    const lb = line.getBoundingClientRect();
    return [...ed.querySelectorAll('.squiggly-warning, .squiggly-error, .squiggly-info')]
      .filter((s) => { const b = s.getBoundingClientRect(); return b.bottom > lb.top + 1 && b.top < lb.bottom - 1; })
      .map((s) => s.className.match(/squiggly-\w+/)[0]);
  }, { sel: editor, snippet });

  // ---- 2: squiggles + Problems ----
  let la101Pos = null;
  await step('2 app.py squiggles + Problems panel lists LA101 and LA102 (source lambda-audit)', async () => {
    await quickOpen('src/orders/app.py');
    await until('app.py to be the active editor', async () => { const t = await activeTab(); if (!t.includes('app.py')) throw new Error(t); return t; }, 15000);
    // the findings are at lines 57 and 63, below the fold: squiggles are only rendered once they are scrolled in
    await openProblems();
    const rows = await until('Problems rows for LA101 and LA102', async () => {
      const r = await problemRows();
      return r.some((t) => t.includes('LA101')) && r.some((t) => t.includes('LA102')) ? r : null;
    }, 30000);
    for (const id of ['LA101', 'LA102']) {
      const row = rows.find((t) => t.includes(id));
      check(/lambda-audit\s*\(?LA10[12]/.test(row) || (row.includes('lambda-audit') && row.includes(id)), `${id} row does not name source lambda-audit: ${row}`);
    }
    const row101 = rows.find((t) => t.includes('LA101'));
    const m = row101.match(/\[Ln (\d+), Col (\d+)\]/);
    check(m, `no [Ln, Col] in the LA101 row: ${row101}`);
    la101Pos = { line: Number(m[1]), col: Number(m[2]) };
    // show the LA101/LA102 lines in the editor for the screenshot, cursor parked at the line start
    await gotoLine(`${la101Pos.line}`);
    const sq = await until('a squiggle on the LA101 line', () => squigglesOnLine('boto3.client("sqs")').then((s) => s?.length ? s : null), 15000);
    await page.locator(`${editor} textarea`).first().focus();
    await sleep(800);
    await shot('squiggles');
    return `rows: ${rows.map((r) => `"${r}"`).join(' | ')}; squiggle on the sqs line: ${sq.join(',')}`;
  });

  // ---- 3: quick fix menu + hoist ----
  await step('3 quick fix menu on LA101 + hoist', async () => {
    check(la101Pos, 'no LA101 position from step 2');
    await gotoLine(`${la101Pos.line}:${la101Pos.col}`);
    await kb.press('Control+.');
    const menuSel = '.action-widget';
    await page.waitForSelector(menuSel, { state: 'visible', timeout: 15000 });
    const items = await until('quick fix menu entries', async () => {
      const t = await page.$$eval(`${menuSel} .monaco-list-row`, (rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean));
      return t.some((x) => x.includes('Hoist client initialization out of the handler')) ? t : null;
    }, 15000);
    check(items.some((x) => x.includes('Disable LA101 for this line')), `menu lacks "Disable LA101 for this line": ${items.join(' | ')}`);
    await sleep(500);
    await shot('lightbulb');
    await page.locator(`${menuSel} .monaco-list-row`, { hasText: 'Hoist client initialization out of the handler' }).first().click();
    await page.waitForSelector(menuSel, { state: 'hidden', timeout: 10000 }).catch(() => {});
    // the edit is in the editor buffer; save it and read the temp copy (the repo's examples/ stay untouched)
    await page.locator(`${editor} textarea`).first().focus();
    await kb.press('Control+S');
    const file = path.join(ws, 'src', 'orders', 'app.py');
    const text = await until('the saved app.py to contain a module-level sqs client', () => {
      const t = fs.readFileSync(file, 'utf8');
      return t.split('\n').some((l) => l.startsWith('sqs = boto3.client("sqs")')) ? t : null;
    }, 15000);
    const lines = text.split('\n');
    const hoistedAt = lines.findIndex((l) => l.startsWith('sqs = boto3.client("sqs")')) + 1;
    const handlerAt = lines.findIndex((l) => l.startsWith('def lambda_handler')) + 1;
    check(hoistedAt < handlerAt, `hoisted line ${hoistedAt} is not above the handler (line ${handlerAt})`);
    check(!lines.some((l) => /^\s+sqs = boto3\.client/.test(l)), 'the indented sqs = boto3.client(...) is still inside the handler');
    const orig = fs.readFileSync(path.join(REPO, 'examples', 'src', 'orders', 'app.py'), 'utf8');
    check(orig.includes('    sqs = boto3.client("sqs")'), 'repo examples/src/orders/app.py was modified');
    // re-linted: no LA101 in Problems, no squiggle on the hoisted line (scroll it into view first)
    await until('LA101 to leave the Problems panel', async () => {
      const r = await problemRows();
      return !r.some((t) => t.includes('LA101')) && r.some((t) => t.includes('LA102'));
    }, 20000);
    await gotoLine(`${hoistedAt}`);
    const sq = await until('the hoisted line rendered without squiggles', async () => {
      const s = await squigglesOnLine('sqs = boto3.client("sqs")');
      return s && s.length === 0 ? 'none' : null;
    }, 15000);
    const ctx = lines.slice(Math.max(0, hoistedAt - 3), hoistedAt + 1).map((l, i) => `${Math.max(1, hoistedAt - 2) + i}: ${l}`).join(' / ');
    return `menu: ${items.map((x) => `"${x}"`).join(', ')}; after hoist line ${hoistedAt} (handler at ${handlerAt}): ${ctx}; squiggles on it: ${sq}`;
  });

  // ---- 4: audit report ----
  await step('4 "Lambda Audit: Audit Lambda" report webview', async () => {
    await command('Lambda Audit: Audit Lambda');
    await until('the "Lambda Audit report" tab', () => page.locator('.part.editor .tab', { hasText: 'Lambda Audit report' }).first().isVisible(), 30000);
    const want = ['OrdersFunction', 'ThumbnailsFunction', 'NotifyFunction', 'LA201'];
    const text = await until('the report webview text', async () => {
      // only the webview's own document (an iframe inside an iframe); the workbench page itself also mentions these
      // names once the audit has published template diagnostics to the Problems panel
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        const t = await f.evaluate(() => (document.querySelector('h1')?.textContent === 'Lambda Audit report' ? document.body.innerText : '')).catch(() => '');
        if (t && want.every((w) => t.includes(w))) return t;
      }
      return null;
    }, 30000);
    // README picture: the report beside the code, without the bottom panel and the side bar covering it
    if (await page.locator('.part.panel').first().isVisible()) await kb.press('Control+J');
    await kb.press('Control+B');
    await until('panel and side bar hidden', async () => !(await page.locator('.part.sidebar').first().isVisible()) && !(await page.locator('.part.panel').first().isVisible()), 5000);
    // painted: wait two animation frames inside the page and a little for the iframe compositor
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await sleep(1000);
    await shot('report');
    await kb.press('Control+B');   // side bar back for the next picture
    return `report text (first 300 chars): ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
  });

  // ---- 5: template.yaml ----
  await step('5 template.yaml LA201 squiggles', async () => {
    // one editor group for this picture: close app.py and the report (everything is saved)
    await command('View: Close All Editors');
    await until('no open editors', async () => (await page.locator('.part.editor .tab').count()) === 0, 10000);
    await quickOpen('template.yaml');
    await openProblems();
    await until('template.yaml to be the active editor', async () => { const t = await activeTab(); if (!t.includes('template.yaml')) throw new Error(t); return t; }, 15000);
    const rows = await until('LA201 rows in Problems', async () => { const r = await problemRows(); return r.filter((t) => t.includes('LA201')).length ? r : null; }, 30000);
    const row = rows.find((t) => t.includes('LA201') && t.startsWith('OrdersFunction')) ?? rows.find((t) => t.includes('LA201'));
    const m = row.match(/\[Ln (\d+), Col (\d+)\]/);
    if (m) await gotoLine(`${m[1]}`);
    const sq = await until('a squiggle on a Role: line', () => squigglesOnLine('Role: !GetAtt SharedFunctionRole.Arn').then((s) => s?.length ? s : null), 20000);
    await page.locator(`${editor} textarea`).first().focus();
    await sleep(800);
    await shot('template');
    return `${rows.filter((t) => t.includes('LA201')).length} LA201 rows; squiggle on Role line: ${sq.join(',')}`;
  });

  log(`screenshots: ${shotsTaken.map((f) => path.relative(REPO, f)).join(', ')}; logs in ${stateDir}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

let exitCode;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[e2e-vsix] ERROR: ${e instanceof SetupError ? e.message : e.stack || e}`);
  exitCode = e instanceof SetupError ? 2 : 1;
}
await cleanup();
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}`);
log(`exit ${exitCode}`);
process.exit(exitCode);
