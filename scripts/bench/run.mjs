// The Lambda Audit benchmark (`npm run bench`): generates workspaces of 10, 100 and 1,000
// functions in the temp folder, drives the bundled language server and CLI over them, prints a
// table against the budgets of the performance issue and writes bench/out/results.json.
// Usage: node scripts/bench/run.mjs [--quick] [--no-build] [--dist DIR] [--sizes 10,100,1000] [--keep] [--lsp-only] [--out DIR]
//   --quick     one repetition of the slow measurements (audits, cfn-lint), fewer edits
//   --no-build  use dist/ as it is
//   --keep      leave the generated workspaces in the temp folder
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkspace } from './generate.mjs';
import { LspSession } from './lsp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROBE = path.join(ROOT, 'scripts/bench/rss-probe.cjs');
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const opt = (f, d) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : d);
// --dist DIR: measure bundles built elsewhere (implies --no-build), e.g. while dist/ is being rebuilt.
const DIST = opt('--dist') ? path.resolve(opt('--dist')) : path.join(ROOT, 'dist');
const SERVER = path.join(DIST, 'server.js');
const CLI = path.join(DIST, 'cli.js');
const QUICK = flag('--quick');
const SIZES = opt('--sizes', '10,100,1000').split(',').map(Number);
const REPEAT = QUICK ? 1 : 3;
const STARTS = QUICK ? 3 : 7;
const LOADS = QUICK ? 5 : 11;
const EDITS_HANDLER = QUICK ? 30 : 100;
const EDITS_TEMPLATE = QUICK ? 10 : 40;

const MB = 1024 * 1024;
/** The budgets of the performance issue (2-core machine). */
const BUDGET = {
  initializeMs: 150,
  firstDiagnosticsMs: 50,
  changeHandlerP95Ms: 20,
  changeTemplateP95Ms: 80,
  audit1000Ms: 3000,
  audit1000RssBytes: 400 * MB,
  vsixBytes: 4 * MB,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const langId = (file) => (file.endsWith('.py') ? 'python' : /\.[cm]?ts$/.test(file) ? 'typescript' : /\.[cm]?js$/.test(file) ? 'javascript' : 'yaml');
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

const rows = [];
/** One table row; `budget` (same unit as value) gives a ratio and PASS/OVER. */
function row(metric, workspace, value, unit, budget, extra = {}) {
  rows.push({ metric, workspace, value, unit, budget, ratio: budget ? value / budget : undefined, verdict: budget ? (value <= budget ? 'PASS' : 'OVER') : '', ...extra });
}

// ---------- measurements ----------

async function measureInitialize(ws) {
  const times = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await LspSession.start(SERVER, ws.dir);
    times.push(s.initMs);
    await s.stop();
  }
  return times;
}

/**
 * Fresh server per run: didOpen of the 300-line handler → its first diagnostics (`open`); then one
 * edit as soon as they arrive (someone who starts typing at once) → that edit's diagnostics
 * (`firstEdit`). The first answer for a just-opened handler comes before its template is loaded;
 * the second shows whether loading the template afterwards makes the first keystroke wait.
 */
async function measureFirstDiagnostics(ws) {
  const open = [];
  const firstEdit = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await LspSession.start(SERVER, ws.dir);
    const text = fs.readFileSync(ws.handler300, 'utf8');
    const o = await s.open(ws.handler300, langId(ws.handler300), text);
    const p = await s.diagnostics(o.uri, 1);
    open.push(p.t - o.t);
    const e = handlerEdit(text, true);
    const since = s.published.length;
    const c = await s.edit(o.uri, e.range, e.text);
    firstEdit.push((await s.diagnostics(o.uri, c.version, since)).t - c.t);
    await s.stop();
  }
  return { open, firstEdit };
}

/**
 * didChange → publishDiagnostics for the same version, alternating an edit and its undo
 * (so the text stays realistic). The server runs with debounce 0.
 */
async function measureChanges(ws, file, edits, makeEdit) {
  const s = await LspSession.start(SERVER, ws.dir);
  try {
    const text = fs.readFileSync(file, 'utf8');
    const o = await s.open(file, langId(file), text);
    await s.diagnostics(o.uri, 1);
    const times = [];
    const warmup = 5;
    for (let i = 0; i < edits + warmup; i++) {
      const e = makeEdit(text, i % 2 === 0);
      const since = s.published.length;
      const c = await s.edit(o.uri, e.range, e.text);
      const p = await s.diagnostics(o.uri, c.version, since);
      if (i >= warmup) times.push(p.t - c.t);
    }
    return { times, rss: s.memory() };
  } finally {
    await s.stop();
  }
}

