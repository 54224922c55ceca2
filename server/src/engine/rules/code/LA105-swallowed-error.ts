import type { CodeModule } from '../../code/model';
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
      for (const fn of [h.fn, ...calledModuleFunctions(mod, h.fn)]) {
        for (const c of swallowedCatches(mod, fn.body)) {
          if (reported.has(c.head.from)) continue;
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

function message(mod: CodeModule, c: SwallowedCatch): string {
  const what = c.kind === 'py-except' ? (c.caught ? `except ${c.caught}` : 'The bare except') : c.kind === 'js-catch' ? 'This catch' : 'This .catch()';
  const subject = c.kind === 'py-except' ? (c.caught ? `This \`${what}\`` : what) : what;
  const does = c.logs ? 'only logs the error' : 'drops the error';
  const raise = isPython(mod) ? '`raise`' : '`throw`';
  return `${subject} ${does} and the invocation still succeeds, so Lambda never retries it and no dead-letter queue or failure destination sees it. Re-raise it (${raise}), or return a failure (a statusCode of 400 or more, or batchItemFailures for batch sources).`;
}
