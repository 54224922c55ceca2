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

function reexportOf(file: string, symbol: string, host: FileHost): ReexportTarget | undefined {
  const text = host.readFile(file);
  if (text === undefined || !mayReexport(text)) return undefined;
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
  // A name the module exports itself wins over any star export; of those, only a single provider counts.
  if (exportedNames(mod).names.has(symbol)) return undefined;
  const { providers } = starProviders(file, symbol, host);
  return providers.length === 1 ? providers[0] : undefined;
}

/** What `export * from` statements offer of one name. */
export interface StarLookup {
  /** The star targets through which the name comes (directly or through their own stars). */
  providers: ReexportTarget[];
  /**
   * Every star target could be read: none is a package, missing, unparsable or exporting
   * dynamically (`module.exports = build()`), and the chain is not deeper than MAX_HOPS.
   */
  complete: boolean;
}

/**
 * The modules through which `file`'s `export *` statements offer `symbol`, following stars of
 * stars. A star export never passes on `default`, and a name two star exports both offer is
 * exported by neither (ECMAScript drops ambiguous star names): a handler is followed only to a
 * single provider, and LA301 reports none or several only when the lookup is complete.
 */
export function starProviders(file: string, symbol: string, host: FileHost, hopsLeft = MAX_HOPS): StarLookup {
  const out: StarLookup = { providers: [], complete: true };
  if (symbol === 'default') return out;
  for (const spec of exportsOf(file, host)?.stars ?? []) {
    const target = hopsLeft > 1 ? resolveRelative(file, spec, symbol, host) : undefined;
    const ex = target && target.file !== file ? exportsOf(target.file, host) : undefined;
    if (target && ex?.names.has(symbol)) {
      out.providers.push(target);
      continue;
    }
    if (!target || !ex || ex.dynamic) {
      out.complete = false;
      continue;
    }
    const deeper = starProviders(target.file, symbol, host, hopsLeft - 1);
    if (!deeper.complete) out.complete = false;
    if (deeper.providers.length) out.providers.push(target);
  }
  return out;
}

/** The exports of the JS/TS module `file`, if it can be read and parses. */
function exportsOf(file: string, host: FileHost): ExportedNames | undefined {
  const text = host.readFile(file);
  const mod = text === undefined ? undefined : moduleCacheFor(host).get(file, text);
  return mod && mod.language !== 'python' && !mod.syntaxError ? exportedNames(mod) : undefined;
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
