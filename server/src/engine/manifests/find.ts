/**
 * The nearest manifest of a handler, found by one upward walk from the handler's directory:
 * - manifestsFor: the dependency manifests (requirements.txt / pyproject.toml, or package.json),
 *   not above the function's code directory (CodeUri) when a template names it, else at most a
 *   few levels up (a handler found by convention);
 * - nearestPackageJson: the raw package.json object (type, engines, dependencies), for the rules
 *   that read more than the dependency list.
 */
import * as path from 'node:path';
import type { FileHost } from '../host';
import type { CodeLanguage } from '../types';
import type { Manifest } from './model';
import { parsePackageJson } from './packageJson';
import { parsePyproject } from './pyproject';
import { parseRequirements } from './requirements';

const PYTHON_MANIFESTS = ['requirements.txt', 'pyproject.toml'] as const;
const NPM_MANIFESTS = ['package.json'] as const;
/** How far up a convention handler looks for its manifest. */
const MAX_LEVELS = 3;

export interface FunctionManifests {
  /** The directory holding the manifests: the function's code root for import scanning. */
  dir: string;
  manifests: Manifest[];
}

export function manifestsFor(host: FileHost, handlerFile: string, language: CodeLanguage, codeDir?: string): FunctionManifests | undefined {
  const names = language === 'python' ? PYTHON_MANIFESTS : NPM_MANIFESTS;
  const stop = codeDir ? path.resolve(codeDir) : undefined;
  return nearestUp(path.dirname(handlerFile), stop, stop ? 13 : MAX_LEVELS + 1, (dir) => {
    const manifests: Manifest[] = [];
    for (const n of names) {
      const m = readManifest(host, path.join(dir, n));
      if (m) manifests.push(m);
    }
    return manifests.length ? { dir, manifests } : undefined;
  });
}

/**
 * The first answer of `found` for `start` and its ancestors, at most `levels` directories, not
 * above `stop` (inclusive) when given, nor beyond the file-system root.
 */
function nearestUp<T>(start: string, stop: string | undefined, levels: number, found: (dir: string) => T | undefined): T | undefined {
  let dir = start;
  for (let level = 0; level < levels; level++) {
    const hit = found(dir);
    if (hit !== undefined) return hit;
    if (stop !== undefined && (dir === stop || !dir.startsWith(stop + path.sep))) return undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

export function readManifest(host: FileHost, file: string): Manifest | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const base = path.basename(file);
  if (base === 'requirements.txt') return { path: file, kind: 'requirements', ecosystem: 'python', dependencies: parseRequirements(text) };
  if (base === 'pyproject.toml') return { path: file, kind: 'pyproject', ecosystem: 'python', dependencies: parsePyproject(text) };
  if (base === 'package.json') return { path: file, kind: 'package.json', ecosystem: 'npm', dependencies: parsePackageJson(text) };
  return undefined;
}

export interface PackageJson {
  path: string;
  /** The parsed object; undefined when the file is not valid JSON. */
  json: Record<string, unknown> | undefined;
}

/** The package.json nearest to `file`, searching up to (and including) `stopDir`. */
export function nearestPackageJson(host: FileHost, file: string, stopDir: string): PackageJson | undefined {
  return nearestUp(path.dirname(file), stopDir, 20, (d) => {
    const p = path.join(d, 'package.json');
    const text = host.readFile(p);
    if (text === undefined) return undefined;
    try {
      const json = JSON.parse(text) as unknown;
      return { path: p, json: json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined };
    } catch {
      return { path: p, json: undefined };
    }
  });
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

/** Sections of a manifest that ship with the function (dev groups and devDependencies do not). */
export function isShippedSection(m: Manifest, section: string): boolean {
  if (m.kind === 'requirements') return true;
  if (m.kind === 'package.json') return section === 'dependencies';
  return section === 'project.dependencies' || section === 'tool.poetry.dependencies';
}

/** The manifest's file name as users call it in messages and fix titles. */
export function manifestLabel(m: Manifest): string {
  return path.basename(m.path);
}
