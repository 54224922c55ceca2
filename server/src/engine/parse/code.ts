import { parser as pythonParser } from '@lezer/python';
import { parser as jsParser } from '@lezer/javascript';
import { TreeFragment } from '@lezer/common';
import type { ChangedRange, SyntaxNode, Tree } from '@lezer/common';
import type { CodeLanguage } from '../types';
import { codeTooDeep } from './depth';

const tsParser = jsParser.configure({ dialect: 'ts' });
const jsxParser = jsParser.configure({ dialect: 'jsx' });
const tsxParser = jsParser.configure({ dialect: 'ts jsx' });

export function languageOfPath(path: string): CodeLanguage | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.py')) return 'python';
  if (/\.(m|c)?tsx?$/.test(lower)) return 'typescript';
  if (/\.(m|c)?jsx?$/.test(lower)) return 'javascript';
  return undefined;
}

/**
 * The tree of the same file's previous text and the edits that turned it into the new one (each
 * inner list one step, in the order they happened): the parser reuses every subtree no edit touched.
 */
export interface PreviousParse {
  tree: Tree;
  changes: readonly (readonly ChangedRange[])[];
}

/** Trees of TypeScript text whose catch annotations were blanked: they describe other text, so nothing reuses them. */
const patchedTrees = new WeakSet<Tree>();

/**
 * The file's syntax tree. Throws a RangeError for a tree nested deeper than any real code
 * (parse/depth.ts: the analysis must not get near the end of the stack); callers turn it into a
 * "nested too deeply" finding.
 */
export function parseCode(text: string, language: CodeLanguage, path = '', previous?: PreviousParse): Tree {
  const tree = parseUnchecked(text, language, path, previous);
  if (codeTooDeep(tree)) throw new RangeError('code nested too deeply');
  return tree;
}

function parseUnchecked(text: string, language: CodeLanguage, path: string, previous?: PreviousParse): Tree {
  const fragments = previous && !patchedTrees.has(previous.tree) ? fragmentsOf(previous) : undefined;
  if (language === 'python') return pythonParser.parse(text, fragments);
  const tsx = path.toLowerCase().endsWith('.tsx');
  const jsx = path.toLowerCase().endsWith('.jsx');
  if (language === 'typescript') return parseTypeScript(text, tsx ? tsxParser : tsParser, fragments);
  return (jsx ? jsxParser : jsParser).parse(text, fragments);
}

function fragmentsOf(previous: PreviousParse): readonly TreeFragment[] {
  let fragments = TreeFragment.addTree(previous.tree);
  for (const step of previous.changes) fragments = TreeFragment.applyChanges(fragments, step);
  return fragments;
}

/**
 * The one range an edit covers, from what the old and new text share at both ends: for callers
 * that only know both texts (a file changed on disk). Editors report their edits precisely.
 */
export function changedRange(before: string, after: string): ChangedRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { fromA: start, toA: before.length - end, fromB: start, toB: after.length - end };
}

/**
 * @lezer/javascript does not accept a type annotation on a catch binding
 * (`catch (e: unknown)`), which strict TypeScript code writes all the time. Such an
 * annotation is blanked out (same length, line breaks kept, so every offset stays
 * true) and the text parsed again. Only the annotation the grammar rejected is
 * touched; the tree is what the rules see, the original text is what they read.
 * The re-parses are full ones: fragments of the unpatched text would bring the rejected annotation back.
 */
function parseTypeScript(text: string, p: typeof tsParser, fragments?: readonly TreeFragment[]): Tree {
  let tree = p.parse(text, fragments);
  let patched = text;
  for (let round = 0; round < 64; round++) {
    const span = rejectedCatchAnnotation(tree, patched);
    if (!span) break;
    patched = patched.slice(0, span.from) + patched.slice(span.from, span.to).replace(/[^\r\n]/g, ' ') + patched.slice(span.to);
    tree = p.parse(patched);
  }
  if (patched !== text) patchedTrees.add(tree);
  return tree;
}

/** The `: Type` of the first catch binding the grammar rejected, up to the `)` that closes the clause. */
function rejectedCatchAnnotation(tree: Tree, text: string): { from: number; to: number } | undefined {
  let found: { from: number; to: number } | undefined;
  tree.iterate({
    enter(n) {
      if (found) return false;
      if (n.name !== 'CatchClause') return undefined;
      const binding = n.node.getChild('VariableDefinition');
      const next = binding?.nextSibling;
      if (!binding || !next || !next.type.isError || text[next.from] !== ':') return undefined;
      const close = closingParen(text, next.from + 1);
      // An empty annotation (`catch (e: )`) is a real syntax error: leave it to be reported.
      if (close !== undefined && text.slice(next.from + 1, close).trim() !== '') found = { from: next.from, to: close };
      return false;
    },
  });
  return found;
}

