/**
 * Which dependency manifests belong to a handler: the nearest directory at or above the
 * handler file that holds one, not above the function's code directory (CodeUri) when a
 * template names it, else at most a few levels up (a handler found by convention).
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
  let dir = path.dirname(handlerFile);
  const stop = codeDir ? path.resolve(codeDir) : undefined;
  for (let level = 0; level <= (stop ? 12 : MAX_LEVELS); level++) {
    const manifests: Manifest[] = [];
    for (const n of names) {
      const m = readManifest(host, path.join(dir, n));
      if (m) manifests.push(m);
    }
    if (manifests.length) return { dir, manifests };
    if (stop && dir === stop) return undefined;
    if (stop && !dir.startsWith(stop + path.sep)) return undefined;
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
