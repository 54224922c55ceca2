import { enclosingFunction, isPromiseAllMapCallback, resultInspected, same } from '../../code/catchResults';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { rethrowEdits } from '../../code/rethrowfix';
import { swallowedCatches, type SwallowedCatch } from '../../code/swallowed';
import { calledModuleFunctions, isPython } from '../../code/syntax';
import type { CodeRule } from '../api';

/**
 * Lambda only retries, routes to a dead-letter queue / on-failure destination, or reports a
 * batch item as failed when the invocation fails. An error caught and dropped turns every
 * failure into a success nobody sees.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA105',
    slug: 'swallowed-error',
    title: 'The handler catches an error and neither re-raises nor reports a failure',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    hasFix: true,
    summary:
      'An exception handler on the handler path (bare `except:`, `except Exception`, `catch`, `.catch(() => {})`) only passes, logs, or returns success. The invocation then succeeds, so Lambda never retries it, never sends the event to a dead-letter queue or on-failure destination, and batch sources never see the failed record. Re-raise the error, or return an explicit failure (a statusCode of 400 or more, batchItemFailures).',
  },
  check(ctx) {
    const mod = ctx.module;
    const reported = new Set<number>();
    for (const h of ctx.handlers) {
      const chain = [h.fn, ...calledModuleFunctions(mod, h.fn)];
      for (const fn of chain) {
        for (const c of swallowedCatches(mod, fn.body)) {
          if (reported.has(c.head.from) || !lost(mod, c, fn, h.fn, chain)) continue;
          reported.add(c.head.from);
          const edits = rethrowEdits(mod, c);
          ctx.report({
            from: c.head.from,
            to: c.head.to,
            message: message(mod, c),
            fixes: edits ? [{ title: 'Re-raise the exception', edits }] : undefined,
            functionId: h.functions[0]?.id,
          });
        }
      }
    }
  },
};

/**
 * Whether the failure is lost. A catch that returns a failure marker from a helper whose
 * result the handler checks has reported it; one that returns the caught error has handed it
 * on, except from a `Promise.all(records.map(...))` callback, where the promise resolves and
 * the batch succeeds.
 */
function lost(mod: CodeModule, c: SwallowedCatch, fn: FunctionInfo, handler: FunctionInfo, chain: FunctionInfo[]): boolean {
  if (!c.returned) return true;
  const owner = enclosingFunction(mod, c.body);
  if (c.returned.kind === 'error') return !!owner && isPromiseAllMapCallback(mod, owner);
  // A failure marker: lost when it is the invocation's own result or nobody reads it.
  if (!same(owner, fn.node) || fn.node.from === handler.node.from) return true;
  return !resultInspected(mod, fn, chain);
}

function message(mod: CodeModule, c: SwallowedCatch): string {
  if (c.returned?.kind === 'error')
    return 'This catch returns the error as a value from a Promise.all(...map(...)) callback: the promise resolves, Promise.all succeeds and the invocation succeeds, so Lambda never retries the failed record. Re-throw it (`throw`), or collect the failures into batchItemFailures.';
  const what = c.kind === 'py-except' ? (c.caught ? `except ${c.caught}` : 'The bare except') : c.kind === 'js-catch' ? 'This catch' : 'This .catch()';
  const subject = c.kind === 'py-except' ? (c.caught ? `This \`${what}\`` : what) : what;
  const does = c.logs ? 'only logs the error' : 'drops the error';
  const raise = isPython(mod) ? '`raise`' : '`throw`';
  return `${subject} ${does} and the invocation still succeeds, so Lambda never retries it and no dead-letter queue or failure destination sees it. Re-raise it (${raise}), or return a failure (a statusCode of 400 or more, or batchItemFailures for batch sources).`;
}
