import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { Engine } from '../engine/engine';
import { NodeFileHost } from '../engine/nodeHost';
import { ALL_RULES } from '../engine/rules/index.generated';
import { version } from '../../../package.json';
import { HELP, parseCliArgs, UsageError } from './args';
import type { CliOptions } from './args';
import { loadConfig, reason } from './config';
import { formatHtml } from './formatters/html';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { auditBytes, coreCount, PARALLEL_MIN_BYTES, parallelAudit, startAuditWorkers } from '../audit/parallel';
import { reachesThreshold } from './report';
import type { Report } from './report';
import { SnapshotHost } from '../audit/snapshotHost';
import { isShardWorker, runShardWorker } from '../audit/shardWorker';
import { SourceText } from '../engine/text';

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;
const ISSUES = 'https://github.com/lambda-audit/lambda-audit/issues';

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: string[], cwd = process.cwd()): Promise<number> {
  try {
    const opts = parseCliArgs(argv);
    if (opts.help) return write(HELP);
    if (opts.version) return write(`${version}\n`);
    return await audit(opts, cwd);
  } catch (e) {
    if (e instanceof UsageError) {
      // One line (configuration problems: one per problem), no stack: this is the user's input, not our bug.
      const hint = e.message.includes('\n') || e.message.startsWith('invalid configuration') ? '' : " (see 'lambda-audit --help')";
      process.stderr.write(e.message.split('\n').map((line) => `lambda-audit: ${line}`).join('\n') + `${hint}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`lambda-audit: internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug; please report it at ${ISSUES}\n`);
    return EXIT.internal;
  }
}

async function audit(opts: CliOptions, cwd: string): Promise<number> {
  const config = loadConfig(cwd, opts.config, ALL_RULES.map((r) => r.meta));
  const paths = opts.paths.map((p) => path.resolve(cwd, p));
  for (const [i, p] of paths.entries()) checkReadable(opts.paths[i], p);
  // Template lookup above a handler stops at the working directory (or at a path outside it).
  const roots = [cwd, ...paths.filter((p) => path.relative(cwd, p).startsWith('..')).map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)))];
  const host = new SnapshotHost(new NodeFileHost());
  // Once per rule, also when several threads' engines see it fail.
  const failedRules = new Set<string>();
  const onRuleError = (id: string, file: string) => {
    if (failedRules.has(id)) return;
    failedRules.add(id);
    process.stderr.write(`lambda-audit: rule ${id} failed on ${path.relative(cwd, file) || file} and was skipped there; please report it at ${ISSUES}\n`);
  };
  const engine = new Engine(host, { roots, config, onRuleError });
  const t0 = Date.now();
  const cores = availableCores(opts);
  // Workers load while the files are listed; closed unused if the workspace is too small to share.
  const workers = cores > 1 ? startAuditWorkers(cores - 1, { workerFile: __filename, roots, config }) : undefined;
  const files = cores > 1 ? engine.auditFiles(paths) : undefined;
  const jobs = files && (opts.jobs !== undefined || auditBytes(host, files) >= PARALLEL_MIN_BYTES) ? cores : 1;
  if (workers && jobs === 1) void workers.close();
  const result =
    files && workers && jobs > 1
      ? await parallelAudit(engine, files, { jobs, mainThreadShare: true, workers, workerFile: __filename, roots, config, onRuleError })
      : await engine.audit(paths);
  // The text of a file as it was analysed (a worker thread may have done it): engine.source would parse a code file again.
  const sources = new Map<string, SourceText | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) {
      const text = host.readFile(file);
      sources.set(file, text === undefined ? undefined : new SourceText(file, text));
    }
    return sources.get(file);
  };
  const report: Report = {
    cwd,
    version,
    result,
    rules: engine.ruleMetas,
    lineText: (file, line) => sourceOf(file)?.lineText(line),
    showSuppressed: opts.showSuppressed,
    durationMs: Date.now() - t0,
  };
  const color = opts.color && !opts.output && !!process.stdout.isTTY && !process.env.NO_COLOR;
  const out = format(opts, report, cwd, color);
  if (opts.output) {
    try {
      fs.writeFileSync(path.resolve(cwd, opts.output), out);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.output}: ${reason(e)}`);
    }
  } else write(out);
  return reachesThreshold(result.findings, opts.failOn) ? EXIT.findings : EXIT.ok;
}

/** Threads the audit may use: --jobs, else one per core; 1 when not run from the bundle (a worker starts that file again). */
function availableCores(opts: CliOptions): number {
  if (!__filename.endsWith('.js')) return 1;
  return opts.jobs ?? coreCount();
}

function format(opts: CliOptions, report: Report, cwd: string, color: boolean): string {
  switch (opts.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'html':
      // File links are relative to where the page is written.
      return formatHtml(report, opts.output ? path.dirname(path.resolve(cwd, opts.output)) : cwd);
    default:
      return formatText(report, color);
  }
}

/** A path argument must exist and be readable: auditing nothing would pass CI silently. */
function checkReadable(arg: string, p: string): void {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() && !st.isDirectory()) throw new UsageError(`cannot read '${arg}': not a file or folder`);
    fs.accessSync(p, fs.constants.R_OK | (st.isDirectory() ? fs.constants.X_OK : 0));
    if (st.isDirectory()) fs.readdirSync(p);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read '${arg}': ${reason(e)}`);
  }
}

function write(s: string): number {
  process.stdout.write(s);
  return EXIT.ok;
}

// A closed pipe (`lambda-audit | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

if (!isMainThread && isShardWorker(workerData)) runShardWorker();
else if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT.internal;
    },
  );
}
