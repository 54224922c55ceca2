/**
 * The worker-thread side of a parallel CLI audit: the bundled CLI started as a worker
 * (./parallel.ts) builds its own Engine and answers the coordinator's requests with a Shard.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LambdaAuditConfig } from '../engine/config';
import { Engine } from '../engine/engine';
import type { Finding } from '../engine/types';
import { NodeFileHost } from '../engine/nodeHost';
import { Shard } from './shard';
import { SnapshotHost } from './snapshotHost';

/** What the coordinator passes in workerData: the Engine options the main thread uses. */
export interface ShardWorkerData {
  lambdaAuditShard: true;
  roots: string[];
  config: LambdaAuditConfig;
}

export type ShardCall = { op: 'templates'; files: string[] } | { op: 'code'; files: string[] } | { op: 'summarize'; findings: Finding[] };
export type ShardRequest = ShardCall & { id: number };

export type ShardMessage = { id: number; result: unknown } | { id: number; error: string } | { ruleError: { id: string; file: string } };

export function isShardWorker(data: unknown): data is ShardWorkerData {
  return !!data && typeof data === 'object' && (data as ShardWorkerData).lambdaAuditShard === true;
}

export function runShardWorker(): void {
  const data = workerData as ShardWorkerData;
  const port = parentPort!;
  const send = (m: ShardMessage) => port.postMessage(m);
  const engine = new Engine(new SnapshotHost(new NodeFileHost()), {
    roots: data.roots,
    config: data.config,
    onRuleError: (id, file) => send({ ruleError: { id, file } }),
  });
  const shard = new Shard(engine);
  port.on('message', (req: ShardRequest) => {
    try {
      const result =
        req.op === 'templates' ? shard.analyzeTemplates(req.files) : req.op === 'code' ? shard.analyzeCode(req.files) : shard.summarize(req.findings);
      send({ id: req.id, result });
    } catch (e) {
      send({ id: req.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
}
