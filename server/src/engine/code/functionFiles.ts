/**
 * The code files of one function: every Python / JS / TS file under its code directory, with
 * installed and generated trees left out (node_modules, build output, virtualenvs, and
 * packages vendored with `pip install -t .`, whose imports are not the function's own).
 * The walk is bounded so a huge directory cannot stall the server.
 */
import * as path from 'node:path';
import type { FileHost } from '../host';
import { languageOfPath } from '../parse/code';

const SKIP_DIRS = new Set([
  'node_modules', '.aws-sam', '.serverless', '.esbuild', 'cdk.out', 'dist', 'build', '.git', '__pycache__', '.venv',
  'venv', 'env', 'site-packages', '.pytest_cache', '.mypy_cache', '.tox', 'coverage', '.next', 'tests', 'test', '__tests__',
]);
const MAX_FILES = 2000;
const MAX_DEPTH = 8;

export interface CodeFileWalk {
  files: string[];
  /** The walk stopped at its bound: absent imports prove nothing. */
  truncated: boolean;
}

export function functionCodeFiles(host: FileHost, dir: string, language: 'python' | 'npm'): CodeFileWalk {
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
