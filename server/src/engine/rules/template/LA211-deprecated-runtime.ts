import { daysUntil, runtimeFact } from '../../data/runtimes';
import { isScalar, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { replaceScalar } from '../../template/edits';
import { resolveScalar } from '../../template/values';
import type { FixInput, TemplateRule } from '../api';

const DEFAULT_WARN_DAYS = 180;

/**
 * LA211: a runtime past (error) or within `warnDays` of (warning) its deprecation date, from
 * the dated table in data/runtimes.ts, compared with the project's "today" so the result is
 * reproducible in tests and CI.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA211',
    slug: 'deprecated-runtime',
    title: 'Runtime deprecated or close to deprecation',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'The function runs on a Lambda runtime that is past (error) or close to (warning) its deprecation date: it no longer receives security patches, and AWS then blocks creating and updating functions that use it. Move to the successor runtime.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const warnDays = typeof ctx.params.warnDays === 'number' ? ctx.params.warnDays : DEFAULT_WARN_DAYS;
    // A runtime set once in Globals / provider is one finding, not one per function.
    const seen = new Set<TNode>();
    for (const fn of doc.functions) {
      if (fn.packageType === 'Image') continue;
      const prop = fn.prop('Runtime');
      if (!prop || seen.has(prop.node)) continue;
      seen.add(prop.node);
      const resolved = resolveScalar(doc, prop.node);
      const runtime = str(resolved);
      const fact = runtimeFact(runtime);
      if (!fact?.deprecated || !runtime) continue;
      const days = daysUntil(fact.deprecated, ctx.project.today);
      if (days > warnDays) continue;
      const past = days <= 0;
      const move = fact.successor ? `; move to ${fact.successor}` : '';
      const message = past
        ? `${runtime} was deprecated on ${fact.deprecated}${move}`
        : `${runtime} will be deprecated on ${fact.deprecated} (in ${days} day${days === 1 ? '' : 's'})${move}`;
      const fixes: FixInput[] = [];
      // Only a literal written here is replaced: a parameter's Default may be overridden at deploy time.
      if (fact.successor && isScalar(prop.node) && resolved === prop.node && typeof prop.node.value === 'string') {
        const where = prop.source === 'globals' ? ' in Globals' : prop.source === 'provider' ? ' in provider' : '';
        fixes.push({
          title: `Change the runtime to ${fact.successor}${where}`,
          edits: [replaceScalar(doc, prop.node, fact.successor)],
        });
      }
      const shared = prop.source !== 'function';
      ctx.report({
        from: prop.node.from,
        to: prop.node.to,
        message,
        severity: past ? undefined : 'warning',
        tags: ['deprecated'],
        fixes,
        functionId: shared ? undefined : fn.id,
      });
    }
  },
};
