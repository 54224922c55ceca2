/**
 * One tree shape for YAML and JSON templates, with source offsets on every node.
 * CloudFormation short tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become the same
 * one-key maps as their long JSON form (`{"Ref": "X"}`, `{"Fn::GetAtt": ...}`), so
 * rules never care which syntax the author used.
 */
export interface TBase {
  /** Offsets into the file text: the node's value, without a trailing comment. */
  from: number;
  to: number;
}
export interface TScalar extends TBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}
export interface TSeq extends TBase {
  kind: 'seq';
  items: TNode[];
  /** YAML flow sequence `[a, b]` (true) or block sequence (false); JSON arrays are flow. */
  flow: boolean;
}
export interface TEntry {
  key: TScalar;
  value: TNode;
  /** From the key's first character to the end of its value. */
  from: number;
  to: number;
}
export interface TMap extends TBase {
  kind: 'map';
  entries: TEntry[];
  flow: boolean;
  /** Set when this map was written as a YAML short tag (`!Ref`), to the tag's text. */
  shortTag?: string;
}
export type TNode = TScalar | TSeq | TMap;

export function isMap(n: TNode | undefined): n is TMap {
  return !!n && n.kind === 'map';
}
export function isSeq(n: TNode | undefined): n is TSeq {
  return !!n && n.kind === 'seq';
}
export function isScalar(n: TNode | undefined): n is TScalar {
  return !!n && n.kind === 'scalar';
}

/** The entry for `key` in a map (last one wins, as in YAML/JSON loaders). */
export function entry(n: TNode | undefined, key: string): TEntry | undefined {
  if (!isMap(n)) return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) if (n.entries[i].key.value === key) return n.entries[i];
  return undefined;
}

export function get(n: TNode | undefined, ...path: Array<string | number>): TNode | undefined {
  let cur: TNode | undefined = n;
  for (const k of path) {
    if (!cur) return undefined;
    if (typeof k === 'number') cur = isSeq(cur) ? cur.items[k] : undefined;
    else cur = entry(cur, k)?.value;
  }
  return cur;
}

/** A scalar's value as a string (numbers and booleans stringified), else undefined. */
export function str(n: TNode | undefined): string | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

export function num(n: TNode | undefined): number | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'number') return n.value;
  if (typeof n.value === 'string' && n.value.trim() !== '' && !isNaN(Number(n.value))) return Number(n.value);
  return undefined;
}

export function bool(n: TNode | undefined): boolean | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'boolean') return n.value;
  if (n.value === 'true' || n.value === 'True') return true;
  if (n.value === 'false' || n.value === 'False') return false;
  return undefined;
}

/** The intrinsic function name when `n` is a one-key map like {Ref: ..} or {Fn::GetAtt: ..}. */
export function intrinsicName(n: TNode | undefined): string | undefined {
  if (!isMap(n) || n.entries.length !== 1) return undefined;
  const k = n.entries[0].key.value;
  if (typeof k !== 'string') return undefined;
  if (k === 'Ref' || k === 'Condition' || k.startsWith('Fn::')) return k;
  return undefined;
}

export function intrinsicArg(n: TNode | undefined): TNode | undefined {
  return intrinsicName(n) ? (n as TMap).entries[0].value : undefined;
}

/** Depth-first walk; stops descending when `visit` returns false. */
export function walk(n: TNode, visit: (n: TNode, parent: TNode | undefined) => boolean | void, parent?: TNode): void {
  const stack: Array<[TNode, TNode | undefined]> = [[n, parent]];
  const seen = new Set<TNode>();
  while (stack.length) {
    const [cur, par] = stack.pop()!;
    if (seen.has(cur)) continue; // YAML aliases make the tree a DAG
    seen.add(cur);
    if (visit(cur, par) === false) continue;
    if (cur.kind === 'map') for (let i = cur.entries.length - 1; i >= 0; i--) stack.push([cur.entries[i].value, cur]);
    else if (cur.kind === 'seq') for (let i = cur.items.length - 1; i >= 0; i--) stack.push([cur.items[i], cur]);
  }
}

/** Plain JS value of a node (intrinsics stay as one-key objects); for tests and debugging. */
export function toPlain(n: TNode | undefined): unknown {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const e of n.entries) o[String(e.key.value)] = toPlain(e.value);
  return o;
}
