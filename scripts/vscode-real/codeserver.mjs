// The pieces of a code-server + headless chromium session that run.mjs (test payload) and e2e-vsix.mjs
// (installed .vsix, driven UI) share: a free port, a quiet throw-away profile, the server flags and the browser.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CHROMIUM } from './setup.mjs';

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref(); s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// No startup editor, tips, experiments, telemetry, updates, recommendations, trust prompt, AI/chat or git:
// nothing but the extension under test opens or asks anything.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.confirmBeforeClose': 'never',
};

/**
 * A fresh profile under stateDir: user-data (with the quiet settings.json), extensions dir, and XDG dirs that keep
 * code-server's and chromium's state out of $HOME. Returns { userData, extensionsDir, xdg } (xdg: env variables).
 */
export function makeProfile(stateDir) {
  const userData = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const xdg = {
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(stateDir, 'xdg', 'state'),
    XDG_RUNTIME_DIR: path.join(stateDir, 'xdg', 'runtime'),
  };
  for (const d of [path.join(userData, 'User'), extensionsDir, ...Object.values(xdg)]) fs.mkdirSync(d, { recursive: true });
  fs.chmodSync(xdg.XDG_RUNTIME_DIR, 0o700);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2) + '\n');
  return { userData, extensionsDir, xdg };
}

/** code-server flags for a local, unauthenticated, offline server on `port` using the profile's dirs. */
export function codeServerFlags({ port, userData, extensionsDir }) {
  return ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    // an extension host whose browser went away exits after 10 s instead of 3 h
    '--reconnection-grace-time', '10',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--ignore-last-opened'];
}

/** Headless Debian chromium through playwright-core's `chromium`; the caller handles signals (and closes it). */
export function launchChromium(chromium, xdg) {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    // keep chromium's "Crash Reports" / dconf out of $HOME
    env: { ...process.env, ...xdg },
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
}

/** A 1400x900 page whose console lines and uncaught errors go to `logFile`. */
export async function newLoggedPage(browser, logFile) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLog = fs.createWriteStream(logFile);
  page.on('console', (m) => consoleLog.write(`${m.type()}: ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`pageerror: ${e.message}\n`));
  return page;
}
