/**
 * Builds the edit that wraps a function's statements, from the one that writes a file to the
 * end of the body, in try / finally with a removal of that file (Python and JS/TS), adding
 * the import the removal needs. Returns undefined when the edit would not be clearly correct.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { EditInput } from '../rules/api';
import type { CodeModule, FunctionInfo } from './model';
import { isPython, localNames, stringValue } from './syntax';
import type { PathScope } from './tmpfiles';

export interface CleanupFixInput {
  mod: CodeModule;
  fn: FunctionInfo;
  scope: PathScope;
  /** The write call. */
  write: SyntaxNode;
  /** The path expression of the write. */
  path: SyntaxNode;
  /** Remove a directory tree rather than a file. */
  isDir: boolean;
}

const COMMENTS = new Set(['Comment', 'LineComment', 'BlockComment']);
const STRINGS = new Set(['String', 'FormatString', 'TemplateString']);

export function cleanupFix(input: CleanupFixInput): EditInput[] | undefined {
  const { mod, fn, write, path } = input;
  const src = mod.source;
  const text = src.text;
  const eol = src.eol;
  const py = isPython(mod);
  const body = fn.body;
  if (body.name !== (py ? 'Body' : 'Block')) return undefined; // a concise arrow body has no statements to wrap

  const stmts = kids(body).filter((c) => !['{', '}', ':'].includes(c.name) && !COMMENTS.has(c.name));
  let top = write;
  while (top.parent && top.parent !== body) top = top.parent;
  if (top.parent !== body || !stmts.length) return undefined;
  const last = stmts[stmts.length - 1];

  const lineStart = src.lineStartOf(top.from);
  const indent = text.slice(lineStart, top.from);
  if (indent.trim() !== '') return undefined; // the statement shares its line with other code
  const end = regionEnd(mod, last);
  if (end === undefined) return undefined;

  const unit = indentUnit(mod, fn, indent);

  // The removal in `finally` must see the path the write used, so name it before `try`.
  let pathText: string;
  let hoist: { name: string; expr: string } | undefined;
  if (path.name === 'VariableName') {
    pathText = textOf(text, path);
    const assigned = input.scope.valueOf(pathText, path.from);
    if (input.scope.isLocal(pathText) && !fn.params.some((p) => p.name === pathText) && (!assigned || assigned.at >= top.from)) return undefined;
  } else if (path.name === 'String' && stringValue(mod, path) !== undefined) {
    pathText = textOf(text, path);
  } else {
    // Hoisting is only the same evaluation when the write's statement sits directly in the body.
    if (!isStatementOf(write, top) || hasSuspension(path)) return undefined;
    pathText = freshName(mod, fn, py ? 'tmp_path' : 'tmpPath');
    hoist = { name: pathText, expr: textOf(text, path) };
  }

  const removal = py ? pythonRemoval(mod, pathText, input.isDir, indent, unit, eol) : jsRemoval(mod, pathText, input.isDir, indent, unit, eol);
  if (!removal) return undefined;

  const wrapped = reindent(mod, lineStart, end, unit, hoist ? { from: path.from, to: path.to, text: hoist.name } : undefined);
  const decl = hoist ? indent + (py ? `${hoist.name} = ${hoist.expr}` : `const ${hoist.name} = ${hoist.expr};`) + eol : '';
  const open = indent + (py ? 'try:' : 'try {') + eol;
  const close = eol + indent + (py ? 'finally:' : '} finally {') + eol + removal.lines + (py ? '' : eol + indent + '}');
  return [...removal.imports, { from: lineStart, to: end, text: decl + open + wrapped + close }];
}

/** End of the last statement, past a comment that ends its line; undefined if other code follows on the line. */
function regionEnd(mod: CodeModule, last: SyntaxNode): number | undefined {
  const src = mod.source;
  // A Python compound statement's node runs past its last line break; stop at its last character.
  let to = last.to;
  while (to > last.from && ' \t\r\n'.includes(src.text[to - 1])) to--;
  const lineEnd = src.lineEnd(src.positionAt(to).line);
  const rest = src.text.slice(to, lineEnd);
  if (rest.trim() === '') return to;
  const at = to + (rest.length - rest.trimStart().length);
  const c = mod.tree.resolveInner(at, 1);
  if (COMMENTS.has(c.name) && c.from === at && src.text.slice(c.to, lineEnd).trim() === '') return c.to;
  return undefined;
}

/** The file's indentation step, read from the function: body indent minus the function line's indent. */
function indentUnit(mod: CodeModule, fn: FunctionInfo, bodyIndent: string): string {
  const fnIndent = mod.source.indentOf(fn.node.from);
  const unit = bodyIndent.startsWith(fnIndent) ? bodyIndent.slice(fnIndent.length) : '';
  if (unit) return unit;
  return bodyIndent.includes('\t') ? '\t' : isPython(mod) ? '    ' : '  ';
}

/**
 * The text of [from, to) with `unit` added at the start of every non-blank line, except lines
 * that begin inside a multi-line string (their leading spaces are part of the value).
 */
function reindent(mod: CodeModule, from: number, to: number, unit: string, replace?: { from: number; to: number; text: string }): string {
  const text = mod.source.text;
  const edits: Array<{ at: number; end: number; text: string }> = [];
  for (let l = from; l < to; ) {
    const nl = text.indexOf('\n', l);
    const lineEnd = nl < 0 || nl > to ? to : nl;
    const blank = text.slice(l, lineEnd).trim() === '';
    const inReplaced = replace && l > replace.from && l < replace.to;
    if (!blank && !inReplaced && !insideString(mod, l)) edits.push({ at: l, end: l, text: unit });
    if (nl < 0 || nl >= to) break;
    l = nl + 1;
  }
  if (replace) edits.push({ at: replace.from, end: replace.to, text: replace.text });
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let pos = from;
  for (const e of edits) {
    out += text.slice(pos, e.at) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos, to);
}

