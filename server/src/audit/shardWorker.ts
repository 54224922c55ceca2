/**
 * The worker-thread side of a parallel audit: the bundle (CLI or language server) started again
 * as a worker (./parallel.ts) builds its own Engine and answers the coordinator's requests with a
 * Shard, reporting each file as it finishes so the coordinator can show progress.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { LambdaAuditConfig } from '../engine/config';
import { Engine } from '../engine/engine';
import type { Finding } from '../engine/types';
import { NodeFileHost } from '../engine/nodeHost';
import { OverlayHost } from '../lsp/overlayHost';
import { Shard } from './shard';
import type { ShardWork } from './shard';
import { SnapshotHost } from './snapshotHost';

/** What the coordinator passes in workerData: the Engine options the main thread uses. */
export interface ShardWorkerData {
  lambdaAuditShard: true;
  roots: string[];
  config: LambdaAuditConfig;
  /** Texts that differ from the disk (documents open in the editor), as [path, text]. */
  overlay?: Array<[string, string]>;
  /** Run below normal priority (the language server's audit: the editor comes first). */
  lowPriority?: boolean;
}

export type ShardCall = { op: 'audit'; work: ShardWork } | { op: 'summarize'; findings: Finding[] };
export type ShardRequest = ShardCall & { id: number };

export type ShardMessage =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { ruleError: { id: string; file: string } }
  | { progress: string };

export function isShardWorker(data: unknown): data is ShardWorkerData {
  return !!data && typeof data === 'object' && (data as ShardWorkerData).lambdaAuditShard === true;
}

export function runShardWorker(): void {
  const data = workerData as ShardWorkerData;
  if (data.lowPriority) lowerThreadPriority();
  const port = parentPort!;
  const send = (m: ShardMessage) => port.postMessage(m);
  // The files as they are when the audit starts (a snapshot), under the editor's open documents.
  const host = new OverlayHost(new SnapshotHost(new NodeFileHost()), Infinity);
  for (const [file, text] of data.overlay ?? []) host.set(file, text);
  const engine = new Engine(host, {
    roots: data.roots,
    config: data.config,
    onRuleError: (id, file) => send({ ruleError: { id, file } }),
  });
  const shard = new Shard(engine, (file) => send({ progress: file }));
  port.on('message', (req: ShardRequest) => {
    try {
      const result = req.op === 'audit' ? shard.audit(req.work) : shard.summarize(req.findings);
      send({ id: req.id, result });
    } catch (e) {
      send({ id: req.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
}

/**
 * Lowers this thread's scheduling priority (nice 10). With as many audit threads as cores, the
 * server's main thread (the editor's diagnostics) and VS Code itself would otherwise share the
 * cores evenly with them; below normal priority they get the cores first. Linux gives each thread
 * its own nice value, addressed by thread id (/proc/thread-self names it); elsewhere, or where it is
 * refused, the thread keeps the normal priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not Linux, or not allowed: normal priority.
  }
}
