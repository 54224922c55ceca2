import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import type {
  CancellationToken,
  ClientCapabilities,
  Connection,
  Diagnostic,
  InitializeParams,
  InitializeResult,
  WorkDoneProgressReporter,
  WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChangedRange } from '@lezer/common';
import { CancellationTokenSource } from 'vscode-languageserver';
import { templateFormatOfPath } from '../engine/template/load';
import type { Finding, Range } from '../engine/types';
import { SOURCE } from './diagnostics';
import { SERVER_BUNDLE, parseAuditArgs, runAudit } from './audit';
import { SHOW_DOCS_COMMAND, codeActions } from './codeActions';
import { SHOW_LOCATION_COMMAND, codeLenses } from './codeLens';
import { hover } from './hover';
import { definition, documentLinks, references } from './navigation';
import { DEFAULT_SETTINGS, PROJECT_CONFIG_FILE, normalizeSettings } from './config';
import type { Settings } from './config';
import { Linter } from './linter';
import { TemplatePreparser } from './templatePreparse';
import { AUDIT_COMMAND } from './protocol';
import type { AuditReport } from './protocol';
import { UriMap } from './uri';
import { WarmUp } from './warmup';
import { applyContentChanges } from './contentChanges';
import { stepAside } from './auditYield';
import { Workspace } from './workspace';

/** Files whose audit diagnostics go out between two chances for a lint to run. */
const PUBLISH_SLICE = 50;
/** How long the editor must leave the server alone before the warm-up carries on. */
const WARM_UP_IDLE_MS = 1000;

/** What a client may pass in initializationOptions (all optional). */
interface InitOptions {
  debounceMs?: number;
  /** `lambdaAudit` settings for clients without workspace/configuration. */
  settings?: unknown;
  /** The VS Code client opens rule docs itself (local Markdown), so the server must not claim the command. */
  clientShowsDocs?: boolean;
  /** The client already sends didChangeWatchedFiles for configs and templates. */
  clientWatchesFiles?: boolean;
  /** Skip compiling the analysers on a built-in snippet after `initialized` (tests that count work). */
  noWarmUp?: boolean;
}

