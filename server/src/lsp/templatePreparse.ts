/**
 * Parses large YAML templates on a worker thread for the editor. A just-opened handler gets its
 * first diagnostics without its template (linter.ts, first look); its full analysis needs the
 * template, and the yaml library takes about a quarter of a second for a 15,000-line one. Done on
 * the main thread, that parse made the first keystroke after opening a handler wait for it. Here
 * the worker parses the text into the engine's template tree (plain data, so it crosses threads
 * by structured clone) while the main thread keeps answering the editor, and the engine adopts
 * the tree for exactly that text (Engine.adoptParsedTemplate).
 *
 * Only the parse moves: the template model, the rules and every later edit (incremental
 * re-parses) stay on the main thread, as before.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { MAX_FILE_BYTES } from '../engine/host';
import { parseYamlTree } from '../engine/parse/yaml';
import type { ParsedTemplateTree } from '../engine/parse/yaml';

/**
 * Below this size a template parses in a few milliseconds even on a cold server. Above it, the
 * first parse in a session is slow (the yaml library's code is not optimised yet): measured on
 * fresh servers, a 1,600-line template (50 KB) made the first keystroke wait about 100 ms, a
 * 335-line one (10 KB) about 50 ms.
 */
export const PREPARSE_MIN_CHARS = 4 * 1024;

/** A worker nobody asked anything for this long is stopped (its memory returned); the next request starts one again. */
const IDLE_MS = 30_000;

/**
 * A parse not back by then is given up (the worker stopped, the callers parse on their own): a
 * handler's full analysis must not wait for ever on a thread that went wrong.
 */
const ANSWER_WITHIN_MS = 10_000;

export interface TemplateParseWorkerData {
  lambdaAuditTemplateParser: true;
}

type Request = { id: number; text: string };
type Reply = { id: number; parsed?: Omit<ParsedTemplateTree, 'yamlDoc'>; error?: string };

export function isTemplateParseWorker(data: unknown): data is TemplateParseWorkerData {
  return !!data && typeof data === 'object' && (data as TemplateParseWorkerData).lambdaAuditTemplateParser === true;
}

/** The worker side: parse each text it is sent and answer with the tree. */
export function runTemplateParseWorker(): void {
  const port = parentPort!;
  port.on('message', (req: Request) => {
    try {
      // The yaml Document stays here: it holds class instances (no structured clone), and nothing
      // needs it (an incremental re-parse goes without one too).
      const { yamlDoc: _dropped, ...parsed } = parseYamlTree(req.text);
      port.postMessage({ id: req.id, parsed } satisfies Reply);
    } catch (e) {
      port.postMessage({ id: req.id, error: String((e as Error)?.message ?? e) } satisfies Reply);
    }
  });
}

/** What the linter needs of a template parser (tests give it one they control). */
export interface TemplateParser {
  /** Whether parsing `text` elsewhere is worth it (and possible). */
  wants(text: string): boolean;
  /** The template tree of `text`, or undefined when it could not be had (the caller parses itself). */
  parse(text: string): Promise<ParsedTemplateTree | undefined>;
}

/** The main-thread side: one lazily started worker, stopped when idle, shared by all requests. */
export class TemplatePreparser implements TemplateParser {
  private worker: Worker | undefined;
  private nextId = 0;
  private waiting = new Map<number, (parsed: ParsedTemplateTree | undefined) => void>();
  private idle: NodeJS.Timeout | undefined;
  /** Set after the worker failed to start or crashed: from then on callers parse on their own. */
  private broken = false;

  /** `bundle`: the server bundle, started again as the worker. */
  constructor(
    private readonly bundle: string,
    private readonly answerWithinMs = ANSWER_WITHIN_MS,
  ) {}

  wants(text: string): boolean {
    // Over MAX_FILE_BYTES the engine does not read a file as a template at all.
    return !this.broken && text.length >= PREPARSE_MIN_CHARS && text.length <= MAX_FILE_BYTES;
  }

  parse(text: string): Promise<ParsedTemplateTree | undefined> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(undefined);
    clearTimeout(this.idle);
    const id = this.nextId++;
    // Referenced while a parse is asked for, so the process waits for the answer; unreferenced when idle.
    worker.ref();
    return new Promise((resolve) => {
      const late = setTimeout(() => this.stop(worker), this.answerWithinMs);
      late.unref();
      this.waiting.set(id, (parsed) => {
        clearTimeout(late);
        resolve(parsed);
      });
      worker.postMessage({ id, text } satisfies Request);
    });
  }

  /** Stops `worker` if it is still the current one; whoever waits on it parses on their own. */
  private stop(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll();
    void worker.terminate();
  }

  dispose(): void {
    clearTimeout(this.idle);
    if (this.worker) this.stop(this.worker);
  }

  private ensureWorker(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      const data: TemplateParseWorkerData = { lambdaAuditTemplateParser: true };
      const worker = new Worker(this.bundle, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      worker.on('message', (m: Reply) => {
        const resolve = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        resolve?.(m.parsed);
        if (!this.waiting.size) {
          worker.unref();
          this.stopWhenIdle();
        }
      });
      // A worker that fails is not started again: callers parse on their own, as without one.
      worker.on('error', () => this.lost(worker, true));
      worker.on('exit', (code) => this.lost(worker, code !== 0));
      // An idle worker must not keep the server process alive.
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.idle = setTimeout(() => worker && this.stop(worker), IDLE_MS);
    this.idle.unref();
  }

  /** The current worker ended (a worker stopped when idle or on dispose is no longer current): pending callers parse on their own. */
  private lost(worker: Worker, failed: boolean): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (failed) this.broken = true;
    this.failAll();
  }

  private failAll(): void {
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}