/**
 * The same edits to the 300-line handler while `lambdaAudit.audit` runs over the whole workspace
 * (a new audit starts whenever one ends, until enough edits were timed): the audit must step
 * aside for the document being typed in.
 */
async function measureChangesDuringAudit(ws, edits) {
  const s = await LspSession.start(SERVER, ws.dir);
  try {
    const file = ws.handler300;
    const text = fs.readFileSync(file, 'utf8');
    const o = await s.open(file, langId(file), text);
    await s.diagnostics(o.uri, 1);
    const times = [];
    let audits = 0;
    let running;
    const startAudit = () => {
      audits++;
      running = s.executeCommand('lambdaAudit.audit', [{}]).then(() => (running = undefined));
    };
    startAudit();
    // Let the audit get going (file discovery, first templates) before the first edit.
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; times.length < edits; i++) {
      if (!running) startAudit();
      const e = handlerEdit(text, i % 2 === 0);
      const since = s.published.length;
      const c = await s.edit(o.uri, e.range, e.text);
      const p = await s.diagnostics(o.uri, c.version, since);
      times.push(p.t - c.t);
      // Roughly typing speed, so the audit gets the time between keystrokes.
      await new Promise((r) => setTimeout(r, 30));
    }
    if (running) await running;
    return { times, audits };
  } finally {
    await s.stop();
  }
}

/** Insert a character into the first line (a comment or docstring), then take it out again. */
function handlerEdit(_text, forward) {
  return forward
    ? { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, text: 'x' }
    : { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '' };
}

/** Globals Timeout 30 ↔ 31: a change that reaches every function of the template. */
function templateEdit(text, forward) {
  const line = text.split('\n').findIndex((l) => l === '    Timeout: 30');
  return { range: { start: { line, character: 14 }, end: { line, character: 15 } }, text: forward ? '1' : '0' };
}

async function measureServerAudit(ws) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const s = await LspSession.start(SERVER, ws.dir);
    const t0 = performance.now();
    const report = await s.executeCommand('lambdaAudit.audit', [{}]);
    const ms = performance.now() - t0;
    const files = report.templates + report.codeFiles;
    runs.push({ ms, files, functions: report.functions.length, rss: s.memory().peak, threads: report.workerThreads ?? 0 });
    await s.stop();
  }
  return runs;
}

