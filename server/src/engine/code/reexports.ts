/**
 * Barrel handler files: `handler: handler.consumer` where handler.ts only says
 * `export { default as consumer } from './kinesis/consumer'` (or imports the function and
 * exports it again). The code the rules must read is the file the name comes from, so a
 * handler is followed through such re-exports to the module that defines it.
 */
import * as path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import type { FileHost } from '../host';
import { kid, kids, textOf } from '../parse/code';
import type { CodeLanguage } from '../types';
import { moduleCacheFor } from './index';

const EXTENSIONS: Array<[string, CodeLanguage]> = [
  ['.ts', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.js', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
];
/** Barrels of barrels exist; a cycle must not loop. */
const MAX_HOPS = 4;

export interface ReexportTarget {
  file: string;
  language: CodeLanguage;
  symbol: string;
}

/** Where `symbol` of the JS/TS module `file` is really defined, when the module only re-exports it from a relative path. */
export function followReexport(file: string, symbol: string, host: FileHost): ReexportTarget | undefined {
  let found: ReexportTarget | undefined;
  let cur = { file, symbol };
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const next = reexportOf(cur.file, cur.symbol, host);
    if (!next) break;
    found = next;
    cur = next;
  }
  return found;
}

function reexportOf(file: string, symbol: string, host: FileHost): ReexportTarget | undefined {
  const text = host.readFile(file);
  if (text === undefined || !hasExportGroup(text)) return undefined;
  const mod = moduleCacheFor(host).get(file, text);
  if (!mod || mod.language === 'python' || mod.syntaxError || mod.functions.has(symbol)) return undefined;
  for (const st of mod.topStatements) {
    if (st.name !== 'ExportDeclaration') continue;
    const group = kid(st, 'ExportGroup');
    if (!group) continue;
    const spec = kid(st, 'String');
    for (const { local, exported } of exportPairs(group, text)) {
      if (exported !== symbol) continue;
      // export { local as symbol } from './x'
      if (spec) return resolveRelative(file, textOf(text, spec).slice(1, -1), local, host);
      // import { name as local } from './x'; export { local as symbol }
      for (const imp of mod.imports) {
        const b = imp.bindings.find((x) => x.local === local);
        if (b && b.imported !== '*') return resolveRelative(file, imp.module, b.imported, host);
      }
    }
  }
  return undefined;
}

/**
 * Whether `export` is ever followed by `{` (past blanks and comments): every re-export this
 * module follows is such an export group. Loading a template resolves all its handlers, and
 * parsing each JS/TS handler only to find it re-exports nothing was most of the cost of
 * opening one handler of a large template. A `{` after `export` inside a string or comment
 * only costs the parse this skips; no real export group is missed.
 */
function hasExportGroup(text: string): boolean {
  for (let i = text.indexOf('export'); i >= 0; i = text.indexOf('export', i + 6)) {
    let j = i + 6;
    for (;;) {
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text.startsWith('//', j)) j = text.indexOf('\n', j) < 0 ? text.length : text.indexOf('\n', j);
      else if (text.startsWith('/*', j)) j = text.indexOf('*/', j + 2) < 0 ? text.length : text.indexOf('*/', j + 2) + 2;
      else break;
    }
    if (text[j] === '{' || text.startsWith('type', j)) return true;
  }
  return false;
}

/** `{ a, b as c, default as d }` → (a,a), (b,c), (default,d). */
function exportPairs(group: SyntaxNode, text: string): Array<{ local: string; exported: string }> {
  const out: Array<{ local: string; exported: string }> = [];
  const parts = kids(group).filter((p) => p.name !== '{' && p.name !== '}' && p.name !== ',');
  for (let i = 0; i < parts.length; i++) {
    const local = textOf(text, parts[i]);
    if (parts[i + 1]?.name === 'as' && parts[i + 2]) {
      out.push({ local, exported: textOf(text, parts[i + 2]) });
      i += 2;
    } else out.push({ local, exported: local });
  }
  return out;
}

function resolveRelative(from: string, spec: string, symbol: string, host: FileHost): ReexportTarget | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  // TypeScript sources import './x.js' for x.ts.
  const stem = base.replace(/\.[cm]?js$/, '');
  const candidates = [...EXTENSIONS.map(([ext, language]) => ({ file: stem + ext, language })), ...EXTENSIONS.map(([ext, language]) => ({ file: path.join(base, 'index' + ext), language }))];
  if (stem !== base) candidates.unshift({ file: base, language: 'javascript' });
  for (const c of candidates) if (host.stat(c.file)?.kind === 'file') return { file: c.file, language: c.language, symbol };
  return undefined;
}
