// Sends fuzz cases to a worker thread one at a time and fails a case that does not answer within
// its deadline (the worker is then terminated and a fresh one takes the remaining cases).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface FuzzCase {
  name: string;
  /** In-memory workspace under /ws (relative path → text). */
  files?: Record<string, string>;
  /** Or a folder on disk, read through NodeFileHost. */
  disk?: string;
  /** Files (relative to the workspace) to run analyzeFile on. */
  targets?: string[];
  /** Also run a whole-workspace audit (disk cases). */
  audit?: boolean;
  /** Add two rules that always throw. */
  throwingRules?: boolean;
}

export interface FuzzFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
}

export interface FuzzResult {
  name: string;
  ms: number;
  findings: FuzzFinding[];
  ruleErrors: string[];
  /** Invalid ranges and other invariant violations found by the worker. */
  problems: string[];
  /** Stack of an exception the engine let through. */
  error?: string;
  timedOut?: boolean;
  audited?: string[];
}

const TSX = require.resolve('tsx/cjs/api');
const WORKER = path.join(__dirname, 'worker.ts');

function startWorker(): Worker {
  // Workers get a 4 MB stack by default, four times the main thread's (where the server and the CLI
  // run): with a smaller one, a recursion that would overflow in production overflows here too.
  return new Worker(`require(${JSON.stringify(TSX)}).register(); require(${JSON.stringify(WORKER)});`, { eval: true, resourceLimits: { stackSizeMb: 0.9 } });
}

/** Runs the cases in order; a case slower than `deadlineMs` counts as a hang. */
export async function runCases(cases: FuzzCase[], deadlineMs = 10_000): Promise<FuzzResult[]> {
  const results: FuzzResult[] = [];
  let worker = startWorker();
  try {
    for (const c of cases) {
      const r = await new Promise<FuzzResult>((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          void worker.terminate();
          worker = startWorker();
          resolve({ name: c.name, ms: deadlineMs, findings: [], ruleErrors: [], problems: [], timedOut: true });
        }, deadlineMs);
        const onMessage = (m: FuzzResult) => {
          cleanup();
          resolve(m);
        };
        const onError = (e: Error) => {
          cleanup();
          worker = startWorker();
          resolve({ name: c.name, ms: 0, findings: [], ruleErrors: [], problems: [], error: `worker died: ${e?.stack ?? e}` });
        };
        const cleanup = () => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.postMessage(c);
      });
      results.push(r);
    }
  } finally {
    await worker.terminate();
  }
  return results;
}

/** The invariants every case must keep: no exception, no hang, no rule failure, valid ranges. */
export function assertSound(results: FuzzResult[]): void {
  const bad = results.filter((r) => r.timedOut || r.error || r.ruleErrors.length || r.problems.length);
  const describe = (r: FuzzResult) =>
    `${r.name}: ${r.timedOut ? 'HANG (deadline passed)' : ''}${r.error ? `threw ${r.error.split('\n').slice(0, 4).join(' | ')}` : ''}${r.ruleErrors.length ? `rule errors ${r.ruleErrors.join('; ')}` : ''}${r.problems.length ? `bad findings ${r.problems.slice(0, 3).join('; ')}` : ''}`;
  assert.equal(bad.length, 0, `${bad.length} of ${results.length} cases failed:\n${bad.slice(0, 10).map(describe).join('\n')}`);
}

const PARSE_ERRORS = new Set(['LA001', 'LA002']);

/** On input that does not parse, the file gets exactly one finding: its parse error. */
export function assertOnlyParseErrorWhenBroken(results: FuzzResult[], file: string): void {
  const bad: string[] = [];
  for (const r of results) {
    const mine = r.findings.filter((f) => f.file === file);
    const parseErrors = mine.filter((f) => PARSE_ERRORS.has(f.ruleId));
    if (parseErrors.length && mine.length !== 1) bad.push(`${r.name}: ${mine.map((f) => f.ruleId).join(', ')}`);
  }
  assert.deepEqual(bad, [], `broken input must give one parse-error finding and nothing else:\n${bad.slice(0, 10).join('\n')}`);
}

/** Input that is not text at all may only ever produce parse errors (or nothing). */
export function assertAtMostParseErrors(results: FuzzResult[]): void {
  const bad = results.flatMap((r) => r.findings.filter((f) => !PARSE_ERRORS.has(f.ruleId)).map((f) => `${r.name}: ${f.ruleId} ${f.message}`));
  assert.deepEqual(bad, [], `only LA001/LA002 expected on garbage:\n${bad.slice(0, 10).join('\n')}`);
}
