// The text-edit helpers for templates (server/src/engine/template/edits.ts, references.ts), on their own.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseJsonTree } from '../../server/src/engine/parse/json';
import { parseYamlTree } from '../../server/src/engine/parse/yaml';
import { get } from '../../server/src/engine/parse/tree';
import type { TMap, TScalar, TSeq } from '../../server/src/engine/parse/tree';
import { SourceText } from '../../server/src/engine/text';
import {
  contentEnd,
  deleteEntry,
  entryValueText,
  insertEntry,
  insertItemsAfter,
  removePath,
  replaceScalar,
} from '../../server/src/engine/template/edits';
import type { EditTarget, TemplateEdit } from '../../server/src/engine/template/edits';
import { referencesTo, renameSubVariable, subVariables } from '../../server/src/engine/template/references';

function doc(text: string, format: 'yaml' | 'json'): { t: EditTarget; root: TMap } {
  const r = format === 'yaml' ? parseYamlTree(text) : parseJsonTree(text);
  assert.equal(r.error, undefined);
  return { t: { source: new SourceText('/x', text), format }, root: r.root as TMap };
}

function apply(text: string, e: TemplateEdit | undefined): string {
  assert.ok(e, 'expected an edit');
  return text.slice(0, e!.from) + e!.text + text.slice(e!.to);
}

describe('template edits: entries', () => {
  // (keys avoid y/n: YAML 1.1 reads them as booleans)
  const yaml = 'A:\n  x: 1 # one\n  w:\n    - a\n    # trailing\n  z: 3\nB: 2\n';

  it('contentEnd stops at the last value, not at the comments after it', () => {
    const { t, root } = doc(yaml, 'yaml');
    const w = get(root, 'A', 'w')!;
    assert.equal(yaml.slice(w.from, contentEnd(t.source, w)), '- a');
  });

  it('deleteEntry removes a YAML block entry with its lines and its own comment', () => {
    const { t, root } = doc(yaml, 'yaml');
    const a = get(root, 'A') as TMap;
    assert.equal(apply(yaml, deleteEntry(t, a, a.entries[0])), 'A:\n  w:\n    - a\n    # trailing\n  z: 3\nB: 2\n');
  });

  it('deleteEntry on the first key of a list item keeps the dash', () => {
    const text = 'L:\n  - a: 1\n    b: 2\n';
    const { t, root } = doc(text, 'yaml');
    const m = (get(root, 'L') as TSeq).items[0] as TMap;
    assert.equal(apply(text, deleteEntry(t, m, m.entries[0])), 'L:\n  - b: 2\n');
  });

  it('deleteEntry in JSON: middle, last and only entry keep the JSON valid', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}';
    const { t, root } = doc(text, 'json');
    assert.equal(apply(text, deleteEntry(t, root, root.entries[1])), '{\n  "a": 1,\n  "c": 3\n}');
    assert.equal(apply(text, deleteEntry(t, root, root.entries[2])), '{\n  "a": 1,\n  "b": 2\n}');
    const one = doc('{ "a": 1 }', 'json');
    assert.equal(apply('{ "a": 1 }', deleteEntry(one.t, one.root, one.root.entries[0])), '{}');
    const inline = doc('{ "a": 1, "b": 2 }', 'json');
    assert.equal(apply('{ "a": 1, "b": 2 }', deleteEntry(inline.t, inline.root, inline.root.entries[0])), '{ "b": 2 }');
  });

  it('removePath drops the maps it leaves empty', () => {
    const text = 'Globals:\n  Function:\n    Role: r\nResources: {}\n';
    const { t, root } = doc(text, 'yaml');
    assert.equal(apply(text, removePath(t, root, ['Globals', 'Function', 'Role'])), 'Resources: {}\n');
    const two = 'Globals:\n  Function:\n    Role: r\n    Runtime: x\n';
    const d2 = doc(two, 'yaml');
    assert.equal(apply(two, removePath(d2.t, d2.root, ['Globals', 'Function', 'Role'])), 'Globals:\n  Function:\n    Runtime: x\n');
  });

  it('insertEntry: YAML block at the map indentation (after trailing comments of the last value are left alone), JSON with comma and indentation, empty flow map', () => {
    const { t, root } = doc(yaml, 'yaml');
    const a = get(root, 'A') as TMap;
    assert.equal(apply(yaml, insertEntry(t, a, 'm', '\n  k: v')), 'A:\n  x: 1 # one\n  w:\n    - a\n    # trailing\n  z: 3\n  m:\n    k: v\nB: 2\n');
    const json = '{\n    "a": 1\n}';
    const j = doc(json, 'json');
    assert.equal(apply(json, insertEntry(j.t, j.root, 'b', '[1]')), '{\n    "a": 1,\n    "b": [1]\n}');
    const empty = doc('m: {}\n', 'yaml');
    assert.equal(apply('m: {}\n', insertEntry(empty.t, get(empty.root, 'm') as TMap, 'k', 'v')), 'm: { k: v }\n');
  });

  it('entryValueText re-bases a block value for another indentation', () => {
    const text = 'G:\n  F:\n    Role:\n      Fn::GetAtt:\n        - R\n        - Arn\n';
    const { t, root } = doc(text, 'yaml');
    const f = get(root, 'G', 'F') as TMap;
    assert.equal(entryValueText(t, f.entries[0]), '\n  Fn::GetAtt:\n    - R\n    - Arn');
  });
});

