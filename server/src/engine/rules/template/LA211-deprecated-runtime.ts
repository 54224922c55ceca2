import { daysUntil, runtimeFact } from '../../data/runtimes';
import { isScalar, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { replaceScalar } from '../../template/edits';
import { resolveScalar } from '../../template/values';
import { linkedModule } from '../../code/functionCode';
import { undeclaredSdkV2Import, usedCallbackParam } from '../../code/nodeRuntimeNeeds';
import type { FunctionModel } from '../../template/model';
import type { FixInput, ProjectView, TemplateRule } from '../api';

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
      'The function runs on a Lambda runtime that is past (error) or close to (warning) its deprecation date: it no longer receives security patches, and AWS then blocks creating and updating functions that use it. Move to the successor runtime; the message says when the handler must change first (a callback handler before Node.js 24, aws-sdk v2 before a runtime that ships only v3).',
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
      const users = doc.functions.filter((f) => f.prop('Runtime')?.node === prop.node);
      const before = fact.successor ? successorBlockers(ctx.project, users, runtime, fact.successor) : [];
      const move = fact.successor ? `; move to ${fact.successor}${before.length ? ` after ${before.join(' and ')}` : ''}` : '';
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

/**
 * What the code must change before the successor runtime can run it: a callback handler
 * (Node.js 24 calls only async handlers), or aws-sdk v2 the current runtime ships but the
 * successor does not. Named so the user converts first instead of breaking the function.
 */
function successorBlockers(project: ProjectView, fns: FunctionModel[], runtime: string, successor: string): string[] {
  if (!successor.startsWith('nodejs')) return [];
  const next = runtimeFact(successor);
  const nextMajor = Number(/^nodejs(\d+)/.exec(successor)?.[1] ?? 0);
  const callbacks: string[] = [];
  const sdk: string[] = [];
  for (const fn of fns) {
    const mod = linkedModule(project, fn);
    if (!mod) continue;
    if (nextMajor >= 24 && usedCallbackParam(mod, fn)) callbacks.push(fn.id);
    // Already missing on the current runtime is LA305's; here only what the move would break.
    if (next?.sdk === 'aws-sdk-v3' && runtimeFact(runtime)?.sdk === 'aws-sdk-v2' && undeclaredSdkV2Import(project.host, mod, fn)) sdk.push(fn.id);
  }
  // A runtime shared through Globals / provider names the functions concerned.
  const which = (ids: string[]) => (fns.length > 1 ? `: ${ids.join(', ')}` : '');
  const out: string[] = [];
  if (callbacks.length) out.push(`converting the callback handler${callbacks.length > 1 ? 's' : ''} to async (${successor} calls only async handlers${which(callbacks)})`);
  if (sdk.length) out.push(`moving to AWS SDK v3 or adding aws-sdk to dependencies (${successor} ships only v3${which(sdk)})`);
  return out;
}
