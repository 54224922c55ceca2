/**
 * Logging calls and whether an argument is the whole of a given variable (the event):
 * `print(event)`, `logger.info("%s", event)`, `console.log(JSON.stringify(event))`,
 * f"{event}", `${JSON.stringify(event)}`, `{ event }`. A field of it (`event['id']`,
 * `event.detail.type`) or its keys are not the whole value.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { callArgs, calleePath, isPython } from './syntax';
import { walk } from './walk';

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'trace']);
const PY_PRINT = new Set(['print', 'pprint', 'pprint.pprint']);
/** Wrappers that render the whole value into the log line. */
const PY_RENDER = new Set(['json.dumps', 'str', 'repr', 'pformat', 'pprint.pformat']);
const JS_RENDER = new Set(['JSON.stringify', 'String', 'util.inspect', 'inspect']);
const CALLS = new Set(['CallExpression']);

/** `print(...)`, `logger.info(...)`, `logging.error(...)`, `console.log(...)`, `log.debug(...)`. */
export function isLoggingCall(mod: CodeModule, call: SyntaxNode): boolean {
  if (call.name !== 'CallExpression') return false;
  const path = calleePath(mod, call);
  if (!path) return false;
  if (isPython(mod) && PY_PRINT.has(path)) return true;
  const parts = path.split('.');
  if (parts.length < 2 || !LOG_METHODS.has(parts[parts.length - 1])) return false;
  const receiver = parts[parts.length - 2].toLowerCase();
  return receiver === 'console' || receiver.includes('log');
}

/** The argument nodes of a logging call that carry the whole of `name`. */
export function wholeValueArgs(mod: CodeModule, call: SyntaxNode, name: string): SyntaxNode[] {
  const args = callArgs(mod, call);
  return [...args.positional, ...args.keywords.values()].filter((a) => carriesWhole(mod, a, name));
}

function carriesWhole(mod: CodeModule, n: SyntaxNode, name: string): boolean {
  const text = mod.source.text;
  switch (n.name) {
    case 'VariableName':
      return textOf(text, n) === name;
    case 'ParenthesizedExpression':
    case 'TupleExpression':
    case 'ArrayExpression':
      return kids(n).some((c) => carriesWhole(mod, c, name));
    case 'CallExpression': {
      // 'Event: {}'.format(event): str.format renders its arguments whole.
      const callee = n.firstChild;
      if (isPython(mod) && callee?.name === 'MemberExpression' && callee.firstChild?.name === 'String' && textOf(text, callee.lastChild!) === 'format') {
        const a = callArgs(mod, n);
        return [...a.positional, ...a.keywords.values()].some((x) => carriesWhole(mod, x, name));
      }
      const path = calleePath(mod, n);
      const render = isPython(mod) ? PY_RENDER : JS_RENDER;
      if (!path || !render.has(path)) return false;
      const first = callArgs(mod, n).positional[0];
      return !!first && carriesWhole(mod, first, name);
    }
    case 'BinaryExpression': {
      // 'event: ' + JSON.stringify(event), "event: %s" % event
      const parts = kids(n);
      const op = textOf(text, parts[1]);
      return (op === '+' || op === '%') && [parts[0], parts[2]].some((p) => p && carriesWhole(mod, p, name));
    }
    case 'FormatString':
    case 'TemplateString': {
      let found = false;
      for (const r of kids(n)) {
        if (r.name !== 'FormatReplacement' && r.name !== 'Interpolation') continue;
        const expr = kids(r).find((c) => !['{', '}', 'InterpolationStart', 'InterpolationEnd', 'FormatSpec', 'FormatConversion', ':', '!', '='].includes(c.name));
        if (expr && carriesWhole(mod, expr, name)) found = true;
      }
      return found;
    }
    case 'ObjectExpression':
    case 'DictionaryExpression': {
      // Structured logs: { event }, { "event": event }, extra={"event": event}
      let found = false;
      for (const p of kids(n)) {
        if (p.name === 'Property') {
          const pk = kids(p);
          const value = pk.length >= 3 ? pk[pk.length - 1] : pk[0];
          if (value && (value.name === 'PropertyDefinition' ? textOf(text, value) === name : carriesWhole(mod, value, name))) found = true;
        } else if (p.prevSibling?.name === ':' && carriesWhole(mod, p, name)) found = true;
      }
      return found;
    }
    default:
      return false;
  }
}

/** Logging calls anywhere under `root` (callbacks included: they run during the invocation). */
export function loggingCalls(mod: CodeModule, root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walk(mod, root, (n) => void (isLoggingCall(mod, n) && out.push(n)), { only: CALLS });
  return out;
}
