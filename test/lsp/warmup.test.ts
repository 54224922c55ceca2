// The warm-up runs in small slices that step aside for the editor.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import { WarmUp } from '../../server/src/lsp/warmup';

/** Counts the slices as they run: each is one outermost call into the engine. */
let slices = 0;
let onSlice: (() => void) | undefined;
const patched = ['analyzeFile', 'codeModule', 'template'] as const;
const originals = new Map<string, unknown>();

before(() => {
  let depth = 0;
  for (const name of patched) {
    const original = Engine.prototype[name] as (...a: unknown[]) => unknown;
    originals.set(name, original);
    (Engine.prototype as unknown as Record<string, unknown>)[name] = function (this: Engine, ...a: unknown[]) {
      if (depth === 0) {
        slices++;
        onSlice?.();
      }
      depth++;
      try {
        return original.apply(this, a);
      } finally {
        depth--;
      }
    };
  }
});

after(() => {
  for (const name of patched) (Engine.prototype as unknown as Record<string, unknown>)[name] = originals.get(name);
});

const turn = () => new Promise((r) => setImmediate(r));

describe('warm-up', () => {
  test('runs its whole project without an error when left alone', async () => {
    slices = 0;
    const errors: unknown[] = [];
    await new WarmUp({ onError: (e) => errors.push(e), paused: () => false }).run();
    assert.deepEqual(errors, []);
    assert.ok(slices > 100, `only ${slices} slices ran`);
  });

  test('no slice runs while paused; stop ends it', async () => {
    slices = 0;
    const w = new WarmUp({ onError: (e) => assert.fail(String(e)), paused: () => true });
    const done = w.run();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(slices, 0);
    w.stop();
    await done;
    assert.equal(slices, 0);
  });

  test('pauses between two slices once the editor becomes active, and carries on when it is quiet', async () => {
    slices = 0;
    let active = false;
    const w = new WarmUp({ onError: (e) => assert.fail(String(e)), paused: () => active });
    onSlice = () => {
      if (slices === 3) active = true;
    };
    const done = w.run();
    try {
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(slices, 3);
      active = false;
      onSlice = undefined;
      while (slices < 6) await new Promise((r) => setTimeout(r, 20));
    } finally {
      onSlice = undefined;
      w.stop();
      await done;
    }
  });

  test('a message that arrived during a slice is handled before the next slice', async () => {
    slices = 0;
    let handledAfter: number | undefined;
    let active = false;
    const w = new WarmUp({ onError: (e) => assert.fail(String(e)), paused: () => active });
    onSlice = () => {
      if (slices !== 1) return;
      // What the JSON-RPC reader does with bytes that arrived: two turns to the handler, which
      // then makes the server busy (a document to lint).
      void turn()
        .then(turn)
        .then(() => {
          handledAfter = slices;
          active = true;
        });
    };
    const done = w.run();
    try {
      while (handledAfter === undefined) await new Promise((r) => setTimeout(r, 10));
      assert.equal(handledAfter, 1);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(slices, 1);
    } finally {
      onSlice = undefined;
      w.stop();
      await done;
    }
  });
});
