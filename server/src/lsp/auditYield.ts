import type { Engine } from '../engine/engine';

/** Longest run of audit work between two chances for editor requests and lints to get in. */
const SLICE_MS = 8;
/** Longest the audit waits for pending lints at one time: continuous typing must not stall it for good. */
const MAX_WAIT_MS = 500;

/**
 * Lets the event loop run (keystrokes, $/cancelRequest), then waits while a lint is pending
 * (`busy`): the document being typed in comes before the audit.
 */
export async function stepAside(busy: () => boolean = () => false): Promise<void> {
  await new Promise((r) => setImmediate(r));
  const until = performance.now() + MAX_WAIT_MS;
  while (busy() && performance.now() < until) await new Promise((r) => setTimeout(r, 1));
}

/**
 * Parses the audit's handler files in short slices before the audit proper. Loading a template
 * runs the cross rules, which read every handler the template points at: parsed within that one
 * step, a template of hundreds of functions held the event loop for seconds, and every edit made
 * meanwhile waited. The parses land in the cache the audit's engine reads (one per file host), so
 * no work is done twice.
 */
export async function preparseHandlers(
  engine: Engine,
  codeFiles: Iterable<string>,
  opts: { isCancelled: () => boolean; busy?: () => boolean },
): Promise<void> {
  let sliceStart = performance.now();
  for (const file of codeFiles) {
    if (opts.isCancelled()) return;
    engine.codeModule(file);
    if (performance.now() - sliceStart >= SLICE_MS) {
      await stepAside(opts.busy);
      sliceStart = performance.now();
    }
  }
}
