// A real JSON-RPC client for the bundled language server (dist/server.js --stdio), for the LSP tests.
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/engine/text';

export const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist/server.js');

/** The tests exercise the bundle, as editors run it; build it when a plain test run finds none. */
function ensureBuilt(): void {
  if (!fs.existsSync(SERVER)) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
}

export const uriOf = (file: string) => pathToFileURL(file).href;

/** Copies `files` (relative paths) into a fresh temp folder and returns its path. */
export function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-audit-lsp-')));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

export interface StartOptions {
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  /** Value answered to workspace/configuration for the lambdaAudit section. */
  settings?: unknown;
  /** Answers workspace/configuration instead (e.g. late, like an editor still starting up). */
  configuration?: (params: { items: unknown[] }) => Promise<unknown[]>;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  window: { workDoneProgress: true, showDocument: { support: true } },
  workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: false } },
  textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true } },
};

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: Array<{ token: unknown; value: any }> = [];
  readonly createdProgress: unknown[] = [];
  readonly shownDocuments: unknown[] = [];
  readonly logs: string[] = [];
  private waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  init!: InitializeResult;

  private constructor(
    readonly child: ChildProcess,
    readonly conn: ProtocolConnection,
    readonly root: string,
  ) {}

  static async start(root: string, opts: StartOptions = {}): Promise<TestClient> {
    ensureBuilt();
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const c = new TestClient(child, conn, root);
    child.stderr!.on('data', (d) => c.logs.push(String(d)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      c.published.push(p);
      c.wake();
    });
    conn.onNotification('$/progress', (p: { token: unknown; value: unknown }) => {
      c.progress.push(p);
      c.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      c.logs.push(p.message + '\n');
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => (opts.configuration ? opts.configuration(p) : p.items.map(() => opts.settings ?? null)));
    conn.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
      c.createdProgress.push(p.token);
      return null;
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/showDocument', (p: unknown) => {
      c.shownDocuments.push(p);
      return { success: true };
    });
    conn.listen();
    c.init = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: opts.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: opts.initializationOptions ?? { debounceMs: 0 },
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves with the first publication (from index `since` on) for `uri` that `pred` accepts. */
  async diagnostics(
    uri: string,
    pred: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
    since = 0,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.slice(since).find((p) => p.uri === uri && pred(p.diagnostics, p));
      if (hit) return hit.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.published.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => d.code));
        throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}\n${this.logs.join('')}`);
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Waits until `cond` holds after some notification arrived. */
  async waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Index to pass as `since` so that only publications after this point count. */
  mark(): number {
    return this.published.length;
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  version(uri: string): number {
    return this.versions.get(uri)!;
  }

  async open(file: string, languageId: string, text = fs.readFileSync(file, 'utf8')): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async change(uri: string, text: string): Promise<number> {
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change (a range replaced), as editors send while typing. */
  async edit(uri: string, edit: TextEdit): Promise<number> {
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.texts.get(uri)!, [edit]));
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: edit.range, text: edit.newText }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  /** Applies a WorkspaceEdit (`changes` form) to the open documents' texts and sends the changes. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) await this.change(uri, applyEdits(this.texts.get(uri)!, edits));
  }

  executeCommand(command: string, args: unknown[] = [], token = new CancellationTokenSource().token): Promise<any> {
    return this.conn.sendRequest('workspace/executeCommand', { command, arguments: args }, token);
  }

  async stop(): Promise<void> {
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
