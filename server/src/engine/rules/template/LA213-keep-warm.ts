import { bool, entry, get, isMap, isScalar, isSeq, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { API_EVENT_TYPES } from '../../template/events';
import { eventSpan } from '../../template/eventSpan';
import type { EventSource, FunctionModel, TemplateDoc } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { TemplateRule, TemplateRuleContext } from '../api';

/** A schedule at least this frequent on a latency-sensitive function is a warmer, not a job. */
const MAX_WARMER_MINUTES = 15;
const WARMUP_PLUGIN = 'serverless-plugin-warmup';

/** Callers that wait on the response (the Serverless `http` / `httpApi` / `alb` / `websocket` events normalize to these). */
const LATENCY_EVENT_TYPES: ReadonlySet<string> = new Set([...API_EVENT_TYPES, 'ALB', 'WebSocket']);

/**
 * LA213: a hand-made warmer. A schedule that pings the function every few minutes keeps one
 * execution environment warm at best: a second concurrent request still starts cold, the
 * pings are billed invocations that show up in metrics, and the handler needs code to
 * recognize them. Provisioned concurrency (or SnapStart) is the supported way. A warmer on a
 * function that already has provisioned concurrency is pure waste.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA213',
    slug: 'keep-warm',
    title: 'Hand-made warmer instead of provisioned concurrency',
    defaultSeverity: 'info',
    category: 'performance',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'An API-facing function is kept warm by a schedule that invokes it every few minutes (or by serverless-plugin-warmup): that keeps one environment warm at best, concurrent requests still start cold, and every ping is a billed invocation. Use provisioned concurrency (or SnapStart) instead, and drop warmers on functions that already have provisioned concurrency.',
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    for (const fn of doc.functions) {
      const provisioned = hasProvisionedConcurrency(fn);
      const caller = fn.events.find((e) => LATENCY_EVENT_TYPES.has(e.type));
      if (!provisioned && !caller && !hasFunctionUrl(fn)) continue;
      for (const ev of fn.events) {
        const expr = warmerExpression(doc, ev);
        if (!expr) continue;
        const span = eventSpan(fn, ev);
        const message = provisioned
          ? `${fn.id} has provisioned concurrency and is also pinged by the schedule ${expr}: the provisioned environments are already initialized, so the warmer only adds billed invocations. Remove the schedule`
          : `${fn.id} is kept warm by the schedule ${expr}, which keeps one environment warm at best (concurrent requests still start cold) and bills every ping: use provisioned concurrency (or SnapStart on Java, Python 3.12+, .NET 8+) and remove the schedule`;
        ctx.report({
          ...span,
          message,
          related: caller ? [{ ...eventSpan(fn, caller), message: `Latency-sensitive event ${caller.id}` }] : undefined,
          functionId: fn.id,
        });
      }
    }
    if (doc.kind === 'serverless') checkWarmupPlugin(ctx, doc);
  },
};

function hasProvisionedConcurrency(fn: FunctionModel): boolean {
  if (fn.resourceType === 'serverless') {
    const n = get(fn.properties, 'provisionedConcurrency');
    return !!n && str(resolveScalar(fn.template, n)) !== '0';
  }
  return !!fn.prop('ProvisionedConcurrencyConfig');
}

function hasFunctionUrl(fn: FunctionModel): boolean {
  if (fn.resourceType === 'serverless') {
    const url = get(fn.properties, 'url');
    return isMap(url) || bool(url) === true;
  }
  return !!fn.prop('FunctionUrlConfig');
}

/** The schedule expression of an enabled, frequent schedule event, as written; else undefined. */
function warmerExpression(doc: TemplateDoc, ev: EventSource): string | undefined {
  if (ev.type !== 'Schedule' && ev.type !== 'ScheduleV2') return undefined;
  let exprs: TNode[] = [];
  if (isMap(ev.node) && !get(ev.node, 'Type')) {
    // Serverless: `- schedule: rate(5 minutes)` or `- schedule: { rate: [...], enabled: false }`.
    const v = ev.node.entries[0]?.value;
    if (isMap(v)) {
      if (bool(resolveScalar(doc, get(v, 'enabled'))) === false) return undefined;
      const rate = get(v, 'rate');
      exprs = isSeq(rate) ? rate.items : rate ? [rate] : [];
    } else if (v) exprs = [v];
  } else {
    const p = ev.properties;
    if (bool(resolveScalar(doc, get(p, 'Enabled'))) === false) return undefined;
    if (str(resolveScalar(doc, get(p, 'State'))) === 'DISABLED') return undefined;
    const e = entry(p, ev.type === 'Schedule' ? 'Schedule' : 'ScheduleExpression');
    if (e) exprs = [e.value];
  }
  for (const n of exprs) {
    const s = str(resolveScalar(doc, n));
    if (s && isScalar(n) && frequent(s)) return s;
  }
  return undefined;
}

/** `rate(N minutes)` with N <= 15, or a cron whose minutes field fires at least every 15 minutes. */
function frequent(expression: string): boolean {
  const s = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+minutes?\s*\)$/i.exec(s);
  if (rate) return Number(rate[1]) <= MAX_WARMER_MINUTES;
  const cron = /^cron\((.*)\)$/i.exec(s);
  if (!cron) return false;
  const minutes = cron[1].trim().split(/\s+/)[0];
  if (minutes === '*') return true;
  const step = /^(\*|\d+)\/(\d+)$/.exec(minutes);
  if (step) return Number(step[2]) <= MAX_WARMER_MINUTES;
  // `0,10,20,30,40,50`: four or more times an hour.
  return minutes.split(',').length >= 60 / MAX_WARMER_MINUTES;
}

/** Serverless: `plugins: [serverless-plugin-warmup]` (or `plugins.modules`) with warmers configured. */
function checkWarmupPlugin(ctx: TemplateRuleContext, doc: TemplateDoc): void {
  const plugins = get(doc.root, 'plugins');
  const modules = get(plugins, 'modules');
  const list = isSeq(plugins) ? plugins : isSeq(modules) ? modules : undefined;
  const item = list?.items.find((i) => str(i) === WARMUP_PLUGIN);
  if (!item) return;
  // The plugin does nothing until a warmer is configured for the service or a function.
  const configured = !!get(doc.root, 'custom', 'warmup') || doc.functions.some((f) => !!get(f.properties, 'warmup'));
  if (!configured) return;
  ctx.report({
    from: item.from,
    to: item.to,
    message: `${WARMUP_PLUGIN} keeps functions warm by invoking them on a schedule, which keeps one environment warm at best (concurrent requests still start cold) and bills every ping: use provisionedConcurrency on the latency-sensitive functions (or SnapStart) and remove the plugin`,
  });
}
