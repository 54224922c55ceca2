import { Alias, isAlias, isMap as yIsMap, isPair, isScalar as yIsScalar, isSeq as yIsSeq, parseDocument } from 'yaml';
import type { Document, Node as YNode } from 'yaml';
import type { TBase, TEntry, TMap, TNode, TScalar } from './tree';
import { MAX_TEMPLATE_NESTING, yamlTooDeep } from './depth';

export interface ParsedTemplateTree {
  root: TNode | undefined;
  /** The first error, as offsets and a message for the reader. */
  error?: { from: number; to: number; message: string };
  /** The yaml Document, kept for edits that must preserve comments (absent after an incremental re-parse). */
  yamlDoc?: Document;
  /**
   * No anchors, aliases or merge keys: every node belongs to exactly one place of the text, so
   * one block of it can be re-parsed on its own (reparseYamlTree).
   */
  local?: boolean;
}

/** CloudFormation short tags and their long names. */
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/** More aliases than this is treated as an alias bomb, not a template. */
const MAX_ALIASES = 500;
/** Aliases that expand the document beyond this many nodes are treated as an alias bomb. */
const MAX_EXPANDED_NODES = 100_000;

class TemplateTreeError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

// Tags that the yaml library should accept without a warning; values stay as written.
const customTags = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (v: unknown) => v, identify: (): boolean => false },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v, identify: (): boolean => false },
  { tag, collection: 'map' as const, resolve: (v: unknown) => v, identify: (): boolean => false },
]);

// No LineCounter: nothing reads line positions from the yaml library (SourceText has its own index).
const PARSE_OPTIONS = {
  keepSourceTokens: false,
  uniqueKeys: false,
  strict: false,
  prettyErrors: false,
  customTags: customTags as never,
  version: '1.1' as const,
};

export function parseYamlTree(text: string): ParsedTemplateTree {
  // Refused before the yaml library sees it: its composer recurses, and carries on after catching its own stack overflow (parse/depth.ts).
  const tooDeep = yamlTooDeep(text);
  if (tooDeep !== undefined) return { root: undefined, error: { from: tooDeep, to: Math.min(text.length, tooDeep + 1), message: 'YAML nesting is too deep to analyse' } };
  let doc: Document;
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch (e) {
    return { root: undefined, error: { from: 0, to: 0, message: `YAML could not be read: ${(e as Error).message}` } };
  }
  if (doc.errors.length) {
    const err = doc.errors[0];
    const [from, to] = err.pos;
    // The yaml library reports its own stack overflow on deep nesting as an ordinary error.
    const message = err.message.includes('Maximum call stack size exceeded') ? 'YAML nesting is too deep to analyse' : cleanYamlMessage(err.message);
    return { root: undefined, error: { from, to: Math.max(to, from), message }, yamlDoc: doc };
  }
  try {
    const conv = new Converter(doc, text);
    const root = doc.contents ? conv.node(doc.contents as YNode, 0) : undefined;
    return { root, yamlDoc: doc, local: conv.local };
  } catch (e) {
    if (e instanceof TemplateTreeError) return { root: undefined, error: { from: e.from, to: e.to, message: e.message }, yamlDoc: doc };
    if (e instanceof RangeError) return { root: undefined, error: { from: 0, to: 0, message: 'YAML nesting is too deep to analyse' } };
    throw e;
  }
}

