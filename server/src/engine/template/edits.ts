/**
 * Text edits on YAML and JSON templates, computed from TNode offsets so that everything the
 * edit does not touch (comments, blank lines, quoting, key order, indentation) stays as the
 * author wrote it. Nothing here re-serializes a document.
 *
 * Conventions:
 * - Every function returns plain `{from, to, text}` edits in offsets of the template's text
 *   (the same shape as a rule's `EditInput`), or undefined when the layout is one it cannot
 *   edit safely; callers then withhold their fix instead of producing broken text.
 * - Text for a new value (`insertEntry`, `insertItemsAfter`) is given with its continuation
 *   lines indented relative to the column where the key / item will start; the helpers add
 *   the target column. `relativeText` produces such text from an existing node.
 * - YAML block collections: the parser's ranges run on over trailing comments and blank lines,
 *   so line-based edits use `contentEnd` (the last character that belongs to the value).
 */
import { entry as entryOf, isMap } from '../parse/tree';
import type { TEntry, TMap, TNode, TScalar, TSeq } from '../parse/tree';
import type { SourceText } from '../text';
import type { TemplateFormat } from '../types';

export interface TemplateEdit {
  from: number;
  to: number;
  text: string;
}

/** What the helpers need of a template: its text and its format. A TemplateDoc fits. */
export interface EditTarget {
  source: SourceText;
  format: TemplateFormat;
}

// ---------------- positions ----------------

/** The last offset that belongs to `n`'s content: YAML block maps/seqs end at their last value, not at the comments after it. */
export function contentEnd(src: SourceText, n: TNode): number {
  if (n.kind === 'scalar') {
    let end = n.to;
    // Block scalars (`|`, `>`) include their trailing line breaks.
    while (end > n.from && /\s/.test(src.text[end - 1])) end--;
    return end;
  }
  if (n.kind === 'map' && n.shortTag) return Math.max(n.entries[0].key.to, contentEnd(src, n.entries[0].value));
  if (n.flow) return n.to;
  let end = n.from;
  if (n.kind === 'map') for (const e of n.entries) end = Math.max(end, e.key.to, contentEnd(src, e.value));
  else for (const it of n.items) end = Math.max(end, contentEnd(src, it));
  return end;
}

/** Whether only indentation precedes `offset` on its line. */
export function startsLine(src: SourceText, offset: number): boolean {
  return src.text.slice(src.lineStartOf(offset), offset).trim() === '';
}

/** The zero-based column of `offset`. */
export function columnOf(src: SourceText, offset: number): number {
  return src.positionAt(offset).character;
}

/** Offset of the end of the line holding `offset` (before its line break). */
function lineEndAt(src: SourceText, offset: number): number {
  return src.lineEnd(src.positionAt(offset).line);
}

/** Offset of the start of the line after the one holding `offset` (or the end of the text). */
function nextLineStart(src: SourceText, offset: number): number {
  const line = src.positionAt(offset).line;
  return line + 1 >= src.lineCount ? src.text.length : src.lineStart(line + 1);
}

/** End of an entry's content (key included for entries whose value is empty). */
function entryContentEnd(src: SourceText, e: TEntry): number {
  return Math.max(e.key.to, contentEnd(src, e.value));
}

/**
 * The whole lines a YAML block entry occupies, from the start of its key's line to the end of
 * its last content line (a comment on that line included, the line break not). Undefined when
 * something other than indentation precedes the key on its line (`- Key: v`).
 */
export function entryLines(src: SourceText, e: TEntry): { from: number; to: number } | undefined {
  if (!startsLine(src, e.key.from)) return undefined;
  return { from: src.lineStartOf(e.key.from), to: lineEndAt(src, entryContentEnd(src, e)) };
}

// ---------------- text helpers ----------------

