import { asyncForEach, floatingPromises } from '../../code/promises';
import { calledModuleFunctions, calleePath, walkBody } from '../../code/syntax';
import type { CodeRule } from '../api';

const CALLS = new Set(['CallExpression']);

export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA112',
    slug: 'async-pitfall',
    title: 'Async work the handler does not wait for',
    defaultSeverity: 'warning',
    category: 'correctness',
    scope: 'code',
    languages: ['javascript', 'typescript'],
    summary:
      'JavaScript/TypeScript: an async callback passed to forEach, a promise-returning call (an AWS SDK send, fetch, an async function) neither awaited nor returned, or an async handler that also takes a callback. Lambda freezes the execution environment as soon as the handler\'s promise settles, so work still pending is cut off and resumes, fails or is lost in some later invocation.',
  },
  check(ctx) {
    const mod = ctx.module;
    if (mod.language === 'python') return;
    const seen = new Set<number>();
    for (const h of ctx.handlers) {
      const functionId = h.functions[0]?.id;
      const fns = [h.fn, ...calledModuleFunctions(mod, h.fn)];
      for (const fn of fns) {
        for (const p of asyncForEach(mod, fn)) {
          if (seen.has(p.node.from)) continue;
          seen.add(p.node.from);
          ctx.report({
            from: p.node.from,
            to: p.node.to,
            message: `${p.label}: forEach does not wait for async callbacks, so ${h.fn.name} can return before they finish and Lambda freezes the rest. Use \`for (const x of items) await ...\` or \`await Promise.all(items.map(async ...))\`.`,
            functionId,
          });
        }
        for (const p of floatingPromises(mod, fn)) {
          if (seen.has(p.node.from)) continue;
          seen.add(p.node.from);
          ctx.report({
            from: p.node.from,
            to: p.node.to,
            message: `${p.label} returns a promise nobody awaits: ${h.fn.name} can finish first, and Lambda freezes the pending work (it may run in a later invocation, or never). Await it, or return it.`,
            functionId,
          });
        }
      }
      const cb = h.fn.params[2];
      if (h.fn.isAsync && cb) {
        let called = false;
        walkBody(mod, h.fn, (n) => void (calleePath(mod, n) === cb.name && (called = true)), CALLS);
        ctx.report({
          from: cb.from,
          to: cb.to,
          message: called
            ? `${h.fn.name} is async and also calls ${cb.name}: Lambda takes whichever finishes first (the returned promise or the callback) and the other result is lost. Drop the callback parameter and return the result.`
            : `${h.fn.name} is async but also declares a ${cb.name} parameter: Lambda uses the returned promise and ignores the callback. Remove the parameter (Node.js 24 and later no longer support callback handlers).`,
          functionId,
        });
      }
    }
  },
};
