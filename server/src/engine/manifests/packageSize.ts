/**
 * How much installed dependencies weigh on disk: node_modules next to package.json, or
 * Python packages vendored into the code directory (`pip install -t .`). The walk reads
 * sizes through the FileHost and stops after a fixed number of entries, so a giant tree
 * costs a bounded amount of time; a stopped walk reports a lower bound.
 */
import * as path from 'node:path';
import type { FileHost } from '../host';
import { vendoredPackages } from '../code/functionFiles';

const MAX_ENTRIES = 50_000;
const MAX_DEPTH = 20;

export interface PackageSizes {
  /** What was measured, relative to the code directory (`node_modules`, `vendored packages`). */
  label: string;
  totalBytes: number;
  /** Per top-level package, largest first. */
  packages: Array<{ name: string; bytes: number }>;
  /** The walk hit its bound: totals are a lower bound. */
  partial: boolean;
}

export function installedPackageSizes(host: FileHost, codeDir: string, ecosystem: 'python' | 'npm'): PackageSizes | undefined {
  const budget: Budget = { entries: 0, partial: false, seen: new Set() };
  const packages: Array<{ name: string; bytes: number }> = [];
  if (ecosystem === 'npm') {
    const nm = path.join(codeDir, 'node_modules');
    if (host.stat(nm)?.kind !== 'dir') return undefined;
    for (const name of host.readDir(nm)) {
      if (name.startsWith('.')) continue;
      const full = path.join(nm, name);
      if (name.startsWith('@')) {
        for (const sub of host.readDir(full)) packages.push({ name: `${name}/${sub}`, bytes: dirSize(host, path.join(full, sub), 0, budget) });
      } else packages.push({ name, bytes: dirSize(host, full, 0, budget) });
    }
    return summary('node_modules', packages, budget.partial);
  }
  const names = host.readDir(codeDir);
  const vendored = vendoredPackages(host, codeDir, names);
  if (!vendored.size) return undefined;
  for (const name of vendored) {
    const dir = path.join(codeDir, name);
    const single = path.join(codeDir, `${name}.py`);
    const st = host.stat(dir);
    if (st?.kind === 'dir') packages.push({ name, bytes: dirSize(host, dir, 0, budget) });
    else if (host.stat(single)?.kind === 'file') packages.push({ name, bytes: host.stat(single)!.size });
  }
  if (!packages.length) return undefined;
  return summary('vendored packages', packages, budget.partial);
}

function summary(label: string, packages: Array<{ name: string; bytes: number }>, partial: boolean): PackageSizes {
  packages.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { label, totalBytes: packages.reduce((s, p) => s + p.bytes, 0), packages, partial };
}

interface Budget {
  entries: number;
  partial: boolean;
  /** Real paths of directories already counted: symlinked installs (pnpm) would loop or count twice. */
  seen: Set<string>;
}

function dirSize(host: FileHost, dir: string, depth: number, budget: Budget): number {
  if (depth > MAX_DEPTH) {
    budget.partial = true;
    return 0;
  }
  const real = host.realPath ? host.realPath(dir) : dir;
  if (budget.seen.has(real)) return 0;
  budget.seen.add(real);
  let total = 0;
  for (const name of host.readDir(dir)) {
    if (++budget.entries > MAX_ENTRIES) {
      budget.partial = true;
      return total;
    }
    const full = path.join(dir, name);
    const st = host.stat(full);
    if (!st) continue;
    if (st.kind === 'file') total += st.size;
    else total += dirSize(host, full, depth + 1, budget);
  }
  return total;
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
