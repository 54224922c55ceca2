/**
 * Text edits that move statements from inside a function to module scope: each statement
 * (with a trailing comment on its line) is removed with its line, de-indented to column 0
 * and inserted after the imports and after every module-level binding it reads.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { declarators } from './javascript';
import { assignedNames } from './python';
import { isPython } from './syntax';

export interface HoistEdit {
  from: number;
  to: number;
  text: string;
}

const COMMENTS = new Set(['Comment', 'LineComment', 'BlockComment']);
const STRINGS = new Set(['String', 'FormatString', 'TemplateString']);

interface LineSpan {
  /** Start of the statement's first line. */
  lineFrom: number;
  /** Start of the line after the statement's last line (or end of file). */
  lineTo: number;
  /** The statement plus a trailing comment on its last line. */
  contentTo: number;
}

/**
 * Edits that hoist `statements` (in source order) to module scope, or undefined when one of
 * them shares its line with other code (`a = 1; b = boto3.client('s3')`, `if x: s3 = ...`).
 * `reads` are the names the statements read: the insertion point follows their module-level bindings.
 */
export function hoistEdits(mod: CodeModule, statements: SyntaxNode[], reads: Iterable<string>): HoistEdit[] | undefined {
  const src = mod.source;
  const text = src.text;
  const eol = src.eol;
  const spans: LineSpan[] = [];
  for (const st of statements) {
    const span = ownLines(mod, st);
    if (!span) return undefined;
    spans.push(span);
  }

  const edits: HoistEdit[] = statements.map((_, i) => ({ from: spans[i].lineFrom, to: spans[i].lineTo, text: '' }));

  // A Python block cannot be empty: when every statement of a body moves out, the last one leaves `pass`.
  if (isPython(mod)) {
    const moved = new Set(statements.map((s) => s.from));
    statements.forEach((st, i) => {
      const body = st.parent;
      if (body?.name !== 'Body') return;
      const rest = kids(body).filter((c) => c.name !== ':' && !COMMENTS.has(c.name) && !moved.has(c.from));
      const lastMovedHere = statements.filter((s) => s.parent?.from === body.from).pop();
      if (!rest.length && lastMovedHere === st) {
        const ending = spans[i].lineTo > spans[i].contentTo ? eol : '';
        edits[i].text = `${src.indentOf(st.from)}pass${ending}`;
      }
    });
  }

  const insertAt = insertionPoint(mod, new Set(reads), statements);
  const moved = statements.map((st, i) => dedent(mod, st.from, spans[i].contentTo, src.indentOf(st.from)));
  const atEnd = insertAt === text.length && text.length > 0 && !text.endsWith('\n');
  const prefix = (afterImport(mod, insertAt) ? eol : '') + (atEnd ? eol : '');
  // Keep hoisted code visually apart from a definition or statement that follows directly.
  const nextLine = src.lineText(src.positionAt(insertAt).line);
  const suffix = insertAt < text.length && nextLine.trim() !== '' ? eol + eol : eol;
  edits.unshift({ from: insertAt, to: insertAt, text: `${prefix}${moved.join(eol)}${suffix}` });
  return edits;
}

/** The statement's lines, when nothing but whitespace and a trailing comment shares them. */
function ownLines(mod: CodeModule, st: SyntaxNode): LineSpan | undefined {
  const src = mod.source;
  const text = src.text;
  const lineFrom = src.lineStartOf(st.from);
  if (text.slice(lineFrom, st.from).trim() !== '') return undefined;
  const lastLine = src.positionAt(st.to).line;
  const lineEnd = src.lineEnd(lastLine);
  let contentTo = st.to;
  const next = st.nextSibling;
  if (next && COMMENTS.has(next.name) && next.from < lineEnd && text.slice(st.to, next.from).trim() === '') contentTo = next.to;
  if (text.slice(contentTo, lineEnd).trim() !== '') return undefined;
  const lineTo = lastLine + 1 < src.lineCount ? src.lineStart(lastLine + 1) : text.length;
  return { lineFrom, lineTo, contentTo };
}

