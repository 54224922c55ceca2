/**
 * Walks of a module's syntax tree that build only the nodes they visit.
 *
 * The rules ask a dozen questions of each module, most by walking the whole tree for a few
 * kinds of node (calls, assignments, string literals...). Stepping from node to node allocates
 * an object for every node of the tree, on every walk. Here the tree's shape is read once into
 * typed arrays (kind, span, parent and subtree end of each node, in document order); a walk
 * that names the kinds it wants scans those arrays and builds a node object only for the nodes
 * it hands to the visitor (and their ancestors, which `.parent` needs).
 *
 * The visitor sees exactly what `descend` would show it: the same nodes in the same order, each
 * a node of this walk whose `.parent` chain leads up to the root object passed in. A walk
 * without `only` visits everything and is `descend` itself.
 */
import { NodeProp, TreeBuffer } from '@lezer/common';
import type { NodeSet, NodeType, SyntaxNode, Tree } from '@lezer/common';
import { descend } from '../parse/code';
import type { DescendFilter } from '../parse/code';
import type { CodeModule } from './model';

type Visit = (n: SyntaxNode) => boolean | void;

interface Frame {
  tree: Tree;
  /** The next child to read. */
  child: number;
  start: number;
  /** Position of the node the children belong to (-1: the top). */
  parent: number;
  /** Position of this subtree's node; -1 for the top and anonymous subtrees. */
  self: number;
}

type FlagTables = Map<ReadonlySet<string>, Map<ReadonlySet<string> | undefined, Uint8Array>>;
const flagTables = new WeakMap<NodeSet, FlagTables>();

const SKIP = 0;
const VISIT = 1;
const PRUNE = 2;

/** The nodes of a tree in document order (the order `descend` visits them), as numbers only. */
class TreeIndex {
  readonly size: number;
  readonly types: Uint16Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Position after the node's last descendant: where a walk goes on when it skips the subtree. */
  readonly end: Int32Array;
  /** Position of the parent; -1 for children of the top node. */
  readonly parent: Int32Array;
  /** The grammar's node types (from the first buffer), and the types of subtrees. */
  private set?: NodeSet;
  private treeTypes: NodeType[] = [];
  private typeById?: NodeType[];
  private tables: FlagTables = new Map();

  /** Walks running over this index: its storage is reused only once none is. */
  active = 0;

  constructor(
    readonly tree: Tree,
    size: number,
    readonly storage: ArrayBuffer,
  ) {
    this.size = size;
    const buf = storage;
    this.from = new Int32Array(buf, 0, size);
    this.to = new Int32Array(buf, size * 4, size);
    this.end = new Int32Array(buf, size * 8, size);
    this.parent = new Int32Array(buf, size * 12, size);
    this.types = new Uint16Array(buf, size * 16, size);
  }

  /**
   * The index of a tree, or undefined for a tree with mounted subtrees (mixed languages, which
   * these parsers do not produce): a walk of such a tree steps from node to node instead.
   */
  static of(tree: Tree): TreeIndex | undefined {
    const size = namedNodes(tree);
    if (size === undefined) return undefined;
    const ix = new TreeIndex(tree, size, storageFor(size * BYTES_PER_NODE));
    // Counted and read by the same rules; should they ever disagree, walks step through the tree.
    if (ix.fill() === size) return ix;
    release(ix.storage);
    return undefined;
  }

  /**
   * Reads the tree's own storage: subtrees (Tree: children and their offsets) and flat buffers
   * of nodes in document order (TreeBuffer: type, from, to, end per node), the way SyntaxNode's
   * firstChild / nextSibling do: anonymous subtrees are stepped through, buffer nodes all count.
   * A loop with its own stack, not recursion: nesting can be deep. Returns the nodes read.
   */
  private fill(): number {
    const { types, from, to, end, parent } = this;
    let n = 0;
    const frames: Frame[] = [];
    let frame: Frame = { tree: this.tree, child: 0, start: 0, parent: -1, self: -1 };
    for (;;) {
      const { tree, start } = frame;
      if (frame.child === tree.children.length) {
        if (frame.self >= 0) end[frame.self] = n;
        const up = frames.pop();
        if (!up) return n;
        frame = up;
        continue;
      }
      const k = frame.child++;
      const child = tree.children[k];
      const at = start + tree.positions[k];
      if (child instanceof TreeBuffer) {
        if (!this.set) this.set = child.set;
        // A buffer holds its nodes in document order, each with the buffer index its subtree ends at.
        const b = child.buffer;
        const first = n;
        for (let j = 0; j < b.length; j += 4, n++) {
          types[n] = b[j];
          from[n] = at + b[j + 1];
          to[n] = at + b[j + 2];
          end[n] = n + ((b[j + 3] - j) >> 2);
        }
        for (let i = first; i < n; i = end[i]) parent[i] = frame.parent;
        for (let i = first; i < n; i++) for (let c = i + 1; c < end[i]; c = end[c]) parent[c] = i;
        continue;
      }
      frames.push(frame);
      if (child.type.isAnonymous) {
        frame = { tree: child, child: 0, start: at, parent: frame.parent, self: -1 };
        continue;
      }
      const i = n++;
      types[i] = child.type.id;
      from[i] = at;
      to[i] = at + child.length;
      parent[i] = frame.parent;
      this.treeTypes.push(child.type);
      frame = { tree: child, child: 0, start: at, parent: i, self: i };
    }
  }

