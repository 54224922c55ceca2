import * as path from 'node:path';
import { missingTimeouts } from '../../code/httpTimeouts';
import { usesLegacyNodeFetch } from '../../code/nodeFetch';
import { isPython } from '../../code/syntax';
import type { CodeRule } from '../api';

const DEFAULT_SECONDS = 10;

/**
 * An HTTP client with no timeout waits as long as the server keeps the connection open: the
 * function then runs into its own timeout, is billed for the wait, and reports a timeout
 * instead of the real failure (and, for retried events, tries again into the same wall).
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA111',
    slug: 'http-call-without-timeout',
    title: 'Outbound HTTP call without a timeout',
    defaultSeverity: 'info',
    category: 'reliability',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    hasFix: true,
    summary:
      'An outbound HTTP call (requests, urllib3, urllib, httpx with timeout=None, fetch, axios, node:http/https) has no timeout, so a slow or silent server keeps the function waiting until the function itself times out: billed for the wait, and failing with a timeout instead of an error the code can handle. Give every call a timeout shorter than the function\'s.',
  },
  check(ctx) {
    const raw = Number(ctx.params.seconds);
    const seconds = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_SECONDS;
    const py = isPython(ctx.module);
    const functionId = ctx.handlers[0]?.functions[0]?.id;
    const fn = ctx.handlers.flatMap((h) => h.functions).find((f) => f.handlerTarget?.codeDir);
    const stop = fn?.handlerTarget?.codeDir ?? fn?.template.dir ?? path.dirname(path.dirname(ctx.module.path));
    // node-fetch 1.x / 2.x: their own `timeout` option, not AbortSignal (1.x has no signal at all).
    const nodeFetchTimeout = !py && usesLegacyNodeFetch(ctx.project.host, ctx.module, stop);
    for (const m of missingTimeouts(ctx.module, seconds, { nodeFetchTimeout })) {
      const fetchOption = nodeFetchTimeout ? `timeout: ${seconds * 1000}, node-fetch 1.x/2.x's own option` : `signal: AbortSignal.timeout(${seconds * 1000})`;
      const what = py ? `timeout=${seconds}` : m.label.startsWith('fetch') ? fetchOption : `timeout: ${seconds * 1000}`;
      ctx.report({
        from: m.call.from,
        to: m.call.to,
        message: `${m.label} has no timeout: a server that never answers keeps the function waiting until the function itself times out. Pass ${what} (shorter than the function's timeout).`,
        fixes: m.edit ? [{ title: 'Add a timeout', edits: [m.edit] }] : undefined,
        functionId,
      });
    }
  },
};
