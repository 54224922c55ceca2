import { num } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import type { FunctionModel } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { TemplateRule } from '../api';

/** Lambda's default concurrency quota per account and Region. */
const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/** Lambda refuses reservations that leave fewer than this many executions unreserved. */
const UNRESERVED_MINIMUM = 100;

/**
 * LA207: reserved concurrency that breaks the function or the deployment. 0 throttles every
 * invocation (the function never runs); a template whose reservations add up to more than
 * the account quota minus the 100 executions Lambda keeps unreserved fails to deploy, and
 * near that line starves every other function of the account.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA207',
    slug: 'reserved-concurrency',
    title: 'Reserved concurrency of 0, or more than the account can reserve',
    defaultSeverity: 'error',
    category: 'reliability',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      "ReservedConcurrentExecutions is 0, so every invocation is throttled and the function never runs; or the template's reservations add up to more than the account's concurrency quota minus the 100 executions Lambda keeps unreserved, so the deployment fails. Remove the 0 (or suppress the finding if the function is paused on purpose) and keep the total within the quota (parameter accountConcurrency).",
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    const quota = typeof ctx.params.accountConcurrency === 'number' ? ctx.params.accountConcurrency : DEFAULT_ACCOUNT_CONCURRENCY;
    const reservable = quota - UNRESERVED_MINIMUM;
    const reported = new Set<TNode>();
    const reserved: Array<{ fn: FunctionModel; node: TNode; value: number }> = [];
    for (const fn of doc.functions) {
      const prop = fn.prop('ReservedConcurrentExecutions');
      if (!prop) continue;
      const value = num(resolveScalar(doc, prop.node));
      // An intrinsic or variable we cannot resolve is unknown, not zero.
      if (value === undefined) continue;
      reserved.push({ fn, node: prop.node, value });
      if (value !== 0 || reported.has(prop.node)) continue;
      reported.add(prop.node);
      const shared = prop.source !== 'function';
      const key = fn.resourceType === 'serverless' ? 'reservedConcurrency' : 'ReservedConcurrentExecutions';
      ctx.report({
        from: prop.node.from,
        to: prop.node.to,
        message: `${key} is 0${shared ? ' for every function that uses this default' : ` for ${fn.id}`}, so every invocation is throttled and the function never runs: remove it or set the concurrency the function needs. If you meant to pause the function, say so with a suppression (lambda-audit-ignore-next-line LA207 -- paused)`,
        functionId: shared ? undefined : fn.id,
      });
    }
    const total = reserved.reduce((s, r) => s + r.value, 0);
    if (total <= reservable || !reserved.length) return;
    const largest = reserved.reduce((a, b) => (b.value > a.value ? b : a));
    const parts = reserved.map((r) => `${r.fn.id} ${r.value}`).join(', ');
    ctx.report({
      from: largest.node.from,
      to: largest.node.to,
      message: `The functions of this template reserve ${total} concurrent executions (${parts}), more than the ${reservable} an account with a quota of ${quota} can reserve (Lambda keeps ${UNRESERVED_MINIMUM} unreserved), so the deployment fails: lower the reservations, or raise the account's quota and set the accountConcurrency parameter of LA207`,
      // A value in Globals counts once per function but is one place in the file.
      related: reserved
        .filter((r, i) => r.node !== largest.node && reserved.findIndex((o) => o.node === r.node) === i)
        .map((r) => ({ from: r.node.from, to: r.node.to, message: `${r.fn.id} reserves ${r.value}` })),
      functionId: largest.fn.id,
    });
  },
};
