import { parser as pythonParser } from '@lezer/python';
import { parser as jsParser } from '@lezer/javascript';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { CodeLanguage } from '../types';

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

export function parseCode(text: string, language: CodeLanguage, path = ''): Tree {
  if (language === 'python') return pythonParser.parse(text);
  const tsx = path.toLowerCase().endsWith('.tsx');
  const jsx = path.toLowerCase().endsWith('.jsx');
  if (language === 'typescript') return (tsx ? tsxParser : tsParser).parse(text);
  return (jsx ? jsxParser : jsParser).parse(text);
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

/** Visits every descendant of `node` (not `node` itself); return false to skip a subtree. */
export function descend(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  const c = node.cursor();
  if (!c.firstChild()) return;
  let depth = 1;
  for (;;) {
    if (visit(c.node) !== false && c.firstChild()) {
      depth++;
      continue;
    }
    while (!c.nextSibling()) {
      if (--depth === 0 || !c.parent()) return;
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
