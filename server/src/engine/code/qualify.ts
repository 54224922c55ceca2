/**
 * What an imported name stands for: `os.environ` → 'os.environ' whatever the import spelling
 * (`import os`, `from os import environ as env`), `new AWS.Lambda()` → aws-sdk member 'Lambda'.
 * Local bindings shadow imports, so callers pass `isLocal`.
 */
import type { CodeModule } from './model';

const never = () => false;

/** Python: the fully qualified dotted name of `path`, or undefined when its root is not an import. */
export function pyQualified(mod: CodeModule, path: string, isLocal: (name: string) => boolean = never): string | undefined {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot);
  if (isLocal(root) || mod.functions.has(root)) return undefined;
  for (const imp of mod.imports) {
    for (const b of imp.bindings) {
      if (b.local !== root) continue;
      if (imp.statement.firstChild?.name === 'from') return `${imp.module}.${b.imported}${rest}`;
      // `import a.b` binds `a`; `import a.b as c` binds c to a.b.
      const base = b.imported === root || b.imported.startsWith(`${root}.`) ? root : b.imported;
      return `${base}${rest}`;
    }
  }
  return undefined;
}

export interface JsTarget {
  /** 'aws-sdk', '@aws-sdk/client-lambda' (a `node:` prefix is dropped). */
  module: string;
  /** Member path under the module, '' for the module object itself. */
  member: string;
}

/** JavaScript: the module and member an imported name chain stands for. */
export function jsImported(mod: CodeModule, path: string, isLocal: (name: string) => boolean = never): JsTarget | undefined {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  if (isLocal(root)) return undefined;
  for (const imp of mod.imports) {
    for (const b of imp.bindings) {
      if (b.local !== root) continue;
      const whole = b.imported === '*' || b.imported === 'default';
      const member = whole ? rest : rest ? `${b.imported}.${rest}` : b.imported;
      return { module: imp.module.startsWith('node:') ? imp.module.slice(5) : imp.module, member };
    }
  }
  return undefined;
}
