/**
 * The whole-workspace audit spread over worker threads. Parsing and the rules are CPU-bound
 * and files are independent, so the files are split into shards, each worker thread runs one
 * and, in the CLI, the main thread another (with the CLI's own Engine). The language server keeps
 * its main thread out of it: that thread answers the editor, so typing is never queued behind the
 * audit's work. A template and the handlers it
 * names go to the same shard, because the template's cross rules parse those handlers and
 * analysing a handler needs its template: split apart, both shards would pay for both.
 * Results are merged in Engine.audit's order (templates, then code files, then the handlers
 * templates name) and deduplicated the same way, so the output is the serial audit's.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LambdaAuditConfig } from '../engine/config';
import type { FileHost } from '../engine/host';
import { dedupe } from '../engine/engine';
import type { AuditResult, Engine, FunctionSummary } from '../engine/engine';
import type { Finding } from '../engine/types';
import { Shard } from './shard';
import type { CodeResult, IndexedSummary, ShardWork, TemplateResult } from './shard';
import type { ShardCall, ShardMessage, ShardWorkerData } from './shardWorker';

export interface ParallelAuditOptions {
  /** Shards in all, the main thread's included when it takes one (ignored when `workers` were started ahead). */
  jobs: number;
  /** Whether the main thread analyses a share itself (the CLI) or only coordinates (the language server). */
  mainThreadShare: boolean;
  /** The bundle (CLI or server), started again as each worker. */
  workerFile: string;
  roots: string[];
  config: LambdaAuditConfig;
  /** Texts that differ from the disk (documents open in the editor), as [path, text]. */
  overlay?: Array<[string, string]>;
  /** Worker threads run below normal priority (the language server: the editor comes first). */
  lowPriority?: boolean;
  /** Called for a rule that throws in a worker (the caller reports each rule once). */
  onRuleError: (ruleId: string, file: string) => void;
  /** Polled while the workers run: true stops them and the audit comes back cancelled. */
  isCancelled?: () => boolean;
  onProgress?: (p: { done: number; total: number; file?: string }) => void;
}

/**
 * Below this much code and template text (and without --jobs), starting worker threads costs
 * more than it saves: a worker takes tens of milliseconds to start, 512 KB about half a second to audit.
 */
export const PARALLEL_MIN_BYTES = 512 * 1024;

/** Bytes of template and code text an audit would read: above PARALLEL_MIN_BYTES, threads pay off. */
export function auditBytes(host: FileHost, files: AuditFiles): number {
  let sum = 0;
  for (const f of files.templateFiles) sum += host.stat(f)?.size ?? 0;
  for (const f of files.codeFiles) sum += host.stat(f)?.size ?? 0;
  return sum;
}

/** Cores to spread an audit over (at most 8: beyond that, the threads' memory grows faster than the gain). */
export function coreCount(): number {
  return Math.min(os.availableParallelism?.() ?? os.cpus().length, 8);
}

/** How often a running audit looks at its cancellation flag. */
const CANCEL_POLL_MS = 20;

class Cancelled extends Error {}

type AuditFiles = ReturnType<Engine['auditFiles']>;

interface ShardHandle {
  audit(work: ShardWork): Promise<{ templates: TemplateResult[]; code: CodeResult[] }>;
  summarize(findings: Finding[]): Promise<Array<[string, IndexedSummary[]]>>;
  close(): Promise<void>;
}

/** What worker threads report while they run; set by the audit that uses them. */
interface WorkerHooks {
  fileDone(file: string): void;
  ruleError(ruleId: string, file: string): void;
}

/** Worker threads started ahead of an audit, e.g. while the main thread is still looking for files. */
export interface AuditWorkers {
  readonly shards: ShardHandle[];
  readonly hooks: WorkerHooks;
  close(): Promise<void>;
}

/**
 * Starts `count` audit workers now. A worker takes tens of milliseconds to load the bundle: the CLI
 * starts them before it lists the workspace's files, so both happen at once (and closes them
 * unused when the workspace turns out too small to share).
 */