describe('template edits: lists and scalars', () => {
  it('insertItemsAfter in block and flow lists', () => {
    const block = 'L:\n  - a # first\n  - b\n';
    const d = doc(block, 'yaml');
    const seq = get(d.root, 'L') as TSeq;
    assert.equal(apply(block, insertItemsAfter(d.t, seq, seq.items[0], ['x'])), 'L:\n  - a # first\n  - x\n  - b\n');
    const flow = '{ "L": [1, 2] }';
    const f = doc(flow, 'json');
    const fs = get(f.root, 'L') as TSeq;
    assert.equal(apply(flow, insertItemsAfter(f.t, fs, fs.items[1], ['3', '4'])), '{ "L": [1, 2, 3, 4] }');
  });

  it('replaceScalar keeps the quoting style, and quotes what cannot be plain', () => {
    const text = 'a: "x"\nb: \'y\'\nc: z\n';
    const { t, root } = doc(text, 'yaml');
    const s = (k: string): TScalar => get(root, k) as TScalar;
    assert.equal(replaceScalar(t, s('a'), 'm').text, '"m"');
    assert.equal(replaceScalar(t, s('b'), "it's").text, "'it''s'");
    assert.equal(replaceScalar(t, s('c'), 'm').text, 'm');
    // YAML 1.1 would read a plain `no` as false.
    assert.equal(replaceScalar(t, s('c'), 'no').text, '"no"');
    assert.equal(replaceScalar(t, s('c'), 'a: b').text, '"a: b"');
    assert.equal(replaceScalar(t, s('c'), '${X.Arn}', { keepPlain: true }).text, '${X.Arn}');
  });
});

describe('template references', () => {
  it('finds Ref, GetAtt (both forms), Sub and DependsOn, not Sub escapes or Sub-local variables', () => {
    const text = [
      'R:',
      '  a: !Ref X',
      '  b: !GetAtt X.Arn',
      '  c: { "Fn::GetAtt": [X, Arn] }',
      '  d: !Sub "${X.Arn}/${AWS::Region}"',
      '  e: !Sub "${!X}"',
      '  f: !Sub ["${X}", { X: other }]',
      '  g: { DependsOn: [X, Y] }',
      '  h: !Ref XY',
      '',
    ].join('\n');
    const { root } = doc(text, 'yaml');
    assert.deepEqual(
      referencesTo(root, 'X').map((r) => r.kind),
      ['Ref', 'GetAtt', 'GetAtt', 'Sub', 'DependsOn'],
    );
  });

  it('reads and rewrites Sub variables', () => {
    assert.deepEqual(subVariables('arn:${AWS::Partition}:${X.Arn}${!Y}'), ['AWS::Partition', 'X']);
    assert.equal(renameSubVariable('${X.Arn}/${XY}/${!X}/${X}', 'X', 'Z'), '${Z.Arn}/${XY}/${!X}/${Z}');
  });
});
