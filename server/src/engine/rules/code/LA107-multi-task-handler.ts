import { dispatchesIn } from '../../code/dispatch';
import { routerUses } from '../../code/routers';
import type { CodeRule } from '../api';

const DEFAULT_MAX_BRANCHES = 4;

/**
 * "One task per Lambda": a handler that routes many paths or event kinds shares one memory
 * size, timeout, role and set of metrics between tasks that need different ones, and every
 * change redeploys them all.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA107',
    slug: 'multi-task-handler',
    title: 'One handler dispatches on many routes or event kinds',
    defaultSeverity: 'info',
    category: 'operations',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler branches on the request path, route key, HTTP method or event type into many separate tasks (an if/elif chain, a switch or match, a lookup table, or a router with many routes). One function per task gets its own memory, timeout, permissions, metrics and deployments; a function that does many shares the most demanding settings and the widest permissions between all of them.',
  },
  check(ctx) {
    const raw = Number(ctx.params.maxBranches);
    const max = Number.isInteger(raw) && raw > 0 ? raw : DEFAULT_MAX_BRANCHES;
    for (const h of ctx.handlers) {
      for (const d of dispatchesIn(ctx.module, h.fn)) {
        if (d.branches <= max) continue;
        const how = d.kind === 'table' ? `looks up one of ${d.branches} entries by ${d.subject}` : `branches ${d.branches} ways on ${d.subject}`;
        ctx.report({
          from: d.from,
          to: d.to,
          message: `${h.fn.name} ${how}: one function doing ${d.branches} tasks. Give each route or event kind its own function (own memory, timeout, role and metrics), or keep the shared handler on purpose and suppress this.`,
          functionId: h.functions[0]?.id,
        });
      }
      // A router library is a deliberate single entry point: only a large route table is reported.
      for (const r of routerUses(ctx.module, h.fn)) {
        if (r.routes <= max) continue;
        ctx.report({
          from: r.call.from,
          to: r.call.to,
          message: `${h.fn.name} hands every request to ${r.router}, which serves ${r.routes} routes: one function doing ${r.routes} tasks. Split the routes across functions that share code as a library or layer, or keep the router on purpose and suppress this.`,
          functionId: h.functions[0]?.id,
        });
      }
    }
  },
};