/** Wires the LSP connection to the engine: documents, diagnostics, code actions, the audit command. */
export function startSession(connection: Connection): void {
  const log = {
    error: (m: string) => connection.console.error(`lambda-audit: ${m}`),
    warn: (m: string) => connection.console.warn(`lambda-audit: ${m}`),
    info: (m: string) => connection.console.info(`lambda-audit: ${m}`),
  };
  const ws = new Workspace(log);
  const uris = new UriMap();
  /** The edits of each document's last didChange, taken by onDidChangeContent (which is not told them). */
  const lastEdits = new Map<string, ChangedRange[][] | undefined>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      const r = applyContentChanges(doc, changes, version);
      lastEdits.set(doc.uri, r.edits);
      return r.doc;
    },
  });
  let caps: ClientCapabilities = {};
  let init: InitOptions = {};
  let baseSettings: Settings = { ...DEFAULT_SETTINGS };
  let runningAudit: CancellationTokenSource | undefined;

  const docOf = (file: string) => {
    const d = documents.get(uris.toUri(file));
    return d ? { uri: d.uri, version: d.version } : undefined;
  };
  const openFiles = () => documents.all().map((d) => uris.toPath(d.uri)).filter((p): p is string => !!p);
  // YAML templates a just-opened handler needs are parsed on a worker thread started from the server bundle (not when run from source).
  const preparser = SERVER_BUNDLE ? new TemplatePreparser(SERVER_BUNDLE) : undefined;
  const linter = new Linter(connection, ws, uris, docOf, (file) => ws.folderOf(file).settings.debounceMs, preparser);

  /** When the editor last asked for something (the warm-up waits for a quiet moment). */
  let lastActivity = -Infinity;
  let warmUp: WarmUp | undefined;

  /**
   * Every handler runs through this: an exception is logged and answered with a fallback, never
   * fatal. Each call counts as the editor being active, except the start-up handshake.
   */
  function safe<A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R): (...a: A) => R {
    const activity = name !== 'initialize' && name !== 'initialized';
    return (...a: A) => {
      if (activity) lastActivity = performance.now();
      try {
        return fn(...a);
      } catch (e) {
        log.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    };
  }

  function folderList(folders: WorkspaceFolder[]) {
    return folders
      .map((f) => ({ root: uris.toPath(f.uri), uri: f.uri, name: f.name }))
      .filter((f): f is { root: string; uri: string; name: string } => !!f.root);
  }

  connection.onInitialize(
    safe('initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      caps = params.capabilities;
      init = (params.initializationOptions ?? {}) as InitOptions;
      baseSettings = normalizeSettings({ debounceMs: init.debounceMs }, DEFAULT_SETTINGS);
      if (init.settings) baseSettings = normalizeSettings(init.settings, baseSettings);
      ws.setGlobalSettings(baseSettings);
      const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
      ws.setFolders(folderList(folders));
      linter.diagnosticOptions = { relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation !== false };
      const commands = init.clientShowsDocs ? [AUDIT_COMMAND, SHOW_LOCATION_COMMAND] : [AUDIT_COMMAND, SHOW_DOCS_COMMAND, SHOW_LOCATION_COMMAND];
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          executeCommandProvider: { commands },
          hoverProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          documentLinkProvider: { resolveProvider: false },
          codeLensProvider: { resolveProvider: false },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'lambda-audit-language-server', version: '0.1.0' },
      };
    }),
  );

  connection.onInitialized(
    safe('initialized', undefined, () => {
      // Problems in .lambda-audit.yaml show on that file; notifications may only flow from now on.
      ws.onConfigProblems = publishConfigProblems;
      for (const f of ws.workspaceFolders()) ws.loadProject(f);
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration)
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'lambdaAudit' }).catch(() => undefined);
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !init.clientWatchesFiles)
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, {
            watchers: [{ globPattern: `**/${PROJECT_CONFIG_FILE}` }, { globPattern: '**/*.{yaml,yml,json,template}' }],
          })
          .catch(() => undefined);
      if (caps.workspace?.workspaceFolders)
        connection.workspace.onDidChangeWorkspaceFolders(
          safe('workspace folders', undefined, (e) => {
            const removed = new Set(e.removed.map((f) => f.uri));
            const keep = ws.workspaceFolders().filter((f) => !removed.has(f.uri!)).map((f) => ({ uri: f.uri!, name: f.name }));
            ws.setFolders(folderList([...keep, ...e.added]));
            void pullSettings().then(() => linter.relintOpen(openFiles()));
          }),
        );
      // Documents opened meanwhile are analysed at once but published only once the settings are
      // known (or after 3 s without an answer): see Linter.held.
      void Promise.race([pullSettings(), new Promise((r) => setTimeout(r, 3000))]).then(() => linter.resume());
      // Run the parsers and rules on a built-in project while the client is still busy starting up,
      // and later whenever the editor is quiet; never while a document waits for its diagnostics.
      if (!init.noWarmUp) {
        warmUp = new WarmUp({
          onError: (e) => log.warn(`warm-up failed: ${(e as Error)?.stack ?? e}`),
          paused: () => linter.busy || runningAudit !== undefined || performance.now() - lastActivity < WARM_UP_IDLE_MS,
        });
        void warmUp.run();
      }
    }),
  );

  const configProblemFiles = new Set<string>();
  function publishConfigProblems(file: string, problems: Array<{ range: Range; message: string }>): void {
    if (!problems.length && !configProblemFiles.has(file)) return;
    if (problems.length) configProblemFiles.add(file);
    else configProblemFiles.delete(file);
    const diagnostics = problems.map((p): Diagnostic => ({ range: p.range, message: p.message, severity: DiagnosticSeverity.Error, source: SOURCE }));
    void connection.sendDiagnostics({ uri: uris.toUri(file), diagnostics }).catch(() => undefined);
  }

  /** Folder-scoped `lambdaAudit` settings through workspace/configuration, when the client offers it. */
  async function pullSettings(): Promise<void> {
    if (!caps.workspace?.configuration) return;
    try {
      const folders = ws.workspaceFolders();
      const items = [{ section: 'lambdaAudit' }, ...folders.map((f) => ({ scopeUri: f.uri, section: 'lambdaAudit' }))];
      const values: unknown[] = await connection.workspace.getConfiguration(items);
      const global = normalizeSettings(values[0], baseSettings);
      ws.setGlobalSettings(global);
      folders.forEach((f, i) => ws.applySettings(f, normalizeSettings(values[i + 1], global)));
    } catch (e) {
      log.warn(`could not read settings: ${(e as Error)?.message ?? e}`);
    }
  }

  connection.onDidChangeConfiguration(
    safe('configuration', undefined, (params) => {
      const pushed = (params.settings as Record<string, unknown> | null)?.lambdaAudit;
      if (pushed) ws.setGlobalSettings(normalizeSettings(pushed, baseSettings));
      void pullSettings().then(() => {
        linter.relintOpen(openFiles());
        refreshCodeLenses();
      });
    }),
  );

  /** Lenses of handler files depend on templates and settings the editor does not know about: ask it to re-query. */
  function refreshCodeLenses(): void {
    if (caps.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }
  linter.onTemplateLinted = refreshCodeLenses;

  // ---------- documents ----------
  const justOpened = new Set<string>();
  documents.onDidOpen(
    safe('didOpen', undefined, (e) => {
      const file = uris.toPath(e.document.uri);
      if (!file) return;
      uris.remember(file, e.document.uri);
      justOpened.add(file);
    }),
  );
  documents.onDidChangeContent(
    safe('didChange', undefined, (e) => {
      const file = uris.toPath(e.document.uri);
      if (!file) return;
      const edits = lastEdits.get(e.document.uri);
      lastEdits.delete(e.document.uri);
      ws.host.set(file, e.document.getText(), edits);
      ws.invalidate(file);
      if (path.basename(file) === PROJECT_CONFIG_FILE) reloadProject(file);
      // Opening lints at once (a first look that does not wait for unloaded templates); typing waits for a pause.
      const opened = justOpened.delete(file);
      linter.schedule(file, opened ? 0 : undefined, opened);
    }),
  );
  documents.onDidClose(
    safe('didClose', undefined, (e) => {
      const file = uris.toPath(e.document.uri);
      if (!file) return;
      justOpened.delete(file);
      ws.host.delete(file);
      ws.invalidate(file);
      linter.closed(file);
      if (templateFormatOfPath(file)) linter.recheckLinkedTo(file);
      if (path.basename(file) === PROJECT_CONFIG_FILE) reloadProject(file);
    }),
  );
  documents.listen(connection);

  function reloadProject(configFile: string): void {
    const folder = ws.workspaceFolders().find((f) => f.root && path.join(f.root, PROJECT_CONFIG_FILE) === configFile);
    if (!folder) return;
    ws.loadProject(folder);
    linter.relintOpen(openFiles().filter((f) => ws.folderOf(f) === folder));
  }

  connection.onDidChangeWatchedFiles(
    safe('watched files', undefined, (params) => {
      let relint = false;
      for (const change of params.changes) {
        const file = uris.toPath(change.uri);
        if (!file) continue;
        ws.invalidate(file);
        if (path.basename(file) === PROJECT_CONFIG_FILE) reloadProject(file);
        else if (!ws.host.isOpen(file) || change.type === FileChangeType.Deleted) relint = true;
      }
      // A template or handler changed on disk: open documents linked to it may read differently now.
      if (relint) for (const f of openFiles()) linter.schedule(f);
    }),
  );

  // ---------- code actions ----------
  connection.onCodeAction(
    safe('codeAction', [], (params) =>
      codeActions(params, {
        ws,
        uris,
        versionOf: (file) => docOf(file)?.version,
        documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      }),
    ),
  );

  // ---------- navigation between templates and code ----------
  const nav = { ws, uris };
  connection.onHover(safe('hover', null, (params) => hover(params, nav)));
  connection.onDefinition(safe('definition', null, (params) => definition(params, nav, !!caps.textDocument?.definition?.linkSupport)));
  connection.onReferences(safe('references', null, (params) => references(params, nav)));
  connection.onDocumentLinks(safe('documentLink', [], (params) => documentLinks(params, nav)));
  connection.onCodeLens(safe('codeLens', [], (params) => codeLenses(params, nav)));

  // ---------- commands ----------
  connection.onExecuteCommand(async (params, token, workDone) => {
    try {
      if (params.command === AUDIT_COMMAND) return await audit(params.arguments, token, params.workDoneToken !== undefined ? workDone : undefined);
      if (params.command === SHOW_DOCS_COMMAND) return await showDocs(params.arguments);
      if (params.command === SHOW_LOCATION_COMMAND) return await showLocation(params.arguments);
      log.warn(`unknown command ${params.command}`);
      return null;
    } catch (e) {
      log.error(`command ${params.command} failed: ${(e as Error)?.stack ?? e}`);
      return null;
    }
  });

  async function audit(args: unknown[] | undefined, token: CancellationToken, attached: WorkDoneProgressReporter | undefined): Promise<AuditReport> {
    runningAudit?.cancel(); // a new audit replaces one still running
    const source = new CancellationTokenSource();
    runningAudit = source;
    let progress: WorkDoneProgressReporter = attached ?? connection.window.attachWorkDoneProgress(undefined);
    let progressToken: CancellationToken | undefined;
    if (!attached && caps.window?.workDoneProgress) {
      try {
        const created = await connection.window.createWorkDoneProgress();
        progress = created;
        progressToken = created.token;
      } catch (e) {
        log.warn(`no progress: ${(e as Error)?.message ?? e}`);
      }
    }
    try {
      // The request token is polled, not subscribed to: one cancelled before dispatch never fires its event.
      const tokens = [token, source.token, ...(progressToken ? [progressToken] : [])];
      const report = await runAudit(parseAuditArgs(args), { ws, uris, log: log.error, publishAll, busy: () => linter.lintDue }, progress, tokens);
      log.info(
        `audit ${report.cancelled ? 'cancelled' : 'done'}: ${report.functions.length} functions, ${report.findings.length} findings in ${report.durationMs} ms`,
      );
      return report;
    } finally {
      if (runningAudit === source) runningAudit = undefined;
      source.dispose();
    }
  }

  /** Publishes in slices: thousands of files' diagnostics at once kept a keystroke's lint waiting. */
  async function publishAll(byFile: Map<string, Finding[]>, complete: boolean): Promise<void> {
    let n = 0;
    const breathe = async () => {
      if (++n % PUBLISH_SLICE === 0) await stepAside(() => linter.lintDue);
    };
    if (complete) {
      for (const old of [...linter.auditFiles]) {
        if (byFile.has(old)) continue;
        linter.auditFiles.delete(old);
        if (docOf(old)) linter.schedule(old, 0);
        else linter.publish(old, []);
        await breathe();
      }
    }
    for (const [file, findings] of byFile) {
      linter.auditFiles.add(file);
      linter.publish(file, findings, docOf(file)?.version);
      await breathe();
    }
  }

  async function showDocs(args: unknown[] | undefined): Promise<string | null> {
    const href = typeof args?.[1] === 'string' ? args[1] : undefined;
    if (!href) return null;
    if (caps.window?.showDocument?.support) await connection.window.showDocument({ uri: href, external: true });
    return href;
  }

  /** A code lens's target: [uri, range] of a template function, shown by the editor. */
  async function showLocation(args: unknown[] | undefined): Promise<boolean> {
    const [uri, range] = args ?? [];
    if (typeof uri !== 'string' || !caps.window?.showDocument?.support) return false;
    const selection = range && typeof range === 'object' ? (range as Range) : undefined;
    const r = await connection.window.showDocument({ uri, takeFocus: true, selection });
    return r.success;
  }

  connection.onShutdown(() => {
    warmUp?.stop();
    runningAudit?.cancel();
    preparser?.dispose();
  });
  connection.listen();
}
