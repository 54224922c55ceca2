// Incremental code parsing: a re-parse from the previous tree and the edits must give exactly the
// tree a full parse gives (and reuse what the edit left alone), the TypeScript catch-annotation
// workaround must still apply, and the engine's findings after typing must equal a fresh engine's.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Tree } from '@lezer/common';
import { changedRange, parseCode } from '../../server/src/engine/parse/code';
import type { CodeLanguage } from '../../server/src/engine/types';
import { MemoryFileHost } from '../../server/src/engine/memoryHost';
import { Engine } from '../../server/src/engine/engine';
import { OverlayHost } from '../../server/src/lsp/overlayHost';
import { WS, workspace } from '../helpers/engine';
import { longPython, longTypeScript } from '../helpers/longCode';

function edit(text: string, find: string, replace: string): string {
  const i = text.indexOf(find);
  assert.ok(i >= 0, find);
  return text.slice(0, i) + replace + text.slice(i + find.length);
}

function reparse(before: string, tree: Tree, after: string, language: CodeLanguage, path = ''): Tree {
  return parseCode(after, language, path, { tree, changes: [[changedRange(before, after)]] });
}

/** Every Tree and TreeBuffer object a tree is made of. */
function parts(tree: Tree): Set<unknown> {
  const out = new Set<unknown>();
  const visit = (t: Tree) => {
    for (const c of t.children) {
      out.add(c);
      if ('children' in c) visit(c as Tree);
    }
  };
  visit(tree);
  return out;
}

/** Whether some subtree of `next` is the very object of `prev` (reused, not rebuilt). */
function reusesSubtrees(prev: Tree, next: Tree): boolean {
  const old = parts(prev);
  return [...parts(next)].some((c) => old.has(c));
}

describe('incremental code parsing', () => {
  const cases: Array<[CodeLanguage, string, string, string, string]> = [
    ['python', 'a.py', longPython(150), 'return value * 70', 'return value * 70 + len(str(record))'],
    ['typescript', 'a.ts', longTypeScript(150), 'return value * 70;', 'return value * 70 + String(record).length;'],
    ['javascript', 'a.js', longTypeScript(150, false), 'return value * 70;', 'return value * 71;'],
  ];
  for (const [language, path, text, find, replace] of cases) {
    it(`${language}: an edit in one function gives the full parse tree and reuses the rest`, () => {
      const tree = parseCode(text, language, path);
      const next = edit(text, find, replace);
      const inc = reparse(text, tree, next, language, path);
      assert.equal(inc.toString(), parseCode(next, language, path).toString());
      assert.equal(inc.length, next.length);
      assert.ok(reusesSubtrees(tree, inc), 'subtrees away from the edit are reused');
    });
  }

  it('several edit steps in a row (as an editor sends them) compose', () => {
    const text = longPython(80);
    const s1 = edit(text, 'helper_10(record)', 'helper_10(record, extra=None)');
    const s2 = edit(s1, '"k40", 40', '"k40", 4000');
    const steps = [changedRange(text, s1), changedRange(s1, s2)].map((r) => [r]);
    const inc = parseCode(s2, 'python', '', { tree: parseCode(text, 'python'), changes: steps });
    assert.equal(inc.toString(), parseCode(s2, 'python').toString());
  });

  it('an edit that breaks the syntax gives the same error tree as a full parse', () => {
    const text = longPython(60);
    const next = edit(text, 'def helper_30(record):', 'def helper_30(record:');
    assert.equal(reparse(text, parseCode(text, 'python'), next, 'python').toString(), parseCode(next, 'python').toString());
  });

  it('TypeScript: a catch annotation typed in is still blanked (full parse), and a patched tree is never reused', () => {
    const text = longTypeScript(40);
    const withCatch = edit(text, '  return value;\n}', '  try { JSON.parse("1"); } catch (e: unknown) { return 0; }\n  return value;\n}');
    const tree = parseCode(text, 'typescript', 'a.ts');
    const inc = reparse(text, tree, withCatch, 'typescript', 'a.ts');
    const full = parseCode(withCatch, 'typescript', 'a.ts');
    assert.equal(inc.toString(), full.toString());
    assert.ok(!/⚠/.test(full.toString()), 'the annotation is blanked, no error node remains');
    // The patched tree stands for blanked text: the next edit parses from scratch and still equals a full parse.
    const next = edit(withCatch, 'catch (e: unknown)', 'catch (err: unknown)');
    assert.equal(reparse(withCatch, full, next, 'typescript', 'a.ts').toString(), parseCode(next, 'typescript', 'a.ts').toString());
  });
});

describe('engine after typing in a handler', () => {
  for (const [rel, make, find, replace] of [
    ['src/app.py', longPython(120), 'return value * 50', 'return value * 50\n    boto3.client("dynamodb")'],
    ['src/index.ts', longTypeScript(120), 'return value * 50;', 'return value * 50;\n    fetch("https://example.com");'],
  ] as const) {
    it(`${rel}: findings equal a fresh engine's, the editor's edits or a diff driving the re-parse`, () => {
      const file = `${WS}/${rel}`;
      for (const viaEditor of [true, false]) {
        const host = new OverlayHost(new MemoryFileHost({ [file]: make }));
        host.set(file, make);
        const engine = new Engine(host, { roots: [WS] });
        const first = engine.analyzeFile(file).findings;
        assert.deepEqual(first, workspace({ [rel]: make }).engine.analyzeFile(file).findings);
        const next = edit(make, find, replace);
        const at = make.indexOf(find) + find.length;
        host.set(file, next, viaEditor ? [[{ fromA: at, toA: at, fromB: at, toB: at + replace.length - find.length }]] : undefined);
        engine.invalidate(file);
        const after = engine.analyzeFile(file).findings;
        assert.deepEqual(after, workspace({ [rel]: next }).engine.analyzeFile(file).findings);
        assert.notDeepEqual(after, first, 'the edit adds a finding, so the re-parse saw it');
      }
    });
  }

  it('OverlayHost reports the edits between two texts it saw, and nothing for texts it did not', () => {
    const host = new OverlayHost(new MemoryFileHost({}));
    host.set('/d/a.py', 'x = 1\n');
    host.set('/d/a.py', 'x = 12\n', [[{ fromA: 5, toA: 5, fromB: 5, toB: 6 }]]);
    host.set('/d/a.py', 'x = 123\n', [[{ fromA: 6, toA: 6, fromB: 6, toB: 7 }]]);
    assert.deepEqual(host.editsBetween('/d/a.py', 'x = 1\n', 'x = 123\n'), [[{ fromA: 5, toA: 5, fromB: 5, toB: 6 }], [{ fromA: 6, toA: 6, fromB: 6, toB: 7 }]]);
    assert.deepEqual(host.editsBetween('/d/a.py', 'x = 12\n', 'x = 123\n'), [[{ fromA: 6, toA: 6, fromB: 6, toB: 7 }]]);
    assert.equal(host.editsBetween('/d/a.py', 'y = 0\n', 'x = 123\n'), undefined);
    host.set('/d/a.py', 'z\n'); // the whole text replaced: what changed is unknown
    assert.equal(host.editsBetween('/d/a.py', 'x = 123\n', 'z\n'), undefined);
  });
});
