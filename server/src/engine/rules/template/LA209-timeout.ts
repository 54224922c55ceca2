import { DEFAULT_TIMEOUT_S, HTTP_API_TIMEOUT_S, REST_API_TIMEOUT_S } from '../../data/runtimes';
import { isScalar, num } from '../../parse/tree';
import { addFunctionSetting, addMapEntry } from '../../template/addProperty';
import type { FunctionModel } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { EditInput, TemplateRule } from '../api';

const DEFAULT_SUGGESTED_S = 30;

/** API Gateway event types (SAM and normalized Serverless types) and their integration timeout. */
const API_LIMITS: Record<string, number> = { Api: REST_API_TIMEOUT_S, HttpApi: HTTP_API_TIMEOUT_S };

/**
 * LA209: Timeout left at the CloudFormation/SAM default (3 s), or longer than the API Gateway
 * integration timeout for a function behind an API (the client gets a 504 while the function
 * keeps running and billing). Serverless Framework functions default to 6 s, so only the API
 * limit applies there.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA209',
    slug: 'timeout',
    title: 'Timeout left at the default or above the API limit',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'Timeout is left at the 3-second default (too short for most functions that call other services), or is longer than the API Gateway integration timeout (29 s REST, 30 s HTTP API) of a function behind an API, which then answers 504 while the function keeps running.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const maxApiTimeout = typeof ctx.params.maxApiTimeout === 'number' ? ctx.params.maxApiTimeout : undefined;
    const suggestedParam = typeof ctx.params.suggested === 'number' ? ctx.params.suggested : DEFAULT_SUGGESTED_S;
    const apiLimit = (fn: FunctionModel): { limit: number; type: string } | undefined => {
      let best: { limit: number; type: string } | undefined;
      for (const ev of fn.events) {
        const limit = API_LIMITS[ev.type];
        if (limit === undefined) continue;
        const l = maxApiTimeout ?? limit;
        if (!best || l < best.limit) best = { limit: l, type: ev.type };
      }
      return best;
    };
    const apiName = (type: string): string => (type === 'HttpApi' ? 'HTTP API' : 'REST API');

    for (const fn of doc.functions) {
      const api = apiLimit(fn);
      const prop = fn.prop('Timeout');
      if (!prop) {
        if (fn.resourceType === 'serverless') continue; // the framework's default is 6 s
        const setting = timeoutSetting(fn, suggestedParam, apiLimit);
        ctx.report({
          from: fn.entry.key.from,
          to: fn.entry.key.to,
          message: `${fn.id} has no Timeout, so it stops after the default ${DEFAULT_TIMEOUT_S} seconds: set a Timeout that fits its work${api ? ` (at most ${api.limit} s behind the ${apiName(api.type)})` : ''}`,
          fixes: setting ? [setting] : undefined,
          functionId: fn.id,
        });
        continue;
      }
      if (!api) continue;
      const resolved = resolveScalar(doc, prop.node);
      const seconds = num(resolved);
      if (seconds === undefined || seconds <= api.limit) continue;
      const edits: EditInput[] = [];
      let title = `Set Timeout: ${api.limit}`;
      if (prop.source === 'function') {
        // Only a literal written here is changed: a parameter's Default may be overridden at deploy time.
        if (isScalar(prop.node) && resolved === prop.node) edits.push({ from: prop.node.from, to: prop.node.to, text: String(api.limit) });
      } else if (fn.properties) {
        // The value comes from Globals / provider and other functions may need it: override it here.
        const key = fn.resourceType === 'serverless' ? 'timeout' : 'Timeout';
        edits.push(...(addMapEntry(doc, fn.properties, key, api.limit) ?? []));
        title = `Set Timeout: ${api.limit} on ${fn.id}`;
      }
      const inherited = prop.source !== 'function';
      ctx.report({
        // An inherited value is shared with functions that are not behind an API: point at this function.
        from: inherited ? fn.entry.key.from : prop.node.from,
        to: inherited ? fn.entry.key.to : prop.node.to,
        message: `${fn.id} has a ${seconds} s timeout${inherited ? ` (from ${prop.source === 'globals' ? 'Globals' : 'provider'})` : ''}, but the ${apiName(api.type)} gives up after ${api.limit} s and answers 504 while the function keeps running: set Timeout to ${api.limit} or less, or make the work asynchronous`,
        related: inherited ? [{ from: prop.node.from, to: prop.node.to, message: 'The timeout is set here' }] : undefined,
        fixes: edits.length ? [{ title, edits }] : undefined,
        functionId: fn.id,
      });
    }
  },
};

/**
 * Adds a Timeout to `fn` (or to Globals when every function lacks one), capped at the API
 * limit of every function that will get it.
 */
function timeoutSetting(
  fn: FunctionModel,
  suggested: number,
  apiLimit: (fn: FunctionModel) => { limit: number } | undefined,
): { title: string; edits: EditInput[] } | undefined {
  const peers = fn.template.functions.filter((f) => f.resourceType === fn.resourceType);
  const cap = (fns: FunctionModel[]): number => Math.min(suggested, ...fns.map((f) => apiLimit(f)?.limit ?? suggested));
  const first = addFunctionSetting(fn, 'Timeout', 'Timeout', cap([fn]), { key: 'Timeout', value: cap(peers) });
  if (!first?.edits.length) return undefined;
  const value = first.target === 'function' ? cap([fn]) : cap(peers);
  return { title: `Set Timeout: ${value}${first.target === 'globals' ? ' in Globals for all functions' : ''}`, edits: first.edits };
}
