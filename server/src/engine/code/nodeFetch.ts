/**
 * Which node-fetch a module's `fetch` is. node-fetch 1.x has no `signal` and 2.x takes one
 * only from an AbortController the caller brings; both have their own `timeout` option
 * (milliseconds), which 3.x dropped for `signal`. 3.x is ES-module only, so a `require` of
 * node-fetch with no declared version is 1.x or 2.x.
 */
import { nearestPackageJson } from '../manifests/find';
import type { CodeModule } from './model';
import type { FileHost } from '../host';

/** True when `fetch` comes from node-fetch older than 3 (by the declared version, else by `require`). */
export function usesLegacyNodeFetch(host: FileHost, mod: CodeModule, stopDir: string): boolean {
  const imp = mod.imports.find((i) => i.module === 'node-fetch');
  if (!imp) return false;
  const declared = declaredMajor(host, mod.path, stopDir);
  if (declared !== undefined) return declared < 3;
  return imp.statement.name !== 'ImportDeclaration';
}

function declaredMajor(host: FileHost, file: string, stopDir: string): number | undefined {
  const json = nearestPackageJson(host, file, stopDir)?.json;
  if (!json) return undefined;
  for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies']) {
    const deps = json[section];
    const range = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)['node-fetch'] : undefined;
    if (typeof range !== 'string') continue;
    // The first version number in the range: "^2.6.7", "~1.6.3", "2.x", ">=2.0.0 <3".
    const m = /(\d+)(?:\.|x|$|\s)/.exec(range);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}
