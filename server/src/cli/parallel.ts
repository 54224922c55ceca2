/**
 * The whole-workspace audit spread over worker threads. Parsing and the rules are CPU-bound
 * and files are independent, so the files are split into shards: the main thread runs one
 * (with the CLI's own Engine), each worker thread another. A template and the handlers it
 * names go to the same shard, because the template's cross rules parse those handlers and
 * analysing a handler needs its template: split apart, both shards would pay for both.
 * Results are merged in Engine.audit's order (templates, then code files, then the handlers
 * templates name) and deduplicated the same way, so the output is the serial audit's.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LambdaAuditConfig } from '../engine/config';
import { dedupe } from '../engine/engine';
import type { AuditResult, Engine, FunctionSummary } from '../engine/engine';
import type { Finding } from '../engine/types';
import { Shard } from './shard';
import type { CodeResult, IndexedSummary, TemplateResult } from './shard';
import type { ShardCall, ShardMessage, ShardWorkerData } from './shardWorker';

export interface ParallelAuditOptions {
  /** Shards in all, the main thread's included. */
  jobs: number;
  /** The bundled CLI file, started again as each worker. */
  workerFile: string;
  roots: string[];
  config: LambdaAuditConfig;
  /** Called for a rule that throws in a worker (the caller reports each rule once). */
  onRuleError: (ruleId: string, file: string) => void;
}

type AuditFiles = ReturnType<Engine['auditFiles']>;

interface ShardHandle {
  templates(files: string[]): Promise<TemplateResult[]>;
  code(files: string[]): Promise<CodeResult[]>;
  summarize(findings: Finding[]): Promise<Array<[string, IndexedSummary[]]>>;
  close(): Promise<void>;
}

/** `files`: Engine.auditFiles of the paths to audit. */
export async function parallelAudit(engine: Engine, files: AuditFiles, opts: ParallelAuditOptions): Promise<AuditResult> {
  const { templateFiles, codeFiles } = files;
  const shards: ShardHandle[] = [localShard(new Shard(engine))];
  try {
    for (let i = 1; i < opts.jobs; i++) shards.push(workerShard(opts));
    return await runShards(shards, [...templateFiles], [...codeFiles], (f) => engine.host.stat(f)?.size ?? 0);
  } finally {
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

  // 1. Templates.
  const templateResults = new Map<string, TemplateResult>();
  for (const rs of await inParallel(shards, templates, shardOf, (s, files) => s.templates(files))) for (const r of rs) templateResults.set(r.file, r);
  const result: AuditResult = { findings: [], functions: [], templates: [], codeFiles: [], cancelled: false };
  const linked = new Map<string, number>();
  for (const t of templates) {
    const r = templateResults.get(t)!;
    if (!r.isTemplate) continue;
    result.templates.push(t);
    result.findings.push(...r.findings);
    for (const f of r.linked) if (!linked.has(f)) linked.set(f, shardOf(t));
  }

  // 2. Code files: discovered ones, then handlers templates name from skipped folders (as Engine.audit orders them).
  const code = [...new Set([...discovered, ...linked.keys()])];
  const codeResults = new Map<string, CodeResult>();
  const codeShard = (f: string) => linked.get(f) ?? shardOf(f);
  for (const rs of await inParallel(shards, code, codeShard, (s, files) => s.code(files))) for (const r of rs) codeResults.set(r.file, r);
  for (const f of code) {
    const r = codeResults.get(f)!;
    if (!r.isCode) continue;
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
  const answers = await Promise.all(shards.map((s, i) => s.summarize(relevant[i].map((at) => result.findings[at]))));
  answers.forEach((rs, i) => {
    for (const [t, list] of rs) summaries.set(t, list.map((s) => ({ ...s, findings: s.findings.map((k) => relevant[i][k]) })));
  });
  for (const t of result.templates)
    for (const s of summaries.get(t) ?? []) result.functions.push({ ...s, findings: s.findings.map((i) => result.findings[i]) } as FunctionSummary);
  return result;
}

/** Gives each shard its files (in the given order) and waits for all; workers are asked first so they run while the main thread works. */
async function inParallel<T>(shards: ShardHandle[], files: string[], shardOf: (f: string) => number, work: (s: ShardHandle, files: string[]) => Promise<T>): Promise<T[]> {
  const lists = shards.map((): string[] => []);
  for (const f of files) lists[shardOf(f)].push(f);
  const order = shards.map((_, i) => i).reverse();
  const pending = new Map<number, Promise<T>>();
  for (const i of order) pending.set(i, work(shards[i], lists[i]));
  return Promise.all(shards.map((_, i) => pending.get(i)!));
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
    templates: (files) => later(() => shard.analyzeTemplates(files)),
    code: (files) => later(() => shard.analyzeCode(files)),
    summarize: (findings) => later(() => shard.summarize(findings)),
    close: async () => {},
  };
}

function workerShard(opts: ParallelAuditOptions): ShardHandle {
  const data: ShardWorkerData = { lambdaAuditShard: true, roots: opts.roots, config: opts.config };
  // A smaller young generation than the default: the audit's peak memory is both threads' heaps
  // together, and this one trims it by about 10 MB on the 1,000-function benchmark at no cost in time.
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
    if ('ruleError' in m) return opts.onRuleError(m.ruleError.id, m.ruleError.file);
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
    templates: (files) => ask({ op: 'templates', files }),
    code: (files) => ask({ op: 'code', files }),
    summarize: (findings) => ask({ op: 'summarize', findings }),
    close: async () => {
      failure ??= new Error('closed');
      await worker.terminate();
    },
  };
}
