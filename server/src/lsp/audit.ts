import * as path from 'node:path';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { auditBytes, coreCount, PARALLEL_MIN_BYTES, parallelAudit } from '../audit/parallel';
import { Engine } from '../engine/engine';
import type { AuditResult, FunctionSummary } from '../engine/engine';
import type { LambdaAuditConfig } from '../engine/config';
import { docsUrl } from '../engine/rules/api';
import { ALL_RULES } from '../engine/rules/index.generated';
import type { Finding, Severity } from '../engine/types';
import { visible } from './diagnostics';
import type { AuditCommandArgs, AuditReport, ReportFinding, ReportFunction } from './protocol';
import { preparseHandlers } from './auditYield';
import type { UriMap } from './uri';
import type { Folder, Workspace } from './workspace';

export interface AuditEnv {
  ws: Workspace;
  uris: UriMap;
  log(message: string): void;
  /**
   * Publishes the audit's findings (every file with findings, open or not). `complete` is false
   * for a cancelled audit, whose partial results must not clear what earlier audits found.
   */
  publishAll(byFile: Map<string, Finding[]>, complete: boolean): Promise<void>;
  /** Whether a lint is waiting to run: the audit steps aside for it. */
  busy?: () => boolean;
}

/**
 * The running server's bundle, which audit worker threads start again; undefined for a server run
 * from source (a worker cannot start a .ts file), which audits on its main thread in slices.
 */
export const SERVER_BUNDLE = __filename.endsWith('.js') ? __filename : undefined;

/** Files per event-loop turn: one, so that a keystroke's lint waits for one file's analysis at most. */
const YIELD_EVERY = 1;

export function parseAuditArgs(args: unknown[] | undefined): AuditCommandArgs {
  const a = args?.[0];
  if (!a || typeof a !== 'object') return {};
  const r = a as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return { filesExclude: list(r.filesExclude), folders: list(r.folders) };
}

/**
 * The explicit whole-workspace audit: every template and handler of every folder, with
 * progress, cancellation (work-done cancel or $/cancelRequest) and diagnostics for every file.
 * Each folder gets a fresh engine (same open-document overlay) so the audit's extra
 * `files.exclude` globs never leak into live linting.
 */
export async function runAudit(
  args: AuditCommandArgs,
  env: AuditEnv,
  progress: WorkDoneProgressReporter,
  /** Any of them cancels: the request's ($/cancelRequest), the progress UI's, a newer audit's. */
  tokens: CancellationToken[],
): Promise<AuditReport> {
  const t0 = Date.now();
  const isCancelled = () => tokens.some((t) => t.isCancellationRequested);
  let folders = env.ws.workspaceFolders().filter((f) => f.settings.enable);
  if (args.folders?.length) folders = folders.filter((f) => f.uri && args.folders!.includes(f.uri));
  const results: Array<{ folder: Folder; result: AuditResult }> = [];
  let workerThreads = 0;
  progress.begin('Lambda Audit', 0, 'Finding templates and handlers…', true);
  try {
    for (const [i, folder] of folders.entries()) {
      if (isCancelled()) break;
      const roots = [folder.root!];
      const config = { ...folder.config, exclude: [...(folder.config.exclude ?? []), ...(args.filesExclude ?? [])] };
      const engine = new Engine(env.ws.host, {
        roots,
        config,
        onRuleError: (id, file, e) => env.log(`rule ${id} failed on ${file}: ${(e as Error)?.stack ?? e}`),
      });
      let lastPct = -1;
      const onProgress = (p: { done: number; total: number; file?: string }) => {
        const pct = Math.floor(((i + (p.total ? p.done / p.total : 1)) / folders.length) * 100);
        if (pct === lastPct && p.done !== p.total) return;
        lastPct = pct;
        if (p.file) progress.report(pct, path.relative(folder.root!, p.file));
        else progress.report(pct);
      };
      const { result, threads } = await auditFolder(engine, { roots, config }, env, { isCancelled, onProgress });
      workerThreads = Math.max(workerThreads, threads);
      results.push({ folder, result });
      if (result.cancelled) break;
    }
  } finally {
    progress.done();
  }
  const cancelled = isCancelled() || results.some((r) => r.result.cancelled);
  return { ...(await buildReport(results, cancelled, env, Date.now() - t0)), workerThreads };
}

/**
 * One folder's audit. A large one runs in worker threads (audit/parallel.ts) that see the open
 * documents as the editor has them: the main thread stays free for the editor's requests, so
 * diagnostics for the file being typed in never wait for the audit. A small one (or a server run
 * from source) runs here, a file per event-loop turn, stepping aside while a lint is due.
 */
