// A minimal LSP client for the benchmark: spawns dist/server.js --stdio and times requests and
// the diagnostics they cause. Times are performance.now() in this process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createProtocolConnection } = require('vscode-languageserver-protocol/node');

export const uriOf = (file) => pathToFileURL(file).href;

export class LspSession {
  published = [];
  logs = [];
  waiters = [];
  versions = new Map();

  /** Starts the server on `root`; `initMs` is spawn → initialize answered. */
  static async start(serverJs, root, initializationOptions = { debounceMs: 0 }) {
    const s = new LspSession();
    const t0 = performance.now();
    s.child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    s.child.stderr.on('data', (d) => s.logs.push(String(d)));
    s.conn = createProtocolConnection(new StreamMessageReader(s.child.stdout), new StreamMessageWriter(s.child.stdin));
    let configAnswered;
    s.configured = new Promise((r) => (configAnswered = r));
    s.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      s.published.push({ ...p, t: performance.now() });
      s.wake();
    });
    s.conn.onNotification('window/logMessage', (p) => s.logs.push(p.message));
    // null: no client-side settings, so initializationOptions (debounceMs 0) decide.
    s.conn.onRequest('workspace/configuration', (p) => {
      setImmediate(configAnswered);
      return p.items.map(() => null);
    });
    s.conn.onRequest('client/registerCapability', () => null);
    s.conn.onRequest('window/workDoneProgress/create', () => null);
    s.conn.onNotification('$/progress', () => undefined);
    s.conn.listen();
    await s.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions,
    });
    s.initMs = performance.now() - t0;
    await s.conn.sendNotification('initialized', {});
    // Documents opened before the settings arrive are held until then; measure after.
    await Promise.race([s.configured, new Promise((r) => setTimeout(r, 3000))]);
    await new Promise((r) => setTimeout(r, 20));
    return s;
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves with the first publication for `uri` (with `version`, when given) after index `since`. */
  async diagnostics(uri, version, since = 0, timeoutMs = 60_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.published.slice(since).find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (hit) return hit;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms\n${this.logs.join('\n')}`);
      await new Promise((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** didOpen; returns the time it was sent. */
  async open(file, languageId, text = fs.readFileSync(file, 'utf8')) {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    const t = performance.now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return { uri, t, version: 1 };
  }

  /** An incremental didChange (one range replaced); returns the new version and the time it was sent. */
  async edit(uri, range, text) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const t = performance.now();
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return { version, t };
  }

  executeCommand(command, args = []) {
    return this.conn.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  /** Peak and current resident set size of the server process (bytes), from /proc. */
  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { peak: kb('VmHWM'), current: kb('VmRSS') };
    } catch {
      return { peak: NaN, current: NaN };
    }
  }

  async stop() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.child.exitCode === null) {
      await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      if (this.child.exitCode === null) this.child.kill();
    }
  }
}
