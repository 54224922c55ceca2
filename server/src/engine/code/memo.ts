import type { CodeModule } from './model';

/**
 * Caches a pure analysis of a module for as long as the module lives. Several rules (and the
 * template pass and the per-file pass of an audit) ask the same question of the same module;
 * each walk of a large tree costs milliseconds, so it is done once. A module is immutable (an
 * edit makes a new one), so the result never goes stale, and the WeakMap lets both go together.
 */
export function perModule<T>(analyze: (mod: CodeModule) => T): (mod: CodeModule) => T {
  const cache = new WeakMap<CodeModule, T>();
  return (mod) => {
    if (cache.has(mod)) return cache.get(mod) as T;
    const result = analyze(mod);
    cache.set(mod, result);
    return result;
  };
}