export function startAuditWorkers(count: number, opts: Pick<ParallelAuditOptions, 'workerFile' | 'roots' | 'config' | 'overlay' | 'lowPriority'>): AuditWorkers {
  const hooks: WorkerHooks = { fileDone: () => {}, ruleError: () => {} };
  const shards = Array.from({ length: count }, () => workerShard(opts, hooks));
  return { shards, hooks, close: async () => void (await Promise.all(shards.map((s) => s.close()))) };
}

/** `files`: Engine.auditFiles of the paths to audit; `workers`: started ahead (closed here), else started now. */
export async function parallelAudit(engine: Engine, files: AuditFiles, opts: ParallelAuditOptions & { workers?: AuditWorkers }): Promise<AuditResult> {
  const { templateFiles, codeFiles } = files;
  const total = templateFiles.size + codeFiles.size;
  let done = 0;
  const fileDone = (file: string) => opts.onProgress?.({ done: Math.min(++done, total), total, file });
  const shards: ShardHandle[] = opts.mainThreadShare ? [localShard(new Shard(engine, fileDone))] : [];
  const workers = opts.workers ?? startAuditWorkers(Math.max(0, opts.jobs - shards.length), opts);
  workers.hooks.fileDone = fileDone;
  workers.hooks.ruleError = opts.onRuleError;
  shards.push(...workers.shards);
  let poll: NodeJS.Timeout | undefined;
  try {
    const cancelled = new Promise<never>((_, reject) => {
      if (!opts.isCancelled) return;
      poll = setInterval(() => {
        if (opts.isCancelled!()) reject(new Cancelled());
      }, CANCEL_POLL_MS);
    });
    cancelled.catch(() => {});
    return await Promise.race([runShards(shards, [...templateFiles], [...codeFiles], (f) => engine.host.stat(f)?.size ?? 0), cancelled]);
  } catch (e) {
    if (e instanceof Cancelled || opts.isCancelled?.()) return { findings: [], functions: [], templates: [], codeFiles: [], cancelled: true };
    throw e;
  } finally {
    clearInterval(poll);
    await Promise.all(shards.map((s) => s.close()));
  }
}

