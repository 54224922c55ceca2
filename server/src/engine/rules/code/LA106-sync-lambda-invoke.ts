import { lambdaInvokes } from '../../code/lambdainvoke';
import { calledModuleFunctions, isPython } from '../../code/syntax';
import type { CodeRule } from '../api';

/**
 * A synchronous invoke makes this function wait (and bill) for the other one, stacks both
 * timeouts and concurrency, and couples their failures.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA106',
    slug: 'sync-lambda-invoke',
    title: 'The handler invokes another Lambda function synchronously',
    defaultSeverity: 'info',
    category: 'performance',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler invokes another Lambda function with InvocationType RequestResponse (explicitly or by leaving it out, which is the default). The caller waits, and pays, for the whole run of the callee, both functions hold concurrency at once, the timeouts stack, and a failure of one is a failure of both. Invoke asynchronously (InvocationType Event), put the work on a queue, or orchestrate the steps with Step Functions.',
  },
  check(ctx) {
    const mod = ctx.module;
    const reported = new Set<number>();
    for (const h of ctx.handlers) {
      for (const fn of [h.fn, ...calledModuleFunctions(mod, h.fn)]) {
        for (const inv of lambdaInvokes(mod, fn.body)) {
          if (inv.invocationType !== 'RequestResponse' || reported.has(inv.call.from)) continue;
          reported.add(inv.call.from);
          const how = inv.typeNode ? 'with InvocationType RequestResponse' : 'synchronously (RequestResponse is the default when InvocationType is left out)';
          const event = isPython(mod) ? "InvocationType='Event'" : "InvocationType: 'Event'";
          ctx.report({
            from: inv.head.from,
            to: inv.head.to,
            message: `This invokes another Lambda function ${how}, so this invocation waits and is billed for the other one's whole run. If you do not need its result, invoke it asynchronously (${event}) or send the work to a queue; to chain steps, use Step Functions.`,
            functionId: h.functions[0]?.id,
          });
        }
      }
    }
  },
};