/** The text of [from, to) with `indent` removed from its continuation lines, except inside string literals. */
function dedent(mod: CodeModule, from: number, to: number, indent: string): string {
  const text = mod.source.text;
  let out = '';
  let last = from;
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < to; nl = text.indexOf('\n', nl + 1)) {
    const lineStart = nl + 1;
    out += text.slice(last, lineStart);
    last = lineStart;
    if (indent && text.startsWith(indent, lineStart) && !insideString(mod, lineStart)) last = lineStart + indent.length;
  }
  return out + text.slice(last, to);
}

function insideString(mod: CodeModule, pos: number): boolean {
  for (let n: SyntaxNode | null = mod.tree.resolveInner(pos, 1); n; n = n.parent) if (STRINGS.has(n.name) && n.from < pos) return true;
  return false;
}

/**
 * Where hoisted code goes: after the imports (CodeModule.hoistOffset) and after the last
 * module-level statement that binds a name the code reads, so that it never runs before them.
 * With neither, after leading comments (a shebang or encoding line must stay first).
 */
function insertionPoint(mod: CodeModule, reads: Set<string>, moving: SyntaxNode[]): number {
  let at = mod.hoistOffset;
  for (const st of mod.topStatements) {
    if (moving.some((m) => m.from >= st.from && m.to <= st.to)) continue;
    if (topBindings(mod, st).some((n) => reads.has(n))) at = Math.max(at, lineAfterNode(mod, st));
  }
  if (at === 0) {
    for (const st of mod.topStatements) {
      if (!COMMENTS.has(st.name) && st.name !== 'Hashbang') break;
      at = lineAfterNode(mod, st);
    }
  }
  return at;
}

function lineAfterNode(mod: CodeModule, n: SyntaxNode): number {
  const text = mod.source.text;
  if (n.to > 0 && text[n.to - 1] === '\n') return n.to; // Python compound statements end after their newline
  const nl = text.indexOf('\n', n.to);
  return nl < 0 ? text.length : nl + 1;
}

/** True when the module-level statement just before `offset` is an import (hoisted code gets a blank line after imports). */
function afterImport(mod: CodeModule, offset: number): boolean {
  let prev: SyntaxNode | undefined;
  for (const st of mod.topStatements) {
    if (st.from >= offset) break;
    if (!COMMENTS.has(st.name)) prev = st;
  }
  return !!prev && mod.imports.some((imp) => imp.statement.from >= prev!.from && imp.statement.to <= prev!.to);
}

/** Names a module-level statement binds. */
export function topBindings(mod: CodeModule, st: SyntaxNode): string[] {
  const text = mod.source.text;
  const imported = mod.imports.filter((imp) => imp.statement.from >= st.from && imp.statement.to <= st.to).flatMap((imp) => imp.bindings.map((b) => b.local));
  if (isPython(mod)) {
    const def = st.name === 'DecoratedStatement' ? kids(st).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') : st;
    if (def?.name === 'FunctionDefinition' || def?.name === 'ClassDefinition') {
      const n = kids(def).find((c) => c.name === 'VariableName');
      return n ? [textOf(text, n)] : [];
    }
    return [...imported, ...assignedNames(st, text)];
  }
  const inner = st.name === 'ExportDeclaration' ? (kids(st).find((c) => c.name !== 'export' && c.name !== 'default') ?? st) : st;
  if (inner.name === 'VariableDeclaration') return [...imported, ...declarators(inner, text).map((d) => d.name)];
  if (inner.name === 'FunctionDeclaration' || inner.name === 'ClassDeclaration') {
    const n = kids(inner).find((c) => c.name === 'VariableDefinition');
    return n ? [textOf(text, n)] : [];
  }
  return imported;
}
