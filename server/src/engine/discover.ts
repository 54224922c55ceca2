import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileHost } from './host';

/** Folders never worth reading: dependencies, build output, VCS data, caches. */
export const DEFAULT_SKIP_DIRS = new Set([
  'node_modules',
  '.aws-sam',
  '.git',
  '.hg',
  '.svn',
  'cdk.out',
  '.serverless',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.vscode-test',
  '.terraform',
  'site-packages',
]);

/**
 * Opted-in folders of generated output whose templates are read but whose code files are not
 * listed: CDK asset folders are copies or bundles of the source, and a template that points at
 * one gets its handler analysed anyway (Engine.audit adds linked handlers).
 */
const TEMPLATES_ONLY_DIRS = new Set(['cdk.out']);

const CODE_EXT = /\.(py|js|mjs|cjs|ts|mts|cts|tsx|jsx)$/i;
const TEMPLATE_EXT = /\.(ya?ml|json|template)$/i;

export interface DiscoveredFiles {
  templates: string[];
  code: string[];
}

export interface DiscoverOptions {
  exclude?: string[];
  /** Default-skipped folder names to read anyway (e.g. `cdk.out`). */
  include?: string[];
  isCancelled?: () => boolean;
  /** Stop after this many files (protects against runaway trees). */
  maxFiles?: number;
}

/** Lists candidate template and code files under `root`, skipping the usual folders and symlink loops. */
export function discoverFiles(host: FileHost, root: string, opts: DiscoverOptions = {}): DiscoveredFiles {
  const out: DiscoveredFiles = { templates: [], code: [] };
  const isExcluded = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  const include = new Set(opts.include ?? []);
  const seenReal = new Set<string>();
  const maxFiles = opts.maxFiles ?? 200_000;
  const stack = [root];
  const templatesOnly = new Set<string>();
  let count = 0;
  while (stack.length) {
    if (opts.isCancelled?.()) break;
    const dir = stack.pop()!;
    const real = host.realPath ? host.realPath(dir) : dir;
    if (seenReal.has(real)) continue; // symlink loop or a folder reached twice
    seenReal.add(real);
    const names = host.readDir(dir).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (isExcluded && (isExcluded(rel) || isExcluded(rel + '/'))) continue;
      const st = host.stat(full);
      if (!st) continue;
      if (st.kind === 'dir') {
        if (DEFAULT_SKIP_DIRS.has(name) && !include.has(name)) continue;
        if (TEMPLATES_ONLY_DIRS.has(name) || templatesOnly.has(dir)) templatesOnly.add(full);
        stack.push(full);
      } else if (TEMPLATE_EXT.test(name)) {
        if (name === 'package.json' || name === 'package-lock.json' || name.startsWith('tsconfig')) continue;
        // An assembly's stacks are `<Stack>.template.json`; manifest.json, tree.json and asset files are not templates.
        if (templatesOnly.has(dir) && !name.endsWith('.template.json')) continue;
        out.templates.push(full);
      } else if (CODE_EXT.test(name) && !name.endsWith('.d.ts') && !templatesOnly.has(dir)) {
        out.code.push(full);
      }
      if (++count > maxFiles) return out;
    }
  }
  return out;
}

export function isExcludedPath(root: string, file: string, exclude: string[] | undefined): boolean {
  if (!exclude?.length) return false;
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return false;
  const m = picomatch(exclude, { dot: true });
  return m(rel);
}