/** `text[from, to)` with `edits` (offsets into the whole text, all inside the slice) applied. */
export function sliceWithEdits(text: string, from: number, to: number, edits: TemplateEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.to - b.to);
  let out = '';
  let last = from;
  for (const e of sorted) {
    if (e.from < last || e.to > to) throw new Error('edit outside the slice or overlapping');
    out += text.slice(last, e.from) + e.text;
    last = e.to;
  }
  return out + text.slice(last, to);
}

/** Adds `indent` to every line of `text` after the first (the first line continues an existing one). */
export function indentContinuation(text: string, indent: string): string {
  return text.replace(/\n(?=[^\r\n])/g, `\n${indent}`);
}

/**
 * A node's source text (with `edits` applied) re-based so that continuation lines are indented
 * relative to column `baseColumn` (usually the column of the node's key). Lines indented less
 * than that are left as they are.
 */
export function relativeText(src: SourceText, n: TNode, baseColumn: number, edits: TemplateEdit[] = []): string {
  const end = n.kind === 'scalar' ? n.to : contentEnd(src, n);
  const text = sliceWithEdits(src.text, n.from, end, edits);
  const lines = text.split(/\r?\n/);
  return lines
    .map((l, i) => {
      if (i === 0) return l;
      let k = 0;
      while (k < baseColumn && l[k] === ' ') k++;
      return l.slice(k);
    })
    .join(src.eol);
}

/**
 * An entry's value as `insertEntry` takes it (continuation lines relative to the key's column,
 * block collections starting on their own line), with `edits` applied: for copying a setting
 * from one place (SAM Globals) to another at a different indentation.
 */
export function entryValueText(t: EditTarget, e: TEntry, edits: TemplateEdit[] = []): string {
  const src = t.source;
  const keyCol = columnOf(src, e.key.from);
  const v = e.value;
  const text = relativeText(src, v, keyCol, edits);
  const block = (v.kind === 'map' && !v.flow && !v.shortTag) || (v.kind === 'seq' && !v.flow);
  if (!block || t.format === 'json') return text;
  return src.eol + ' '.repeat(Math.max(0, columnOf(src, v.from) - keyCol)) + text;
}

// ---------------- scalars ----------------

/** Plain YAML scalars we write unquoted: identifiers, ARNs, paths. Anything else gets double quotes. */
function yamlPlainSafe(v: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(v);
}

/** A string written the way `like` (an existing scalar of the file) is written: JSON string, or YAML plain / '…' / "…". */
export function formatString(t: EditTarget, value: string, like?: TScalar): string {
  if (t.format === 'json') return JSON.stringify(value);
  const q = like ? t.source.text[like.from] : '';
  if (q === '"') return JSON.stringify(value);
  if (q === "'") return `'${value.replace(/'/g, "''")}'`;
  return yamlPlainSafe(value) ? value : JSON.stringify(value);
}

/**
 * Replaces a scalar's value, keeping its quoting style. `keepPlain`: the caller knows the new
 * value is as safe unquoted as the old one (e.g. it only swapped one logical id for another),
 * so a plain YAML scalar stays plain even where `formatString` would add quotes.
 */
export function replaceScalar(t: EditTarget, n: TScalar, value: string, opts: { keepPlain?: boolean } = {}): TemplateEdit {
  const q = t.source.text[n.from];
  if (opts.keepPlain && t.format === 'yaml' && q !== '"' && q !== "'") return { from: n.from, to: n.to, text: value };
  return { from: n.from, to: n.to, text: formatString(t, value, n) };
}

/** Replaces a whole node with `text` (already written for the file's format). */
export function replaceNode(n: TNode, text: string): TemplateEdit {
  return { from: n.from, to: n.to, text };
}

/** A map key as the format writes it. */
export function formatKey(t: EditTarget, key: string): string {
  return t.format === 'json' ? JSON.stringify(key) : yamlPlainSafe(key) ? key : JSON.stringify(key);
}

// ---------------- entries ----------------

