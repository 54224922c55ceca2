/**
 * Barrel handler files: `handler: handler.consumer` where handler.ts only says
 * `export { default as consumer } from './kinesis/consumer'`, imports the function and
 * exports it again, or re-exports a whole module (`export * from './handlers'`). The code the
 * rules must read is the file the name comes from, so a handler is followed through such
 * re-exports to the module that defines it.
 */
import * as path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import type { FileHost } from '../host';
import { kid, kids, textOf } from '../parse/code';
import type { CodeLanguage } from '../types';
import { exportedNames } from './exports';
import type { ExportedNames } from './exports';
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

function reexportOf(file: string, symbol: string, host: FileHost, hopsLeft = MAX_HOPS): ReexportTarget | undefined {
  const text = host.readFile(file);
  if (text === undefined || !mayReexport(text)) return undefined;
  const mod = moduleCacheFor(host).get(file, text);
  if (!mod || mod.language === 'python' || mod.syntaxError || mod.functions.has(symbol)) return undefined;
  const stars: string[] = [];
  for (const st of mod.topStatements) {
    if (st.name !== 'ExportDeclaration') continue;
    const spec = kid(st, 'String');
    // `export * from './x'` (not `export * as ns from`, which exports one name, the namespace).
    if (kid(st, 'Star') && spec && !kid(st, 'as')) stars.push(textOf(text, spec).slice(1, -1));
    const group = kid(st, 'ExportGroup');
    if (!group) continue;
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
  // A name the module exports itself wins over any star export.
  if (!stars.length || symbol === 'default' || exportedNames(mod).names.has(symbol)) return undefined;
  return throughStar(file, stars, symbol, host, hopsLeft);
}

/**
 * The module among `export *` targets that exports `symbol`. A star export never passes on
 * `default`, and a name two star exports both offer is exported by neither (ECMAScript drops
 * ambiguous star names), so only a single provider counts.
 */
function throughStar(file: string, specs: string[], symbol: string, host: FileHost, hopsLeft: number): ReexportTarget | undefined {
  if (hopsLeft <= 1) return undefined;
  const providers: ReexportTarget[] = [];
  for (const spec of specs) {
    const target = resolveRelative(file, spec, symbol, host);
    if (target && target.file !== file && offers(target.file, symbol, host, hopsLeft - 1)) providers.push(target);
  }
  return providers.length === 1 ? providers[0] : undefined;
}

/**
 * The modules through which `file`'s `export *` statements offer `symbol` (following stars of
 * stars), or undefined when that cannot be known: a star target that is a package, is missing,
 * does not parse, or exports dynamically (`module.exports = build()`). An empty list means no
 * star export offers it; two or more, that ECMAScript exports it from none (ambiguous).
 */
export function starProviders(file: string, symbol: string, host: FileHost, hopsLeft = MAX_HOPS): string[] | undefined {
  if (symbol === 'default') return [];
  const out: string[] = [];
  for (const spec of exportsOf(file, host)?.stars ?? []) {
    const target = hopsLeft > 1 ? resolveRelative(file, spec, symbol, host) : undefined;
    const ex = target && target.file !== file ? exportsOf(target.file, host) : undefined;
    if (!target || !ex || ex.dynamic) return undefined;
    if (ex.names.has(symbol)) {
      out.push(target.file);
      continue;
    }
    const deeper = starProviders(target.file, symbol, host, hopsLeft - 1);
    if (!deeper) return undefined;
    if (deeper.length) out.push(target.file);
  }
  return out;
}

function exportsOf(file: string, host: FileHost): ExportedNames | undefined {
  const text = host.readFile(file);
  const mod = text === undefined ? undefined : moduleCacheFor(host).get(file, text);
  return mod && mod.language !== 'python' && !mod.syntaxError ? exportedNames(mod) : undefined;
}

/** Whether the JS/TS module `file` exports `symbol`, itself or through its own re-exports. */
function offers(file: string, symbol: string, host: FileHost, hopsLeft: number): boolean {
  const text = host.readFile(file);
  const mod = text === undefined ? undefined : moduleCacheFor(host).get(file, text);
  if (!mod || mod.language === 'python' || mod.syntaxError) return false;
  return exportedNames(mod).names.has(symbol) || !!reexportOf(file, symbol, host, hopsLeft);
}

/**
 * Whether `export` is ever followed by `{`, `type` or `*` (past blanks and comments): every
 * re-export this module follows starts so. Loading a template resolves all its handlers, and
 * parsing each JS/TS handler only to find it re-exports nothing was most of the cost of
 * opening one handler of a large template. Such a word inside a string or comment only costs
 * the parse this skips; no real re-export is missed.
 */
function mayReexport(text: string): boolean {
  for (let i = text.indexOf('export'); i >= 0; i = text.indexOf('export', i + 6)) {
    let j = i + 6;
    for (;;) {
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text.startsWith('//', j)) j = text.indexOf('\n', j) < 0 ? text.length : text.indexOf('\n', j);
      else if (text.startsWith('/*', j)) j = text.indexOf('*/', j + 2) < 0 ? text.length : text.indexOf('*/', j + 2) + 2;
      else break;
    }
    if (text[j] === '{' || text[j] === '*' || text.startsWith('type', j)) return true;
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