/** Offset of the `)` that closes an already-open parenthesis, skipping nested brackets and quoted literal types. */
function closingParen(text: string, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < text.length && i < from + 2000; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth--; // `=>` in a function type is no bracket
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '{' || c === ';') return undefined;
  }
  return undefined;
}

/** The first syntax error in a tree (Lezer recovers from errors and marks them with error nodes). */
export function firstSyntaxError(tree: Tree, text: string): { from: number; to: number; message: string } | undefined {
  let found: { from: number; to: number } | undefined;
  tree.iterate({
    enter(n) {
      if (found) return false;
      if (n.type.isError) {
        found = { from: n.from, to: n.to };
        return false;
      }
      return undefined;
    },
  });
  if (!found) return undefined;
  let { from, to } = found;
  if (to <= from) {
    // Zero-width error (something missing): point at the token that follows, or the one before at end of file.
    to = Math.min(text.length, from + 1);
    if (from >= text.length && from > 0) from = from - 1;
  }
  const near = text.slice(from, Math.min(to, from + 20)).split(/\r?\n/)[0].trim();
  // Nothing but a line break at the error: the statement stops short (a missing `:` or `)`), which is
  // only "end of input" when no code follows.
  const atEnd = text.slice(from).trim() === '';
  const message = near
    ? `Syntax error near '${near}'`
    : atEnd
      ? 'Syntax error: unexpected end of input'
      : 'Syntax error: the statement is incomplete at the end of this line';
  return { from, to: Math.max(to, from), message };
}

// ---------- small helpers over Lezer trees, shared by the language modules and rules ----------

export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function kid(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

/**
 * Which nodes of a walk the visitor is called for. A walk that names what it looks for lets the
 * walker step over everything else without handing it over (code/walk.ts does not even build
 * those nodes), and the visitor need not test names itself.
 */
export interface DescendFilter {
  /** Call the visitor only for nodes with these names; the walk still goes into the others. */
  only?: ReadonlySet<string>;
  /** Neither visit nor enter nodes with these names (nested functions, for a walk of one body). */
  prune?: ReadonlySet<string>;
  /**
   * A test on a node's name and span, before the node is built: the visitor is not called for the
   * nodes it rejects (the walk still goes into them). It must accept every node the visitor would
   * act on (`VariableName` only when the text is one of a few names, say).
   */
  where?: (name: string, from: number, to: number) => boolean;
}

/**
 * Visits every descendant of `node` (not `node` itself) in document order; return false to skip
 * a subtree. With a filter, pruned subtrees are skipped and only the named nodes are visited.
 * Steps from node to node (firstChild / nextSibling / parent) rather than with a TreeCursor:
 * the same nodes in the same order, but a cursor's `.node` for every visit costs twice as
 * much, and the rules walk whole trees often. A loop, not recursion: nesting can be deep.
 */
export function descend(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void, filter?: DescendFilter): void {
  const only = filter?.only;
  const prune = filter?.prune;
  const where = filter?.where;
  let n = node.firstChild;
  let depth = 1;
  while (n) {
    let enter: boolean;
    if (prune && prune.has(n.name)) enter = false;
    else if (only && !only.has(n.name)) enter = true;
    else if (where && !where(n.name, n.from, n.to)) enter = true;
    else enter = visit(n) !== false;
    if (enter) {
      const child: SyntaxNode | null = n.firstChild;
      if (child) {
        n = child;
        depth++;
        continue;
      }
    }
    for (;;) {
      const next: SyntaxNode | null = n.nextSibling;
      if (next) {
        n = next;
        break;
      }
      if (--depth === 0) return;
      n = n.parent;
      if (!n) return;
    }
  }
}

export function textOf(text: string, node: SyntaxNode | null | undefined): string {
  return node ? text.slice(node.from, node.to) : '';
}

/** The nearest ancestor (or self) whose name is in `names`. */
export function ancestor(node: SyntaxNode | null, names: string[]): SyntaxNode | null {
  for (let n = node; n; n = n.parent) if (names.includes(n.name)) return n;
  return null;
}