function cleanYamlMessage(m: string): string {
  // The yaml library appends "at line X, column Y" plus a code excerpt; the diagnostic range carries that already.
  const first = m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax error: ${first}`;
}

class Converter {
  private aliasCount = 0;
  /** Cleared by the first anchor, alias or merge key (see ParsedTemplateTree.local). */
  local = true;
  private memo = new Map<YNode, TNode>();
  /**
   * Size of each converted node with aliases expanded. Aliases share converted nodes, so the
   * tree stays small, but a consumer that recurses without a seen-set would expand a
   * "billion laughs" document; such a document is refused here instead.
   */
  private sizes = new Map<TNode, number>();
  private lastAlias: [number, number] = [0, 0];
  /** Collections being converted right now: an alias to one of them is a cycle (`a: &a {<<: *a}`). */
  private active = new Set<YNode>();
  constructor(
    private doc: Document,
    private text: string,
  ) {}

  /** Offset of `tag` written just before `from` (whitespace between allowed), else `from`. */
  private tagStart(from: number, tag: string): number {
    let i = from;
    while (i > 0 && (this.text[i - 1] === ' ' || this.text[i - 1] === '\t' || this.text[i - 1] === '\n' || this.text[i - 1] === '\r')) i--;
    return this.text.slice(i - tag.length, i) === tag ? i - tag.length : from;
  }

  node(n: YNode | null | undefined, depth: number, fallbackAt = 0): TNode {
    if (depth > MAX_TEMPLATE_NESTING) throw new TemplateTreeError('YAML nesting is too deep to analyse', fallbackAt, fallbackAt);
    if (!n) return { kind: 'scalar', value: null, from: fallbackAt, to: fallbackAt };
    if ((n as { anchor?: string }).anchor) this.local = false;
    if (isAlias(n)) {
      this.local = false;
      if (++this.aliasCount > MAX_ALIASES) {
        const [from, to] = (n as Alias).range ?? [0, 0];
        throw new TemplateTreeError(`YAML has more than ${MAX_ALIASES} aliases; refusing to expand it (alias bomb?)`, from, to);
      }
      this.lastAlias = [(n as Alias).range?.[0] ?? 0, (n as Alias).range?.[1] ?? 0];
      const target = (n as Alias).resolve(this.doc);
      if (!target) return { kind: 'scalar', value: null, from: n.range?.[0] ?? 0, to: n.range?.[1] ?? 0 };
      // A cyclic tree would send every recursive consumer (rules, value resolution) into a stack overflow.
      if (this.active.has(target as YNode))
        throw new TemplateTreeError('YAML alias refers to a node that contains it (a cycle); refusing to expand it', ...this.lastAlias);
      return this.node(target as YNode, depth + 1);
    }
    const hit = this.memo.get(n);
    if (hit) return hit;
    const [from, to] = n.range ?? [fallbackAt, fallbackAt];
    let out: TNode;
    if (yIsScalar(n)) {
      const v = n.value;
      const value =
        v === null || v === undefined
          ? null
          : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
            ? v
            : typeof v === 'bigint'
              ? Number(v)
              : String(v);
      out = { kind: 'scalar', value, from, to };
    } else if (yIsSeq(n)) {
      const seq: TNode = { kind: 'seq', items: [], from, to, flow: !!n.flow };
      this.memo.set(n, seq);
      this.active.add(n);
      for (const it of n.items) seq.items.push(this.node(it as YNode, depth + 1, to));
      this.active.delete(n);
      out = seq;
    } else if (yIsMap(n)) {
      const map: TMap = { kind: 'map', entries: [], from, to, flow: !!n.flow };
      this.memo.set(n, map);
      this.active.add(n);
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YNode | null;
        const keyNode = this.node(k, depth + 1, from);
        const key: TScalar =
          keyNode.kind === 'scalar' ? keyNode : { kind: 'scalar', value: null, from: keyNode.from, to: keyNode.to };
        const valueAt = key.to;
        const value = this.node(pair.value as YNode | null, depth + 1, valueAt);
        if (key.value === '<<' && !isSeqOrMapTag(k)) {
          this.local = false;
          // YAML merge key: copy entries of the merged map(s) that this map does not set itself.
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) if (s.kind === 'map') for (const e of s.entries) map.entries.unshift(e);
          continue;
        }
        const entry: TEntry = { key, value, from: key.from, to: Math.max(value.to, key.to) };
        map.entries.push(entry);
      }
      this.active.delete(n);
      out = map;
    } else {
      out = { kind: 'scalar', value: null, from, to };
    }
    const tag = (n as { tag?: string }).tag;
    if (tag && SHORT_TAGS[tag]) {
      // The tag sits before the node's range in the source; the wrapper starts at the tag.
      const tagFrom = this.tagStart(from, tag);
      const wrapped: TMap = {
        kind: 'map',
        flow: true,
        shortTag: tag,
        from: tagFrom,
        to,
        entries: [{ key: { kind: 'scalar', value: SHORT_TAGS[tag], from: tagFrom, to: tagFrom + tag.length }, value: out, from: tagFrom, to }],
      };
      this.weigh(out);
      this.weigh(wrapped);
      this.memo.set(n, wrapped);
      return wrapped;
    }
    this.weigh(out);
    this.memo.set(n, out);
    return out;
  }

  private weigh(t: TNode): void {
    let size = 1;
    if (t.kind === 'seq') for (const i of t.items) size += this.sizes.get(i) ?? 1;
    else if (t.kind === 'map') for (const e of t.entries) size += 1 + (this.sizes.get(e.value) ?? 1);
    this.sizes.set(t, size);
    // Without aliases a tree cannot outgrow its text; with them, legitimate reuse stays far below this.
    if (this.aliasCount && size > Math.max(MAX_EXPANDED_NODES, this.text.length)) {
      const [from, to] = this.lastAlias;
      throw new TemplateTreeError(`YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes; refusing to expand them (alias bomb?)`, from, to);
    }
  }
}

function isSeqOrMapTag(k: YNode | null): boolean {
  return !!k && !yIsScalar(k);
}

// ---------- incremental re-parse ----------

/**
 * Re-parses only the block that an edit touched: the entry of the root map, or of a map one level
 * down (one resource under `Resources`, `Function` under `Globals`), that holds the whole change.
 * A 15,000-line template costs a keystroke what its one resource costs instead of the whole file.
 *
 * `prev` must be the tree of `prevText` and is updated IN PLACE (the replaced entry swapped, every
 * later offset moved by the length difference): the caller hands over the old tree and must not
 * use it with the old text again. Returns undefined, and leaves `prev` untouched, whenever the
 * block cannot be proven to parse the same on its own: the old tree was not `local`, the change
 * crosses entries or touches the last entry of its map, the block has an error, anchors or
 * aliases, or no longer reads as exactly one entry at the same column. Callers then parse the
 * whole text.
 */
export function reparseYamlTree(prevText: string, prev: ParsedTemplateTree, text: string): ParsedTemplateTree | undefined {
  const root = prev.root;
  if (!prev.local || prev.error || root?.kind !== 'map' || root.flow) return undefined;
  // The changed span: [start, prevEnd) of the old text became [start, nextEnd) of the new one.
  const max = Math.min(prevText.length, text.length);
  let start = 0;
  while (start < max && prevText.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start === prevText.length && start === text.length) return { root, local: true };
  let tail = 0;
  while (tail < max - start && prevText.charCodeAt(prevText.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const prevEnd = prevText.length - tail;
  const delta = text.length - prevText.length;

  const block = blockAround(prevText, root, start, prevEnd);
  if (!block) return undefined;
  const { path, chunkFrom, chunkTo, column } = block;
  const chunk = text.slice(chunkFrom, chunkTo + delta);
  // The block is parsed inside a copy of its surroundings: a stand-in for the key holding it, and
  // a stand-in for the key that follows it in the file (same column), so that its last value ends
  // exactly as it does there. A block that runs to the end of the file is parsed as it is.
  const prefix = path.length === 2 ? `${' '.repeat(block.outerColumn)}_h:\n` : '';
  const atEnd = chunkTo === prevText.length;
  const nextColumn = atEnd ? -1 : keyColumnAt(prevText, chunkTo);
  const gap = atEnd || chunk.endsWith('\n') || chunk.endsWith('\r') ? '' : '\n';
  const sentinel = atEnd ? '' : `${' '.repeat(nextColumn)}_:\n`;
  const part = parseYamlTree(prefix + chunk + gap + sentinel);
  if (part.error || !part.local || part.root?.kind !== 'map' || part.root.flow) return undefined;
  const outer = part.root.entries;
  const holder = prefix ? outer[0]?.value : part.root;
  if (holder?.kind !== 'map' || holder.flow) return undefined;
  const inner = holder.entries;
  const sentinelInner = !atEnd && nextColumn === column;
  const sentinelOuter = !atEnd && !sentinelInner;
  if (inner.length !== (sentinelInner ? 2 : 1) || (prefix && outer.length !== (sentinelOuter ? 2 : 1))) return undefined;
  const fresh = inner[0];
  const stand = sentinelInner ? inner[1] : sentinelOuter ? outer[outer.length - 1] : undefined;
  if (stand && (stand.key.value !== '_' || stand.key.from !== prefix.length + chunk.length + gap.length + nextColumn)) return undefined;
  if (fresh.key.from !== prefix.length + column || lineStartIn(chunk, fresh.key.from - prefix.length) !== 0) return undefined;
  shift(fresh, chunkFrom - prefix.length);

  // The maps holding the block end where they ended, moved by the length difference, unless the
  // block is their last entry: then they end as their stand-ins in the parsed copy do.
  const by = chunkFrom - prefix.length;
  const ends: Array<[TBase, number]> = [];
  const copies = prefix ? [part.root, holder] : [part.root];
  for (const [level, { map }] of path.entries()) {
    const last = level === path.length - 1 ? !sentinelInner : atEnd;
    const to = last ? copies[level].to + by : map.to >= prevEnd ? map.to + delta : undefined;
    if (to === undefined) return undefined;
    ends.push([map, to]);
  }
  if (path.length === 2) {
    // The root's entry holding the inner map ends with that map (its key comes first).
    const h = path[0].map.entries[path[0].index];
    ends.push([h, Math.max(h.key.to, ends[1][1])]);
  }
  // Commit: the new entry in, everything after the block moved by the length difference.
  for (const { map, index } of path) for (let k = index + 1; k < map.entries.length; k++) shift(map.entries[k], delta);
  for (const [n, to] of ends) n.to = to;
  const last = path[path.length - 1];
  last.map.entries[last.index] = fresh;
  prev.root = undefined; // handed over: the old tree is gone
  return { root, local: true };
}

/**
 * The entry (of the root map, or of a block map directly under it) whose lines hold the whole
 * change; `chunkFrom`..`chunkTo` runs from the start of its key's line to the start of the next
 * sibling's line (or the end of the enclosing block, or of the file). The deepest such entry wins;
 * `path` lists the maps from the root down, each with the index of the entry holding the change.
 */
function blockAround(
  text: string,
  root: TMap,
  start: number,
  end: number,
): { path: Array<{ map: TMap; index: number }>; chunkFrom: number; chunkTo: number; column: number; outerColumn: number } | undefined {
  const inside = (map: TMap, limit: number) => {
    for (let i = 0; i < map.entries.length; i++) {
      const e = map.entries[i];
      const from = lineStartIn(text, e.key.from);
      const next = map.entries[i + 1];
      const to = next ? lineStartIn(text, next.key.from) : limit;
      if (!onlySpaces(text, from, e.key.from) || (next && !onlySpaces(text, to, next.key.from))) return undefined;
      // Strictly inside the block's lines (a change at the end of the file may touch its end).
      if (start > from && (end < to || (end === to && to === text.length))) return { index: i, chunkFrom: from, chunkTo: to, column: e.key.from - from };
      if (start < to) return undefined; // the change starts in this block but leaves it
    }
    return undefined;
  };
  const top = inside(root, text.length);
  if (!top) return undefined;
  const value = root.entries[top.index].value;
  if (value.kind === 'map' && !value.flow && !value.shortTag) {
    const inner = inside(value, top.chunkTo);
    if (inner && inner.column > top.column)
      return { ...inner, outerColumn: top.column, path: [{ map: root, index: top.index }, { map: value, index: inner.index }] };
  }
  return { ...top, outerColumn: top.column, path: [{ map: root, index: top.index }] };
}

/** Column of the first non-space character of the line starting at `lineStart`. */
function keyColumnAt(text: string, lineStart: number): number {
  let i = lineStart;
  while (text.charCodeAt(i) === 32) i++;
  return i - lineStart;
}

function lineStartIn(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** Adds `by` to every offset of an entry (a `local` tree has no shared nodes, so each is visited once). */
function shift(e: TEntry, by: number): void {
  if (!by) return;
  e.from += by;
  e.to += by;
  e.key.from += by;
  e.key.to += by;
  shiftNode(e.value, by);
}

function shiftNode(n: TNode, by: number): void {
  n.from += by;
  n.to += by;
  if (n.kind === 'map') for (const e of n.entries) shift(e, by);
  else if (n.kind === 'seq') for (const it of n.items) shiftNode(it, by);
}