/**
 * The source text of an entry with its key renamed to `newKey` and `innerEdits` applied,
 * ready to be placed beside the original at the same level: YAML gets whole lines (the
 * first with its indentation), JSON the `"key": value` span.
 */
export function copyEntry(t: EditTarget, e: TEntry, newKey: string, innerEdits: TemplateEdit[] = []): string | undefined {
  const src = t.source;
  const edits = [replaceScalar(t, e.key, newKey), ...innerEdits];
  if (t.format === 'json') return sliceWithEdits(src.text, e.from, e.to, edits);
  const lines = entryLines(src, e);
  if (!lines) return undefined;
  return sliceWithEdits(src.text, lines.from, lines.to, edits);
}

/** Separator between sibling entries/items of a flow collection, matching the layout of `sibling`. */
function flowSeparator(src: SourceText, siblingFrom: number): string {
  return startsLine(src, siblingFrom) ? `,${src.eol}${src.indentOf(siblingFrom)}` : ', ';
}

/**
 * What separates entries of a YAML block map: a line break, or a blank line too when the
 * author spaced the map's first two entries apart (as templates often do between resources).
 */
function blockEntrySeparator(src: SourceText, map: TMap): string {
  const [a, b] = map.entries;
  if (!a || !b) return src.eol;
  const lines = entryLines(src, a);
  if (!lines) return src.eol;
  const between = src.text.slice(lines.to, src.lineStartOf(b.key.from)).split(/\r?\n/);
  // The first piece ends the entry's last line and the last one is empty (the slice stops at a line start).
  return between.slice(1, -1).some((l) => l.trim() === '') ? src.eol + src.eol : src.eol;
}

/**
 * Inserts entries (texts from `copyEntry`, or `key: value` texts indented for this map's level)
 * right after `after`, a sibling entry of `map`.
 */
export function insertEntriesAfter(t: EditTarget, map: TMap, after: TEntry, entryTexts: string[]): TemplateEdit | undefined {
  const src = t.source;
  if (!entryTexts.length) return undefined;
  if (map.flow) {
    const sep = flowSeparator(src, after.from);
    const at = after.to;
    return { from: at, to: at, text: entryTexts.map((x) => sep + x.trimStart()).join('') };
  }
  const lines = entryLines(src, after);
  if (!lines) return undefined;
  const sep = blockEntrySeparator(src, map);
  return { from: lines.to, to: lines.to, text: entryTexts.map((x) => sep + x).join('') };
}

/** Replaces entry `e` of `map` by the given sibling entry texts (as `copyEntry` makes them). */
export function replaceEntryWith(t: EditTarget, map: TMap, e: TEntry, entryTexts: string[]): TemplateEdit | undefined {
  const src = t.source;
  if (!entryTexts.length) return deleteEntry(t, map, e);
  if (map.flow) {
    const sep = flowSeparator(src, e.from);
    return { from: e.from, to: e.to, text: entryTexts.map((x) => x.trimStart()).join(sep) };
  }
  const lines = entryLines(src, e);
  if (!lines) return undefined;
  return { from: lines.from, to: lines.to, text: entryTexts.join(blockEntrySeparator(src, map)) };
}

/**
 * Adds `key: value` to `map` (after `after`, else at the end). `valueText` is written for the
 * file's format; its continuation lines are indented relative to the key's column. A YAML block
 * value (a nested map or list) starts with a line break: `"\n  A: 1"`.
 */