async function auditFolder(
  engine: Engine,
  { roots, config }: { roots: string[]; config: LambdaAuditConfig },
  env: AuditEnv,
  opts: { isCancelled: () => boolean; onProgress: (p: { done: number; total: number; file?: string }) => void },
): Promise<{ result: AuditResult; threads: number }> {
  const cancelled = { result: { findings: [], functions: [], templates: [], codeFiles: [], cancelled: true }, threads: 0 };
  const files = engine.auditFiles(roots, opts.isCancelled);
  if (opts.isCancelled()) return cancelled;
  const threads = SERVER_BUNDLE ? coreCount() : 1;
  if (SERVER_BUNDLE && threads > 1 && auditBytes(engine.host, files) >= PARALLEL_MIN_BYTES) {
    const failedRules = new Set<string>();
    const result = await parallelAudit(engine, files, {
      jobs: threads,
      mainThreadShare: false,
      workerFile: SERVER_BUNDLE,
      roots,
      config,
      overlay: env.ws.host.openDocuments(),
      lowPriority: true,
      onRuleError: (id, file) => {
        // Once per rule, however many files and threads see it fail.
        if (failedRules.has(id)) return;
        failedRules.add(id);
        env.log(`rule ${id} failed on ${file} (audit worker thread); it was skipped there`);
      },
      isCancelled: opts.isCancelled,
      onProgress: opts.onProgress,
    });
    return { result, threads };
  }
  await preparseHandlers(engine, files.codeFiles, { isCancelled: opts.isCancelled, busy: env.busy });
  if (opts.isCancelled()) return cancelled;
  return { result: await engine.audit(roots, { files, yieldEvery: YIELD_EVERY, isCancelled: opts.isCancelled, onProgress: opts.onProgress }), threads: 0 };
}

async function buildReport(results: Array<{ folder: Folder; result: AuditResult }>, cancelled: boolean, env: AuditEnv, durationMs: number): Promise<AuditReport> {
  const byFile = new Map<string, Finding[]>();
  const report: AuditReport = {
    cancelled,
    folders: results.map((r) => ({ name: r.folder.name, uri: r.folder.uri })),
    templates: 0,
    codeFiles: 0,
    functions: [],
    findings: [],
    suppressed: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byRule: [],
    durationMs,
  };
  const rules = new Map<string, AuditReport['byRule'][number]>();
  for (const { folder, result } of results) {
    const root = folder.root!;
    report.templates += result.templates.length;
    report.codeFiles += result.codeFiles.length;
    for (const f of result.findings) {
      if (f.suppression) {
        report.suppressed++;
        continue;
      }
      byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      report.findings.push(toReportFinding(f, root, env));
      report.bySeverity[f.severity]++;
      const r = rules.get(f.ruleId) ?? { ruleId: f.ruleId, severity: f.severity, count: 0, docsUrl: docsUrl(f.ruleId), title: TITLES.get(f.ruleId) };
      r.count++;
      if (rank(f.severity) > rank(r.severity)) r.severity = f.severity;
      rules.set(f.ruleId, r);
    }
    for (const fn of result.functions) report.functions.push(toReportFunction(fn, folder, env));
  }
  report.byRule = [...rules.values()].sort((a, b) => rank(b.severity) - rank(a.severity) || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
  await env.publishAll(byFile, !cancelled);
  return report;
}

/** Rule titles for the report's per-rule summary (the client has no rule catalogue of its own). */
const TITLES = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta.title]));

function rank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

function rel(root: string, file: string): string {
  const r = path.relative(root, file);
  return r.startsWith('..') ? file : r.split(path.sep).join('/');
}

function toReportFinding(f: Finding, root: string, env: AuditEnv): ReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    uri: env.uris.toUri(f.file),
    relPath: rel(root, f.file),
    range: f.range,
    docsUrl: docsUrl(f.ruleId),
    functionId: f.functionId,
    related: f.related?.map((r) => ({ uri: env.uris.toUri(r.file), range: r.range, message: r.message })),
  };
}

function toReportFunction(fn: FunctionSummary, folder: Folder, env: AuditEnv): ReportFunction {
  const root = folder.root!;
  return {
    id: fn.id,
    folder: folder.name,
    templateUri: env.uris.toUri(fn.template),
    template: rel(root, fn.template),
    range: fn.range,
    resourceType: fn.resourceType,
    runtime: fn.runtime,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    role: fn.role,
    events: fn.events,
    handler: fn.handler,
    handlerUri: fn.handlerFile ? env.uris.toUri(fn.handlerFile) : undefined,
    handlerFile: fn.handlerFile ? rel(root, fn.handlerFile) : undefined,
    handlerRange: fn.handlerRange,
    findings: visible(fn.findings).map((f) => toReportFinding(f, root, env)),
  };
}