  /** What a walk does at each type id: SKIP (go into), VISIT, PRUNE (step over). */
  flags(only: ReadonlySet<string>, prune: ReadonlySet<string> | undefined): Uint8Array {
    // Per grammar (node set), per filter: filters are module constants, so this stays small.
    let byOnly = this.set ? flagTables.get(this.set) : this.tables;
    if (!byOnly) flagTables.set(this.set!, (byOnly = new Map()));
    let byPrune = byOnly.get(only);
    if (!byPrune) byOnly.set(only, (byPrune = new Map()));
    let t = byPrune.get(prune);
    if (!t) {
      const all = this.allTypes();
      t = new Uint8Array(all.length);
      all.forEach((type, id) => {
        t![id] = prune?.has(type.name) ? PRUNE : only.has(type.name) ? VISIT : SKIP;
      });
      byPrune.set(prune, t);
    }
    return t;
  }

  /** Node types by id: the grammar's, or (a tree without buffers) those of its nodes. */
  private allTypes(): readonly NodeType[] {
    if (this.set) return this.set.types;
    if (!this.typeById) {
      this.typeById = [];
      for (const t of this.treeTypes) this.typeById[t.id] = t;
    }
    return this.typeById;
  }

  nameOf(type: number): string {
    return this.allTypes()[type].name;
  }

  /** Position of `node`, -1 for the top node, undefined when it is not a node of this tree. */
  positionOf(node: SyntaxNode): number | undefined {
    let depth = 0;
    let top = node;
    for (let p = node.parent; p; p = p.parent) {
      top = p;
      depth++;
    }
    if (top.tree !== this.tree) return undefined;
    if (depth === 0) return -1;
    // Document order is also order of `from`: binary search, then among the nodes that start
    // there (a chain like `a.b.c` nests several) the one of the same kind, end and depth.
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.from[mid] < node.from) lo = mid + 1;
      else hi = mid;
    }
    const id = node.type.id;
    for (let i = lo; i < this.size && this.from[i] === node.from; i++) {
      if (this.types[i] === id && this.to[i] === node.to && this.depthOf(i) === depth) return i;
    }
    return undefined;
  }

  private depthOf(i: number): number {
    let d = 0;
    for (let a = i; a >= 0; a = this.parent[a]) d++;
    return d;
  }
}

/** How many nodes SyntaxNode's firstChild / nextSibling reach below the top; undefined when a subtree is mounted. */
function namedNodes(top: Tree): number | undefined {
  let count = 0;
  const todo: Tree[] = [top];
  while (todo.length) {
    const tree = todo.pop()!;
    if (tree !== top && tree.prop(NodeProp.mounted)) return undefined;
    if (tree !== top && !tree.type.isAnonymous) count++;
    for (const c of tree.children) {
      if (c instanceof TreeBuffer) count += c.buffer.length >> 2;
      else todo.push(c);
    }
  }
  return count;
}

/**
 * The node objects of one walk: the chain from the walk's root down to the last node built.
 * The walk moves forward in document order, so the next node wanted shares a prefix of that
 * chain; only the rest is built, each node from its parent.
 */
class NodePath {
  private readonly positions: number[];
  private readonly nodes: SyntaxNode[];
  private length = 1;
  private readonly between: number[] = [];

  constructor(
    private readonly index: TreeIndex,
    rootPosition: number,
    root: SyntaxNode,
  ) {
    this.positions = [rootPosition];
    this.nodes = [root];
  }

  at(i: number): SyntaxNode {
    const { end, parent } = this.index;
    let top = this.length - 1;
    // Drop what does not contain i (the root always does).
    while (top > 0 && !(this.positions[top] <= i && i < end[this.positions[top]])) top--;
    if (this.positions[top] === i) {
      this.length = top + 1;
      return this.nodes[top];
    }
    const between = this.between;
    let k = 0;
    for (let a = i; a !== this.positions[top]; a = parent[a]) between[k++] = a;
    let node = this.nodes[top];
    let position = this.positions[top];
    while (k > 0) {
      const child = between[--k];
      node = this.child(node, position, child);
      position = child;
      top++;
      this.positions[top] = child;
      this.nodes[top] = node;
    }
    this.length = top + 1;
    return node;
  }

  /** The child at position `child` of `node` (at `position`). */
  private child(node: SyntaxNode, position: number, child: number): SyntaxNode {
    const ix = this.index;
    const from = ix.from[child];
    if (ix.to[child] > from) {
      // Siblings do not overlap: the first child that ends after `from` is the one starting there
      // (found by a scan of numbers, without creating the siblings before it).
      const c = node.childAfter(from);
      if (c && c.from === from && c.to === ix.to[child] && c.type.id === ix.types[child]) return c;
    }
    // An empty node (or anything unexpected): step along the siblings.
    let c = node.firstChild!;
    for (let s = position + 1; s !== child; s = ix.end[s]) c = c.nextSibling!;
    return c;
  }
}