function insideString(mod: CodeModule, offset: number): boolean {
  for (let n: SyntaxNode | null = mod.tree.resolveInner(offset, 1); n; n = n.parent) if (STRINGS.has(n.name) && n.from < offset) return true;
  return false;
}

function isStatementOf(n: SyntaxNode, stmt: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p === stmt) return true;
    if (['Body', 'Block'].includes(p.name)) return false;
  }
  return false;
}

/** An await / yield / walrus in the path would run at a different moment once hoisted. */
function hasSuspension(n: SyntaxNode): boolean {
  let found = false;
  n.cursor().iterate((c) => {
    if (['AwaitExpression', 'YieldExpression', 'await', 'yield', 'AssignmentExpression', 'NamedExpression'].includes(c.name)) found = true;
    return !found;
  });
  return found;
}

function freshName(mod: CodeModule, fn: FunctionInfo, base: string): string {
  const taken = new Set([...localNames(mod, fn), ...mod.moduleNames]);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

interface Removal {
  /** The statements of the finally block, indented, without a final line break. */
  lines: string;
  imports: EditInput[];
}

function pythonRemoval(mod: CodeModule, p: string, isDir: boolean, indent: string, unit: string, eol: string): Removal | undefined {
  const module = isDir ? 'shutil' : 'os';
  const imports: EditInput[] = [];
  let local = pyModuleBinding(mod, module);
  if (!local) {
    if (mod.moduleNames.has(module)) return undefined; // the name is taken by something else
    local = module;
    imports.push(importEdit(mod, `import ${module}`, eol));
  }
  const lines = isDir
    ? `${indent}${unit}${local}.rmtree(${p}, ignore_errors=True)`
    : // The write may fail before the file exists; a bare remove would then hide the original error.
      `${indent}${unit}if ${local}.path.exists(${p}):${eol}${indent}${unit}${unit}${local}.remove(${p})`;
  return { lines, imports };
}

/** The local name of `import os` / `import os as o` / `import os.path` (binds os). */
function pyModuleBinding(mod: CodeModule, module: string): string | undefined {
  for (const imp of mod.imports) {
    if (imp.statement.firstChild?.name === 'from') continue;
    for (const b of imp.bindings) {
      if (b.imported === module) return b.local;
      if (b.local === module && b.imported.split('.')[0] === module) return module;
    }
  }
  return undefined;
}

function jsRemoval(mod: CodeModule, p: string, isDir: boolean, indent: string, unit: string, eol: string): Removal | undefined {
  const fs = fsBinding(mod, eol);
  if (!fs) return undefined;
  const opts = isDir ? '{ recursive: true, force: true }' : '{ force: true }';
  return { lines: `${indent}${unit}${fs.call}(${p}, ${opts});`, imports: fs.edits };
}

/** How to call rmSync here: through an existing fs binding, by adding rmSync to a named import, or a new import. */
function fsBinding(mod: CodeModule, eol: string): { call: string; edits: EditInput[] } | undefined {
  const text = mod.source.text;
  const fsImports = mod.imports.filter((i) => i.module === 'fs' || i.module === 'node:fs');
  for (const imp of fsImports)
    for (const b of imp.bindings) {
      if (b.imported === '*' || b.imported === 'default') return { call: `${b.local}.rmSync`, edits: [] };
      if (b.imported === 'rmSync') return { call: b.local, edits: [] };
    }
  if (!mod.moduleNames.has('rmSync')) {
    for (const imp of fsImports) {
      const list = imp.statement.name === 'ImportDeclaration' ? kids(imp.statement).find((c) => c.name === 'ImportGroup') : kids(imp.statement).find((c) => c.name === 'ObjectPattern');
      const items = list ? kids(list).filter((c) => !['{', '}', ','].includes(c.name)) : [];
      const lastItem = items[items.length - 1];
      if (lastItem) return { call: 'rmSync', edits: [{ from: lastItem.to, to: lastItem.to, text: ', rmSync' }] };
    }
  }
  const name = ['fs', 'nodeFs'].find((n) => !mod.moduleNames.has(n));
  if (!name) return undefined;
  // Follow the file's quotes, as its first import writes them.
  const first = mod.imports[0];
  const quote = first && text.slice(first.from, first.to).includes(`"${first.module}"`) ? '"' : "'";
  const spec = quote + (mod.imports.some((i) => i.module.startsWith('node:')) ? 'node:fs' : 'fs') + quote;
  const line = isEsModule(mod) ? `import * as ${name} from ${spec};` : `const ${name} = require(${spec});`;
  return { call: `${name}.rmSync`, edits: [importEdit(mod, line, eol)] };
}

function isEsModule(mod: CodeModule): boolean {
  if (mod.topStatements.some((s) => s.name === 'ImportDeclaration' || s.name === 'ExportDeclaration')) return true;
  const lower = mod.path.toLowerCase();
  if (lower.endsWith('.mjs') || lower.endsWith('.mts')) return true;
  if (lower.endsWith('.cjs') || lower.endsWith('.cts')) return false;
  if (mod.imports.length) return false; // only require() imports
  return mod.language === 'typescript';
}

/** A new import line after the file's imports (or at the top, set off by a blank line). */
function importEdit(mod: CodeModule, line: string, eol: string): EditInput {
  const at = mod.hoistOffset;
  const needsBreak = at > 0 && mod.source.text[at - 1] !== '\n';
  return { from: at, to: at, text: (needsBreak ? eol : '') + line + eol + (mod.imports.length ? '' : eol) };
}
