import { Alias, isAlias, isMap as yIsMap, isPair, isScalar as yIsScalar, isSeq as yIsSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YNode } from 'yaml';
import type { TEntry, TMap, TNode, TScalar } from './tree';

export interface ParsedTemplateTree {
  root: TNode | undefined;
  /** The first error, as offsets and a message for the reader. */
  error?: { from: number; to: number; message: string };
  /** The yaml Document, kept for edits that must preserve comments. */
  yamlDoc?: Document;
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
/** Nesting deeper than this is refused instead of risking the stack. */
const MAX_DEPTH = 500;

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

export function parseYamlTree(text: string): ParsedTemplateTree {
  let doc: Document;
  try {
    const lineCounter = new LineCounter();
    doc = parseDocument(text, {
      lineCounter,
      keepSourceTokens: false,
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      customTags: customTags as never,
      version: '1.1',
    });
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
    return { root, yamlDoc: doc };
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
    if (depth > MAX_DEPTH) throw new TemplateTreeError('YAML nesting is too deep to analyse', fallbackAt, fallbackAt);
    if (!n) return { kind: 'scalar', value: null, from: fallbackAt, to: fallbackAt };
    if (isAlias(n)) {
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