export function insertEntry(t: EditTarget, map: TMap, key: string, valueText: string, after?: TEntry): TemplateEdit | undefined {
  const src = t.source;
  const k = formatKey(t, key);
  const colon = valueText.startsWith('\n') || valueText.startsWith('\r\n') ? ':' : ': ';
  const anchor = after ?? map.entries[map.entries.length - 1];
  if (!anchor) {
    // An empty map: only flow maps (`{}`) can be empty in a way we can write into.
    if (!map.flow || src.text[map.from] !== '{') return undefined;
    return { from: map.from, to: map.to, text: `{ ${k}${colon}${valueText} }` };
  }
  const indent = ' '.repeat(columnOf(src, anchor.key.from));
  const body = indentContinuation(`${k}${colon}${valueText}`, indent);
  if (map.flow) return insertEntriesAfter(t, map, anchor, [body]);
  if (!startsLine(src, anchor.key.from) && anchor !== map.entries[map.entries.length - 1]) return undefined;
  const at = lineEndAt(src, entryContentEnd(src, anchor));
  return { from: at, to: at, text: src.eol + indent + body };
}

/**
 * Removes entry `e` from `map` with its lines (YAML block) or its comma (flow / JSON).
 * Removing the only entry of a YAML block map would leave its parent key with a null value;
 * use `removePath` to remove empty parents too.
 */
export function deleteEntry(t: EditTarget, map: TMap, e: TEntry): TemplateEdit | undefined {
  const src = t.source;
  const i = map.entries.indexOf(e);
  if (i < 0) return undefined;
  const next = map.entries[i + 1];
  const prev = map.entries[i - 1];
  if (map.flow) {
    if (!next && !prev) return { from: map.from + 1, to: map.to - 1, text: '' };
    if (next) {
      // Own line(s): drop the lines up to the next entry's line; same line: up to the next entry.
      if (startsLine(src, e.from) && startsLine(src, next.from)) return { from: src.lineStartOf(e.from), to: src.lineStartOf(next.from), text: '' };
      return { from: e.from, to: next.from, text: '' };
    }
    return { from: prev.to, to: e.to, text: '' };
  }
  const lines = entryLines(src, e);
  if (lines) return { from: lines.from, to: nextLineStart(src, lines.to), text: '' };
  // `- Key: v` (the first key of a list item's map): the next key moves up behind the dash.
  if (next) return { from: e.key.from, to: next.key.from, text: '' };
  return { from: e.key.from, to: entryContentEnd(src, e), text: '{}' };
}

/**
 * Removes the entry at `path` under `root` and every map on the way that it leaves empty
 * (`removePath(doc, root, ['Globals', 'Function', 'Role'])` drops `Globals:` entirely when
 * `Role` was its only setting).
 */
export function removePath(t: EditTarget, root: TMap, path: string[]): TemplateEdit | undefined {
  const chain: Array<{ map: TMap; e: TEntry }> = [];
  let cur: TNode | undefined = root;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    const e = entryOf(cur, k);
    if (!e) return undefined;
    chain.push({ map: cur, e });
    cur = e.value;
  }
  let i = chain.length - 1;
  while (i > 0 && chain[i].map.entries.length === 1) i--;
  return deleteEntry(t, chain[i].map, chain[i].e);
}

// ---------------- sequences ----------------

/**
 * Inserts items after `after`, an item of `seq`. Item texts are written for the file's format,
 * continuation lines relative to the item's column.
 */
export function insertItemsAfter(t: EditTarget, seq: TSeq, after: TNode, itemTexts: string[]): TemplateEdit | undefined {
  const src = t.source;
  if (!itemTexts.length || !seq.items.includes(after)) return undefined;
  if (seq.flow) {
    const sep = flowSeparator(src, after.from);
    const indent = ' '.repeat(columnOf(src, after.from));
    return { from: after.to, to: after.to, text: itemTexts.map((x) => sep + indentContinuation(x, indent)).join('') };
  }
  // Block list: `- item` lines at the dash's column.
  const dashCol = columnOf(src, seq.from);
  const indent = ' '.repeat(dashCol);
  const itemIndent = ' '.repeat(dashCol + 2);
  const at = lineEndAt(src, contentEnd(src, after));
  return { from: at, to: at, text: itemTexts.map((x) => `${src.eol}${indent}- ${indentContinuation(x, itemIndent)}`).join('') };
}
