import { containerWrites, globalReassignments, moduleContainers, sizeChecked, type StateWrite } from '../../code/globalstate';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { pyQualified } from '../../code/qualify';
import { calledModuleFunctions, isPython } from '../../code/syntax';
import { kids, textOf } from '../../parse/code';
import type { CodeRule } from '../api';

/**
 * Module scope lives as long as the execution environment: whatever one invocation leaves in
 * it, the next invocation on the same warm instance sees, and a container only ever written
 * grows until the instance runs out of memory.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA104',
    slug: 'global-state-mutation',
    title: 'Module-level mutable state is written inside the handler',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler (or a helper it calls) writes to a module-level list, dict, set, object, array, Map or Set, or reassigns a module-level variable (`global` in Python). Module scope survives between invocations of a warm execution environment, so one request\'s data leaks into the next and the container keeps growing. Keep per-request state local to the invocation; a deliberate cache should say so in its name and bound its size.',
  },
  check(ctx) {
    const mod = ctx.module;
    // Caches that say so are the point of module scope; an explicit name is the signal.
    const containers = moduleContainers(mod).filter((c) => !isCacheName(c.name));
    const byName = new Map(containers.map((c) => [c.name, c]));
    const reported = new Set<string>();
    for (const h of ctx.handlers) {
      for (const fn of [h.fn, ...calledModuleFunctions(mod, h.fn).filter((f) => !isMemoized(mod, f))]) {
        const via = fn === h.fn ? '' : ` (in ${fn.name}, which ${h.fn.name} calls)`;
        for (const w of containerWrites(mod, fn, new Set(byName.keys()))) {
          const c = byName.get(w.name)!;
          if (reported.has(w.name) || ((c.kind === 'Map' || c.kind === 'dict') && sizeChecked(mod, fn, w.name))) continue;
          reported.add(w.name);
          report(ctx, mod, w, h.functions[0]?.id, c.node, `\`${w.name}\` is a module-level ${c.kind} that the handler writes to${via}; it survives into the next invocation on a warm instance, so data leaks between requests and it keeps growing. Create it inside the handler, or if it is a cache, name it as one and bound its size.`);
        }
        for (const w of globalReassignments(mod, fn)) {
          if (reported.has(w.name) || isCacheName(w.name)) continue;
          reported.add(w.name);
          const how = isPython(mod) ? `reassigns (\`global ${w.name}\`)` : 'reassigns';
          report(ctx, mod, w, h.functions[0]?.id, undefined, `The handler ${how} the module-level variable \`${w.name}\`${via}; its value carries over into the next invocation on a warm instance. Keep it local to the invocation (return or pass it), or if it is a cache, name it as one.`);
        }
      }
    }
  },
};

function report(ctx: Parameters<typeof rule.check>[0], mod: CodeModule, w: StateWrite, functionId: string | undefined, defined: { from: number; to: number } | undefined, message: string): void {
  ctx.report({
    from: w.node.from,
    to: w.node.to,
    message,
    functionId,
    related: defined ? [{ from: defined.from, to: defined.to, message: `\`${w.name}\` is defined at module scope here` }] : undefined,
  });
}

function isCacheName(name: string): boolean {
  return name.toLowerCase().includes('cache');
}

/** `@functools.lru_cache` / `@cache` helpers: their state is the memo, bounded or by design. */
function isMemoized(mod: CodeModule, fn: FunctionInfo): boolean {
  if (!isPython(mod) || fn.statement.name !== 'DecoratedStatement') return false;
  return kids(fn.statement).some((d) => {
    if (d.name !== 'Decorator') return false;
    // Decorator(At, VariableName, ".", VariableName, ArgList?): the dotted name before any arguments.
    const name = kids(d).filter((c) => c.name === 'VariableName' || c.name === '.').map((c) => textOf(mod.source.text, c)).join('');
    const q = pyQualified(mod, name) ?? name;
    return q === 'functools.lru_cache' || q === 'functools.cache';
  });
}
