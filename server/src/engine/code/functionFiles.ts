/**
 * The code files of one function, in two views (both walks bounded so a huge directory cannot
 * stall the server; both say when they stopped at the bound):
 * - functionCodeFiles: what the function ships, for dependency use (the imports LA108/LA109 check):
 *   installed and generated trees, tests and packages vendored with `pip install -t .` left out.
 * - codeFilesUnder: every code file of the runtime's languages below a directory, tests included,
 *   for cross rules that ask whether any file does something (LA301, LA302, LA303, LA210).
 */
import * as path from 'node:path';
import type { FileHost } from '../host';
import { languageOfPath } from '../parse/code';
import type { CodeLanguage } from '../types';

export interface CodeFileListing {
  files: string[];
  /** True when the walk stopped at its bound: callers must not conclude "no file reads X" (or imports X). */
  truncated: boolean;
}

/** functionCodeFiles: installed, generated and test trees, never the shipped source. */
const SKIP_DIRS = new Set([
  'node_modules', '.aws-sam', '.serverless', '.esbuild', 'cdk.out', 'dist', 'build', '.git', '__pycache__', '.venv',
  'venv', 'env', 'site-packages', '.pytest_cache', '.mypy_cache', '.tox', 'coverage', '.next', 'tests', 'test', '__tests__',
]);
const MAX_FILES = 2000;
const MAX_DEPTH = 8;

export function functionCodeFiles(host: FileHost, dir: string, language: 'python' | 'npm'): CodeFileListing {
  const files: string[] = [];
  let truncated = false;
  const walk = (d: string, depth: number) => {
    if (truncated) return;
    const names = host.readDir(d).sort();
    const vendored = language === 'python' ? vendoredPackages(host, d, names) : new Set<string>();
    for (const name of names) {
      if (files.length >= MAX_FILES) {
        truncated = true;
        return;
      }
      const full = path.join(d, name);
      const lang = languageOfPath(name);
      if (lang) {
        if (isTestFile(name) || name.endsWith('.d.ts')) continue;
        if ((language === 'python') !== (lang === 'python')) continue;
        if (host.stat(full)?.kind === 'file') files.push(full);
        continue;
      }
      if (name.startsWith('.') || SKIP_DIRS.has(name) || vendored.has(name) || name.endsWith('.dist-info') || name.endsWith('.egg-info')) continue;
      if (host.stat(full)?.kind !== 'dir') continue;
      if (depth >= MAX_DEPTH) {
        truncated = true;
        continue;
      }
      walk(full, depth + 1);
    }
  };
  walk(dir, 0);
  return { files, truncated };
}

/** Test files import test tools, not what the function ships with. */
function isTestFile(name: string): boolean {
  return name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py' || /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);
}

/**
 * Top-level packages installed into this directory (`pip install -t .`): those a `*.dist-info`
 * directory here names in its top_level.txt or RECORD, or by its own name.
 */
export function vendoredPackages(host: FileHost, dir: string, names: string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    if (!n.endsWith('.dist-info') && !n.endsWith('.egg-info')) continue;
    const top = host.readFile(path.join(dir, n, 'top_level.txt'));
    if (top !== undefined) for (const line of top.split(/\r?\n/)) if (line.trim()) out.add(line.trim());
    const record = top === undefined ? host.readFile(path.join(dir, n, 'RECORD')) : undefined;
    if (record !== undefined) for (const line of record.split(/\r?\n/)) {
      const first = line.split(',')[0].split('/')[0];
      if (first && !first.endsWith('.dist-info') && !first.includes('..')) out.add(first.replace(/\.py$/, ''));
    }
    out.add(n.split('-')[0]);
  }
  return out;
}

/** codeFilesUnder: folders that hold dependencies, build output or tooling, never the function's own source. */
const UNDER_SKIP_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages', 'cdk.out', 'coverage', 'dist-types']);

/**
 * Code files of `languages` under `dir`, breadth-first, at most `max` files and `maxDepth`
 * levels, skipping dependency and hidden folders (a reasonable project's own code fits).
 */
export function codeFilesUnder(host: FileHost, dir: string, languages: CodeLanguage[], max = 200, maxDepth = 6): CodeFileListing {
  const out: string[] = [];
  const queue: Array<[string, number]> = [[dir, 0]];
  let visitedDirs = 0;
  while (queue.length) {
    const [d, depth] = queue.shift()!;
    if (++visitedDirs > 500) return { files: out, truncated: true };
    for (const name of host.readDir(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = path.join(d, name);
      const st = host.stat(p);
      if (st?.kind === 'dir') {
        if (UNDER_SKIP_DIRS.has(name)) continue;
        if (depth + 1 > maxDepth) return { files: out, truncated: true };
        queue.push([p, depth + 1]);
      } else if (st?.kind === 'file') {
        const lang = languageOfPath(p);
        if (!lang || !languages.includes(lang) || name.endsWith('.d.ts')) continue;
        if (out.length >= max) return { files: out, truncated: true };
        out.push(p);
      }
    }
  }
  return { files: out, truncated: false };
}

/** The languages a runtime's code can be written in (TypeScript compiles to Node). */
export function languagesOfRuntime(runtime: string | undefined, handlerLanguage?: CodeLanguage): CodeLanguage[] {
  if (runtime?.startsWith('python')) return ['python'];
  if (runtime?.startsWith('nodejs')) return ['javascript', 'typescript'];
  if (handlerLanguage === 'python') return ['python'];
  if (handlerLanguage) return ['javascript', 'typescript'];
  return [];
}
