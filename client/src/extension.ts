// The VS Code client: starts the language server, turns "Audit Lambda" into the server's
// lambdaAudit.audit command and shows its report. Everything else (diagnostics, code
// actions, progress) is the server's, through vscode-languageclient.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { AuditCommandArgs, AuditReport } from '../../server/src/lsp/protocol';
import { showRuleDocs } from './docs';
import { ReportPanel } from './reportPanel';
import { createFindingsStatus } from './statusBar';

const AUDIT_COMMAND = 'lambdaAudit.audit';
const SHOW_DOCS_COMMAND = 'lambdaAudit.showRuleDocs';
const SHOW_OUTPUT_COMMAND = 'lambdaAudit.showOutput';
const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'yaml', 'json'];

/** What activate() returns: read by the real-VS-Code test suite. */
export interface LambdaAuditApi {
  lastAuditResult(): AuditReport | undefined;
  reportHtml(): string | undefined;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<LambdaAuditApi> {
  let lastReport: AuditReport | undefined;
  const openDocs = (ruleId?: unknown, href?: unknown) => showRuleDocs(context.extensionUri, ruleId, href);
  const panel = new ReportPanel((id) => openDocs(id));
  context.subscriptions.push(panel, vscode.commands.registerCommand(SHOW_DOCS_COMMAND, openDocs));
  // One channel for the server's log and, with lambdaAudit.trace.server, the LSP trace.
  const output = vscode.window.createOutputChannel('Lambda Audit', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    createFindingsStatus(AUDIT_COMMAND),
  );

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/.lambda-audit.yaml'),
    vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,template}'),
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    // Dependency manifests carry LA108/LA109 findings of the handlers they serve.
    documentSelector: [
      ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
      { scheme: 'file', pattern: '**/{requirements*.txt,pyproject.toml}' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: { configurationSection: 'lambdaAudit', fileEvents: watchers },
    initializationOptions: {
      debounceMs: vscode.workspace.getConfiguration('lambdaAudit').get<number>('debounceMs'),
      // The window's settings up front: the first diagnostics of a file opened at start-up can then be
      // published as soon as the folder's own settings (pulled right after) confirm them.
      settings: vscode.workspace.getConfiguration().get('lambdaAudit'),
      clientShowsDocs: true,
      clientWatchesFiles: true,
    },
    middleware: {
      // The server owns lambdaAudit.audit (the client library registers it as a VS Code command);
      // this adds what only the editor knows (files.exclude) and shows the report afterwards.
      executeCommand: async (command, args, next) => {
        if (command !== AUDIT_COMMAND) return next(command, args);
        const report = (await next(command, [auditArgs()])) as AuditReport | null;
        if (!report) {
          void vscode.window.showErrorMessage('Lambda Audit: the audit failed; see the "Lambda Audit" output for details.');
          return report;
        }
        lastReport = report;
        panel.show(report);
        return report;
      },
    },
  };
  client = new LanguageClient('lambdaAudit', 'Lambda Audit', serverOptions, clientOptions);
  await client.start();

  return {
    lastAuditResult: () => lastReport,
    reportHtml: () => panel.html,
  };
}

/** files.exclude of every folder (entries set to true; `when` clauses cannot be evaluated server-side). */
function auditArgs(): AuditCommandArgs {
  const globs = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const ex = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(ex)) if (on === true) globs.add(glob);
  }
  return { filesExclude: [...globs] };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
