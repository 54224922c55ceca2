import type { SyntaxNode } from '@lezer/common';
import { loggingCalls, wholeValueArgs } from '../../code/eventlogging';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { callArgs, callsIn, isPython } from '../../code/syntax';
import { textOf } from '../../parse/code';
import type { CodeRule } from '../api';

/**
 * Events carry what callers send: request bodies, headers with tokens, personal data. Logged
 * whole, all of it lands in CloudWatch Logs, kept for the log group's retention and readable
 * by anyone with logs access.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA110',
    slug: 'event-logged-whole',
    title: 'The whole event is logged',
    defaultSeverity: 'info',
    category: 'security',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler logs its whole event (print(event), logger.info(json.dumps(event)), console.log(JSON.stringify(event)), an f-string or template literal holding it). Events carry request bodies, headers with authorization tokens and personal data, which then sit in CloudWatch Logs for the whole retention period. Log the fields you need (an id, the event type) instead.',
  },
  check(ctx) {
    const mod = ctx.module;
    const reported = new Set<number>();
    for (const h of ctx.handlers) {
      const event = h.fn.params[0]?.name;
      if (!event) continue;
      for (const { fn, name } of eventCarriers(mod, h.fn, event)) {
        for (const call of loggingCalls(mod, fn.body)) {
          if (reported.has(call.from) || !wholeValueArgs(mod, call, name).length) continue;
          reported.add(call.from);
          const field = isPython(mod) ? `${name}["id"]` : `${name}.id`;
          const via = fn === h.fn ? '' : ` (${fn.name} receives the event from ${h.fn.name})`;
          ctx.report({
            from: call.from,
            to: call.to,
            message: `The whole event \`${name}\` is logged${via}; events can carry tokens and personal data that then stay in CloudWatch Logs. Log only the fields you need (for example ${field} or the event type).`,
            functionId: h.functions[0]?.id,
          });
        }
      }
    }
  },
};

/** The handler, and module functions it passes the event to (positionally), with the parameter name it has there. */
function eventCarriers(mod: CodeModule, handler: FunctionInfo, event: string): Array<{ fn: FunctionInfo; name: string }> {
  const byLocal = new Map<string, FunctionInfo>();
  for (const f of mod.functions.values()) byLocal.set(f.localName, f);
  const out = [{ fn: handler, name: event }];
  const seen = new Set<SyntaxNode>([handler.node]);
  for (let i = 0; i < out.length; i++) {
    const { fn, name } = out[i];
    for (const call of callsIn(mod, fn)) {
      const callee = call.firstChild;
      const target = call.name === 'CallExpression' && callee?.name === 'VariableName' ? byLocal.get(textOf(mod.source.text, callee)) : undefined;
      if (!target || seen.has(target.node)) continue;
      const idx = callArgs(mod, call).positional.findIndex((a) => a.name === 'VariableName' && textOf(mod.source.text, a) === name);
      const param = idx >= 0 ? target.params[idx] : undefined;
      if (!param) continue;
      seen.add(target.node);
      out.push({ fn: target, name: param.name });
    }
  }
  return out;
}