/** from, to, end, parent (4 bytes each) and type (2). */
const BYTES_PER_NODE = 18;

/**
 * Storage of indexes that dropped out of use, for the next ones: a fresh block per tree (each
 * module is indexed again by a later pass) leaves the process holding far more memory than the
 * indexes ever need at once (a block outlives its index until a full collection).
 */
const spare: ArrayBuffer[] = [];
let spareBytes = 0;
const MAX_SPARE_BYTES = 2 << 20;

function storageFor(bytes: number): ArrayBuffer {
  // The smallest spare block that fits without wasting more than half of it.
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    const size = spare[i].byteLength;
    if (size >= bytes && size <= bytes * 2 && (best < 0 || size < spare[best].byteLength)) best = i;
  }
  if (best < 0) {
    // Sizes a quarter apart, so that blocks fit modules of about the same size.
    let size = 1 << 14;
    while (size < bytes) size = Math.ceil((size * 1.25) / 4096) * 4096;
    return new ArrayBuffer(size);
  }
  const [block] = spare.splice(best, 1);
  spareBytes -= block.byteLength;
  return block;
}

function release(storage: ArrayBuffer): void {
  if (storage.byteLength > MAX_SPARE_BYTES) return;
  // Over the budget, the oldest spare blocks go first.
  while (spareBytes + storage.byteLength > MAX_SPARE_BYTES) spareBytes -= spare.shift()!.byteLength;
  spare.push(storage);
  spareBytes += storage.byteLength;
}

const recent = new Map<Tree, TreeIndex | undefined>();
let recentBytes = 0;
/**
 * The indexes of the last trees walked: the rules of one module run one after the other, and
 * each rule of a template goes through its functions' modules (50 in the benchmark workspace)
 * before the next does. At most 8 MB (18 bytes a node) and 64 trees per thread.
 */
const MAX_TREES = 64;
const MAX_BYTES = 8 << 20;

function indexOf(tree: Tree): TreeIndex | undefined {
  // Most walks are of the tree walked last: no need to move it to the end again.
  if (tree === lastTree) return lastIndex;
  lastTree = tree;
  return (lastIndex = lookUp(tree));
}

let lastTree: Tree | undefined;
let lastIndex: TreeIndex | undefined;

function lookUp(tree: Tree): TreeIndex | undefined {
  if (recent.has(tree)) {
    const ix = recent.get(tree);
    recent.delete(tree);
    recent.set(tree, ix);
    return ix;
  }
  const ix = TreeIndex.of(tree);
  recent.set(tree, ix);
  recentBytes += ix?.storage.byteLength ?? 0;
  while (recent.size > 1 && (recent.size > MAX_TREES || recentBytes > MAX_BYTES)) {
    const [oldest, old] = recent.entries().next().value as [Tree, TreeIndex | undefined];
    recent.delete(oldest);
    recentBytes -= old?.storage.byteLength ?? 0;
    // One still being walked (a walk that asked about another module) keeps its storage.
    if (old && !old.active) release(old.storage);
  }
  return ix;
}

/** Below this many characters a subtree is quicker to step through than to look up. */
const SMALL = 200;

/** `descend(root, visit, filter)` over a node of `mod`'s tree. */
export function walk(mod: CodeModule, root: SyntaxNode, visit: Visit, filter: DescendFilter): void {
  if (!filter.only || root.to - root.from < SMALL) return descend(root, visit, filter);
  const ix = indexOf(mod.tree);
  const at = ix?.positionOf(root);
  if (!ix || at === undefined) return descend(root, visit, filter);
  run(ix, at, root, visit, filter);
}

/** `descend(mod.tree.topNode, visit, filter)`: every node of the module. */
export function walkModule(mod: CodeModule, visit: Visit, filter: DescendFilter): void {
  const top = mod.tree.topNode;
  const ix = filter.only ? indexOf(mod.tree) : undefined;
  if (!ix) return descend(top, visit, filter);
  run(ix, -1, top, visit, filter);
}

function run(ix: TreeIndex, at: number, root: SyntaxNode, visit: Visit, filter: DescendFilter): void {
  const flags = ix.flags(filter.only!, filter.prune);
  const where = filter.where;
  const path = new NodePath(ix, at, root);
  const { types, from, to, end } = ix;
  const stop = at < 0 ? ix.size : end[at];
  ix.active++;
  try {
    for (let i = at + 1; i < stop; ) {
      const f = flags[types[i]];
      if (f === SKIP || (f === VISIT && where && !where(ix.nameOf(types[i]), from[i], to[i]))) i++;
      else if (f === PRUNE || visit(path.at(i)) === false) i = end[i];
      else i++;
    }
  } finally {
    ix.active--;
  }
}