async function runShards(shards: ShardHandle[], templates: string[], discovered: string[], size: (file: string) => number): Promise<AuditResult> {
  // A code file belongs with the deepest template folder above it (the template that most likely names it).
  const templateDirs = [...new Set(templates.map((t) => path.dirname(t)))].sort((a, b) => b.length - a.length);
  const homeOf = (file: string) => templateDirs.find((d) => file.startsWith(d + path.sep));
  const weightByDir = new Map<string, number>();
  for (const f of [...templates, ...discovered]) {
    const d = homeOf(f) ?? path.dirname(f);
    weightByDir.set(d, (weightByDir.get(d) ?? 0) + size(f));
  }
  // Folders, heaviest first, each to the least loaded shard.
  const load = shards.map(() => 0);
  const shardOfDir = new Map<string, number>();
  const lightest = () => load.indexOf(Math.min(...load));
  for (const [d, w] of [...weightByDir].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const s = lightest();
    shardOfDir.set(d, s);
    load[s] += w;
  }
  const shardOf = (f: string) => shardOfDir.get(homeOf(f) ?? path.dirname(f)) ?? 0;

  // 1. Each shard: its templates, each followed by the handlers it names, then its other code files.
  const lists = shards.map((): ShardWork => ({ templates: [], code: [], discovered }));
  for (const t of templates) lists[shardOf(t)].templates.push(t);
  for (const f of discovered) lists[shardOf(f)].code.push(f);
  const answers = await Promise.all(shards.map((_, i) => shards.length - 1 - i).map(async (i) => [i, await shards[i].audit(lists[i])] as const));
  const templateResults = new Map<string, TemplateResult>();
  const codeResults = new Map<string, CodeResult>();
  for (const [, a] of answers.sort((x, y) => x[0] - y[0])) {
    for (const r of a.templates) templateResults.set(r.file, r);
    for (const r of a.code) if (!codeResults.has(r.file)) codeResults.set(r.file, r);
  }
  const result: AuditResult = { findings: [], functions: [], templates: [], codeFiles: [], cancelled: false };
  const linked = new Set<string>();
  for (const t of templates) {
    const r = templateResults.get(t)!;
    if (!r.isTemplate) continue;
    result.templates.push(t);
    result.findings.push(...r.findings);
    r.linked.forEach((f) => linked.add(f));
  }

  // 2. Code files in Engine.audit's order: discovered ones, then handlers templates name from skipped folders.
  for (const f of new Set([...discovered, ...linked])) {
    const r = codeResults.get(f);
    if (!r?.isCode) continue;
    result.codeFiles.push(f);
    result.findings.push(...r.findings);
  }
  result.findings = dedupe(result.findings);

  // 3. Function summaries, from the shard that holds each template. A summary lists the findings
  // in its template entry or its handler file, or that name its function: each shard is sent
  // only those (in order), not every finding of the workspace.
  const summaries = new Map<string, IndexedSummary[]>();
  const relevant = shards.map((_, i) => {
    const files = new Set<string>();
    const ids = new Set<string>();
    for (const t of result.templates) {
      if (shardOf(t) !== i) continue;
      const r = templateResults.get(t)!;
      files.add(t);
      r.linked.forEach((f) => files.add(f));
      r.functionIds.forEach((id) => ids.add(id));
    }
    const positions: number[] = [];
    result.findings.forEach((f, at) => {
      if (files.has(f.file) || (f.functionId !== undefined && ids.has(f.functionId))) positions.push(at);
    });
    return positions;
  });
  const summaryAnswers = await Promise.all(shards.map((s, i) => s.summarize(relevant[i].map((at) => result.findings[at]))));
  summaryAnswers.forEach((rs, i) => {
    for (const [t, list] of rs) summaries.set(t, list.map((s) => ({ ...s, findings: s.findings.map((k) => relevant[i][k]) })));
  });
  for (const t of result.templates)
    for (const s of summaries.get(t) ?? []) result.functions.push({ ...s, findings: s.findings.map((i) => result.findings[i]) } as FunctionSummary);
  return result;
}

function localShard(shard: Shard): ShardHandle {
  // The main thread's share runs on a later turn, after the workers' requests are posted.
  const later = <T>(f: () => T) => new Promise<T>((resolve, reject) => setImmediate(() => {
    try {
      resolve(f());
    } catch (e) {
      reject(e);
    }
  }));
  return {
    audit: (work) => later(() => shard.audit(work)),
    summarize: (findings) => later(() => shard.summarize(findings)),
    close: async () => {},
  };
}

function workerShard(opts: Pick<ParallelAuditOptions, 'workerFile' | 'roots' | 'config' | 'overlay' | 'lowPriority'>, hooks: WorkerHooks): ShardHandle {
  const data: ShardWorkerData = { lambdaAuditShard: true, roots: opts.roots, config: opts.config, overlay: opts.overlay, lowPriority: opts.lowPriority };
  // A smaller young generation than the default: the audit's peak memory is all threads' heaps
  // together. Measured on the 1,000-function benchmark: 48 MB instead would be about 2% faster
  // and take about 15 MB more.
  const worker = new Worker(opts.workerFile, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: ShardMessage) => {
    if ('progress' in m) return hooks.fileDone(m.progress);
    if ('ruleError' in m) return hooks.ruleError(m.ruleError.id, m.ruleError.file);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('error' in m) w?.reject(new Error(`audit worker failed: ${m.error}`));
    else w?.resolve(m.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`audit worker exited (code ${code})`)));
  const ask = <T>(req: ShardCall): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id });
    });
  return {
    audit: (work) => ask({ op: 'audit', work }),
    summarize: (findings) => ask({ op: 'summarize', findings }),
    close: async () => {
      failure ??= new Error('closed');
      await worker.terminate();
    },
  };
}
