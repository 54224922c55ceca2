// Entry of the Lambda Audit language server (dist/server.js, also the `lambda-audit-language-server` bin).
// Transports: --stdio (Neovim, Helix, Emacs, Zed), --node-ipc (the VS Code client), --socket=<port>.
import { isMainThread, workerData } from 'node:worker_threads';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { isShardWorker, runShardWorker } from './audit/shardWorker';
import { startSession } from './lsp/session';
import { isTemplateParseWorker, runTemplateParseWorker } from './lsp/templatePreparse';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

function startServer(argv: string[]): void {
  if (argv.includes('--version')) {
    process.stdout.write('lambda-audit-language-server 0.1.0\n');
    process.exit(0);
  }
  if (argv.includes('--help') || !argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(t + '=')))) {
    // Without a transport the library would throw; say how to start it instead.
    process.stderr.write('usage: lambda-audit-language-server --stdio | --node-ipc | --socket=<port>\n');
    process.exit(argv.includes('--help') ? 0 : 2);
  }
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: a bug in one request must not take the editor's diagnostics down with it.
  process.on('uncaughtException', (e) => connection.console.error(`lambda-audit: uncaught ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`lambda-audit: unhandled rejection ${(e as Error)?.stack ?? e}`));
  startSession(connection);
}

// The workspace audit (audit/parallel.ts) and large template parses (lsp/templatePreparse.ts) run in
// worker threads started from this same file.
if (!isMainThread && isShardWorker(workerData)) runShardWorker();
else if (!isMainThread && isTemplateParseWorker(workerData)) runTemplateParseWorker();
else startServer(process.argv.slice(2));