function runCli(cwd, args) {
  const rssFile = path.join(os.tmpdir(), `la-bench-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', PROBE, CLI, ...args], {
      cwd,
      env: { ...process.env, LA_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      let rss = NaN;
      try {
        rss = Number(fs.readFileSync(rssFile, 'utf8'));
        fs.rmSync(rssFile);
      } catch {
        /* probe did not run */
      }
      if (code !== 0 && code !== 1) return reject(new Error(`cli exited ${code}: ${Buffer.concat(err)}`));
      resolve({ ms, rss, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

async function measureCliAudit(ws) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const r = await runCli(ws.dir, ['.', '--format', 'json', '--fail-on', 'never']);
    const summary = JSON.parse(r.stdout).summary;
    runs.push({ ms: r.ms, rss: r.rss, files: summary.templates + summary.handlerFiles, functions: summary.functions });
  }
  return runs;
}

/** Cold `require` of each bundle in a fresh node, median of N (the vscode module is stubbed for the client). */
function measureBundleLoad(bundle) {
  const script = `
    const Module = require('module');
    const stub = () => new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub()), construct: () => stub(), apply: () => stub() });
    const load = Module._load;
    Module._load = function (req, ...a) { return req === 'vscode' ? stub() : load.call(this, req, ...a); };
    process.argv = [process.argv[0], ${JSON.stringify(bundle)}, '--version'];
    const t0 = process.hrtime.bigint();
    process.on('exit', () => require('fs').writeSync(2, '\\nLOADMS=' + Number(process.hrtime.bigint() - t0) / 1e6 + '\\n'));
    require(${JSON.stringify(bundle)});`;
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const m = /LOADMS=([\d.]+)/.exec(r.stderr);
    if (m) times.push(Number(m[1]));
  }
  return times;
}

function measureVsix() {
  const existing = path.join(ROOT, 'lambda-audit.vsix');
  if (fs.existsSync(existing)) return { bytes: fs.statSync(existing).size, file: existing };
  const out = path.join(os.tmpdir(), 'la-bench.vsix');
  const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(out)) return { error: (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ') };
  return { bytes: fs.statSync(out).size, file: out };
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function measureCfnLint(ws) {
  const rel = ws.templates.map((t) => path.relative(ws.dir, t));
  const cfn = [];
  const ours = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    spawnSync('cfn-lint', rel, { cwd: ws.dir, encoding: 'utf8' });
    cfn.push(performance.now() - t0);
    ours.push((await runCli(ws.dir, [...rel, '--format', 'json', '--fail-on', 'never'])).ms);
  }
  return { cfn, ours };
}

// ---------- main ----------

async function main() {
  if (!flag('--no-build') && !opt('--dist')) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'la-bench-')));
  const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, quick: QUICK, workspaces: [], rows };
  try {
    const spaces = SIZES.map((n) => {
      const m = generateWorkspace(path.join(tmp, `ws-${n}`), n);
      const bytes = [...m.handlers, ...m.templates].reduce((a, f) => a + fs.statSync(f).size, 0);
      const ws = { ...m, bytes };
      results.workspaces.push({ functions: n, templates: m.templates.length, handlers: m.handlers.length, lines: m.lines, bytes, bigTemplateLines: m.bigTemplateLines });
      log(`generated ${n} functions: ${m.handlers.length} handlers, ${m.templates.length} templates, ${m.lines} lines, ${(bytes / MB).toFixed(1)} MB`);
      return ws;
    });
    const largest = spaces[spaces.length - 1];
    const label = (ws) => `${ws.functions} fn`;

    log('initialize…');
    row('server start → initialize answered (median)', label(largest), median(await measureInitialize(largest)), 'ms', BUDGET.initializeMs);

    const firstEdits = [];
    for (const ws of spaces) {
      log(`first diagnostics and first edit (${label(ws)})…`);
      const tplLines = fs.readFileSync(ws.templates[0], 'utf8').split('\n').length;
      const f = await measureFirstDiagnostics(ws);
      row(`didOpen 300-line handler → first diagnostics (median; its template: ${tplLines} lines)`, label(ws), median(f.open), 'ms', BUDGET.firstDiagnosticsMs);
      firstEdits.push([ws, tplLines, f.firstEdit]);
    }
    // No budget of its own: the issue's didChange budget is a p95 over typing; this is one keystroke on a fresh server.
    for (const [ws, tplLines, times] of firstEdits)
      row(`didChange → diagnostics, first edit as soon as a just-opened handler has diagnostics, fresh server (median; template: ${tplLines} lines)`, label(ws), median(times), 'ms');
    for (const ws of spaces) {
      log(`didChange handler (${label(ws)})…`);
      const h = await measureChanges(ws, ws.handler300, EDITS_HANDLER, handlerEdit);
      row('didChange → diagnostics, 300-line handler, p50', label(ws), median(h.times), 'ms');
      row('didChange → diagnostics, 300-line handler, p95', label(ws), pct(h.times, 95), 'ms', BUDGET.changeHandlerP95Ms);
    }
    log(`didChange handler during an audit (${label(largest)})…`);
    const during = await measureChangesDuringAudit(largest, EDITS_HANDLER);
    row(`didChange → diagnostics, 300-line handler, during lambdaAudit.audit (${during.audits} audit runs), p50`, label(largest), median(during.times), 'ms');
    row('didChange → diagnostics, 300-line handler, during lambdaAudit.audit, p95', label(largest), pct(during.times, 95), 'ms', BUDGET.changeHandlerP95Ms);
    log(`didChange template (${largest.bigTemplateLines} lines)…`);
    const t = await measureChanges(largest, largest.bigTemplate, EDITS_TEMPLATE, templateEdit);
    row(`didChange → diagnostics, ${largest.bigTemplateLines}-line template, p50`, label(largest), median(t.times), 'ms');
    row(`didChange → diagnostics, ${largest.bigTemplateLines}-line template, p95`, label(largest), pct(t.times, 95), 'ms', largest.bigTemplateLines >= 15000 ? BUDGET.changeTemplateP95Ms : undefined);
    row('server peak RSS after template edits', label(largest), t.rss.peak / MB, 'MB');

    // --lsp-only: the editor rows only (no audits, cfn-lint, .vsix or bundle loads).
    for (const ws of flag('--lsp-only') ? [] : spaces) {
      const is1000 = ws.functions >= 1000;
      log(`CLI audit (${label(ws)})…`);
      const cli = await measureCliAudit(ws);
      const ms = median(cli.map((r) => r.ms));
      row(`CLI audit wall (${cli[0].files} files, ${(ws.bytes / MB).toFixed(1)} MB)`, label(ws), ms, 'ms', is1000 ? BUDGET.audit1000Ms : undefined);
      row('CLI audit throughput', label(ws), cli[0].files / (ms / 1000), 'files/s');
      row('CLI peak RSS', label(ws), median(cli.map((r) => r.rss)) / MB, 'MB', is1000 ? BUDGET.audit1000RssBytes / MB : undefined);
      log(`server audit (${label(ws)})…`);
      const srv = await measureServerAudit(ws);
      const sms = median(srv.map((r) => r.ms));
      row(`server lambdaAudit.audit wall (${srv[0].files} files, ${srv[0].threads ? `${srv[0].threads} worker threads` : 'main thread'})`, label(ws), sms, 'ms', is1000 ? BUDGET.audit1000Ms : undefined);
      row('server audit throughput', label(ws), srv[0].files / (sms / 1000), 'files/s');
      row('server peak RSS (audit)', label(ws), median(srv.map((r) => r.rss)) / MB, 'MB', is1000 ? BUDGET.audit1000RssBytes / MB : undefined);
    }

    const cfnWs = spaces.find((w) => w.functions === 100) ?? spaces[0];
    if (flag('--lsp-only')) {
      /* editor rows only */
    } else if (which('cfn-lint')) {
      log(`cfn-lint (${label(cfnWs)} templates)…`);
      const c = await measureCfnLint(cfnWs);
      const cm = median(c.cfn);
      const om = median(c.ours);
      row(`cfn-lint on the ${cfnWs.templates.length} templates of ${label(cfnWs)}`, label(cfnWs), cm, 'ms');
      row(`lambda-audit CLI on the same templates (cfn-lint / ours = ${(cm / om).toFixed(1)}x)`, label(cfnWs), om, 'ms');
    } else {
      rows.push({ metric: 'cfn-lint comparison', workspace: '-', note: 'skipped: cfn-lint is not on PATH' });
    }

    if (!flag('--lsp-only')) {
    log('vsix…');
    const v = measureVsix();
    if (v.bytes !== undefined) row(`.vsix size (${path.basename(v.file)})`, '-', v.bytes / MB, 'MB', BUDGET.vsixBytes / MB);
    else rows.push({ metric: '.vsix size', workspace: '-', note: `vsce package failed: ${v.error}` });

    log('bundle load…');
    for (const b of ['server.js', 'cli.js', 'client.js']) {
      const file = path.join(DIST, b);
      if (!fs.existsSync(file)) continue;
      row(`cold require ${b} (${(fs.statSync(file).size / 1024).toFixed(0)} KB, median of ${LOADS})`, '-', median(measureBundleLoad(file)), 'ms');
    }
    }
  } finally {
    if (!flag('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`workspaces kept in ${tmp}`);
  }
  print(results);
  const outDir = opt('--out') ? path.resolve(opt('--out')) : path.join(ROOT, 'bench/out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nresults: ${path.relative(process.cwd(), path.join(outDir, 'results.json'))}`);
}

function fmt(v, unit) {
  if (v === undefined || Number.isNaN(v)) return '-';
  const digits = unit === 'MB' ? 2 : v >= 100 ? 0 : 1;
  return `${v.toFixed(digits)} ${unit}`;
}

function print(results) {
  console.log(`\nLambda Audit benchmark: node ${results.node}, ${results.cpus} CPUs (${results.cpu})${results.quick ? ', --quick' : ''}`);
  for (const w of results.workspaces)
    console.log(`  ${w.functions} functions: ${w.handlers} handlers + ${w.templates} templates, ${w.lines.toLocaleString('en')} lines, ${(w.bytes / MB).toFixed(1)} MB (largest template ${w.bigTemplateLines.toLocaleString('en')} lines)`);
  const table = rows.map((r) => [
    r.metric,
    r.workspace,
    r.note ?? fmt(r.value, r.unit),
    r.budget !== undefined ? `< ${fmt(r.budget, r.unit)}` : '',
    r.ratio !== undefined ? `${(r.ratio * 100).toFixed(0)}%` : '',
    r.verdict ?? '',
  ]);
  const head = ['metric', 'workspace', 'value', 'budget', 'of budget', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(line(t));
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
