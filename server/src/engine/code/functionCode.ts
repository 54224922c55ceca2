/**
 * The code of a template function as cross rules see it: its handler module (parsed, or
 * nothing when it has a syntax error: LA002 speaks for it), the other code files of its code
 * directory (bounded), and the package.json that governs a Node handler.
 */
import * as path from 'node:path';
import type { FileHost } from '../host';
import { languageOfPath } from '../parse/code';
import type { ProjectView } from '../rules/api';
import type { FunctionModel } from '../template/model';
import type { CodeLanguage } from '../types';
import type { CodeModule } from './model';

/** The parsed handler module a function points at, when it exists and parses. */
export function linkedModule(project: ProjectView, fn: FunctionModel): CodeModule | undefined {
  const file = fn.handlerTarget?.file;
  if (!file || fn.inlineCode || fn.packageType === 'Image') return undefined;
  const mod = project.codeModule(file);
  return mod && !mod.syntaxError ? mod : undefined;
}

/** Folders that hold dependencies, build output or tooling, never the function's own source. */
const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages', 'cdk.out', 'coverage', 'dist-types']);

export interface CodeFileListing {
  files: string[];
  /** True when the walk stopped at its bound: callers must not conclude "no file reads X". */
  truncated: boolean;
}

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
        if (SKIP_DIRS.has(name)) continue;
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

export interface PackageJson {
  path: string;
  /** The parsed object; undefined when the file is not valid JSON. */
  json: Record<string, unknown> | undefined;
}

/** The package.json nearest to `file`, searching up to (and including) `stopDir`. */
export function nearestPackageJson(host: FileHost, file: string, stopDir: string): PackageJson | undefined {
  let d = path.dirname(file);
  for (let i = 0; i < 20; i++) {
    const p = path.join(d, 'package.json');
    const text = host.readFile(p);
    if (text !== undefined) {
      try {
        const json = JSON.parse(text) as unknown;
        return { path: p, json: json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined };
      } catch {
        return { path: p, json: undefined };
      }
    }
    if (d === stopDir || !d.startsWith(stopDir + path.sep)) return undefined;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

/** Whether package.json lists `name` among its dependencies of any kind that is deployed. */
export function declaresDependency(pkg: PackageJson | undefined, name: string): boolean {
  const json = pkg?.json;
  if (!json) return false;
  for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
    const deps = json[k];
    if (Array.isArray(deps) ? deps.includes(name) : !!deps && typeof deps === 'object' && name in (deps as object)) return true;
  }
  return false;
}
