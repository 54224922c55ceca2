/**
 * Exception handlers that swallow the error: Python `except` clauses and JavaScript `catch`
 * clauses / `.catch(fn)` callbacks whose body does nothing but log, pass, or return success.
 * Anything else in the body (a fallback assignment, a call that may report the failure, a
 * raise/throw, a failure response, batchItemFailures, a send to a dead-letter queue) counts
 * as handling: the check is about bodies that do nothing with the error, not about guessing
 * what a helper call does.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import { isLoggingCall } from './eventlogging';
import type { CodeModule } from './model';
import { calleePath, callArgs, dottedPath, isPython, objectProps, stringValue } from './syntax';

export type CatchKind = 'py-except' | 'js-catch' | 'js-promise-catch';

export interface SwallowedCatch {
  kind: CatchKind;
  /** What to point at: `except Exception as e`, `catch (err)`, `.catch(...)`. */
  head: { from: number; to: number };
  /** The body: Python Body, JS Block, or the callback's body. */
  body: SyntaxNode;
  /** The statements of the body, comments left out. */
  statements: SyntaxNode[];
  /** The name the error is bound to, if any. */
  param?: SyntaxNode;
  /** JS: where a missing catch parameter goes (`catch` token / the empty ParamList). */
  paramSlot?: SyntaxNode;
  /** Whether the body logs (else it is empty / pass / return only). */
  logs: boolean;
  /** Python: the caught types as written ('' for a bare except). */
  caught?: string;
  /**
   * The body returns a failure marker (`{"success": False}`) or the caught error itself
   * rather than success: swallowed or not depends on what receives the value (LA105 decides).
   */
  returned?: { kind: 'failure' | 'error'; node: SyntaxNode };
}

const COMMENTS = new Set(['Comment', 'LineComment', 'BlockComment']);
/** Exception types that stand for "anything went wrong" rather than one expected outcome. */
const BROAD_TYPES = new Set(['Exception', 'BaseException', 'ClientError', 'BotoCoreError']);

export function swallowedCatches(mod: CodeModule, root: SyntaxNode): SwallowedCatch[] {
  const out: SwallowedCatch[] = [];
  const visit = (n: SyntaxNode) => {
    if (isPython(mod) && n.name === 'TryStatement') out.push(...pyExcepts(mod, n));
    if (!isPython(mod) && n.name === 'CatchClause') {
      const c = jsCatch(mod, n);
      if (c) out.push(c);
    }
    if (!isPython(mod) && n.name === 'CallExpression') {
      const c = promiseCatch(mod, n);
      if (c) out.push(c);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) visit(c);
  };
  visit(root);
  return out;
}

function pyExcepts(mod: CodeModule, tryNode: SyntaxNode): SwallowedCatch[] {
  const text = mod.source.text;
  const out: SwallowedCatch[] = [];
  const parts = kids(tryNode);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].name !== 'except') continue;
    let j = i + 1;
    let type: SyntaxNode | undefined;
    let param: SyntaxNode | undefined;
    if (parts[j] && parts[j].name !== 'Body' && parts[j].name !== 'as') type = parts[j++];
    if (parts[j]?.name === 'as') {
      param = parts[j + 1];
      j += 2;
    }
    const body = parts[j];
    if (body?.name !== 'Body') continue;
    if (type && !isBroad(mod, type)) continue;
    const statements = kids(body).filter((c) => c.name !== ':' && !COMMENTS.has(c.name));
    const verdict = inertBody(mod, statements, param);
    if (!verdict) continue;
    const headEnd = (param ?? type ?? parts[i]).to;
    out.push({ kind: 'py-except', head: { from: parts[i].from, to: headEnd }, body, statements, param, logs: verdict.logs, caught: type ? textOf(text, type) : '', returned: verdict.returned });
  }
  return out;
}

function isBroad(mod: CodeModule, type: SyntaxNode): boolean {
  if (type.name === 'TupleExpression' || type.name === 'ParenthesizedExpression') return kids(type).some((c) => isBroad(mod, c));
  if (type.name !== 'VariableName' && type.name !== 'MemberExpression') return false;
  const last = type.name === 'MemberExpression' ? type.lastChild : type;
  return BROAD_TYPES.has(textOf(mod.source.text, last));
}

function jsCatch(mod: CodeModule, clause: SyntaxNode): SwallowedCatch | undefined {
  const parts = kids(clause);
  const block = parts.find((p) => p.name === 'Block');
  if (!block) return undefined;
  const param = parts.find((p) => p.name === 'VariableDefinition');
  // A destructured parameter ({ message }) cannot be rethrown as it was.
  if (!param && parts.some((p) => p.name === 'ObjectPattern' || p.name === 'ArrayPattern')) return undefined;
  const statements = blockStatements(block);
  const verdict = inertBody(mod, statements, param);
  if (!verdict) return undefined;
  const close = parts.find((p) => p.name === ')');
  return { kind: 'js-catch', head: { from: clause.from, to: (close ?? parts[0]).to }, body: block, statements, param, paramSlot: parts[0], logs: verdict.logs, returned: verdict.returned };
}

function blockStatements(block: SyntaxNode): SyntaxNode[] {
  return kids(block).filter((c) => c.name !== '{' && c.name !== '}' && !COMMENTS.has(c.name));
}

/** `promise.catch(() => {})`, `.catch((e) => console.error(e))`, `.catch(console.error)`. */
function promiseCatch(mod: CodeModule, call: SyntaxNode): SwallowedCatch | undefined {
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const prop = callee.lastChild;
  if (prop?.name !== 'PropertyName' || textOf(mod.source.text, prop) !== 'catch') return undefined;
  const args = callArgs(mod, call);
  const fn = args.positional[0];
  if (!fn || args.positional.length !== 1) return undefined;
  const head = { from: prop.from, to: call.to };
  if (fn.name === 'MemberExpression') {
    // .catch(console.error): a logger as the handler.
    const path = dottedPath(mod, fn);
    const parts = path?.split('.') ?? [];
    return parts[0] === 'console' || (parts.length === 2 && parts[0].toLowerCase().includes('log'))
      ? { kind: 'js-promise-catch', head, body: fn, statements: [], logs: true }
      : undefined;
  }
  if (fn.name !== 'ArrowFunction' && fn.name !== 'FunctionExpression') return undefined;
  const fk = kids(fn);
  const paramList = fk.find((c) => c.name === 'ParamList');
  const param = paramList ? kids(paramList).find((c) => c.name === 'VariableDefinition') : fk.find((c) => c.name === 'VariableDefinition');
  if (paramList && kids(paramList).some((c) => c.name === 'ObjectPattern' || c.name === 'ArrayPattern')) return undefined;
  const block = fk.find((c) => c.name === 'Block');
  if (block) {
    const statements = blockStatements(block);
    const verdict = inertBody(mod, statements, param);
    return verdict ? { kind: 'js-promise-catch', head, body: block, statements, param, paramSlot: paramList ?? undefined, logs: verdict.logs, returned: verdict.returned } : undefined;
  }
  // Concise body: `() => undefined`, `(e) => console.log(e)`, `() => null`.
  const expr = fk[fk.length - 1];
  if (!expr) return undefined;
  const logs = isLoggingCall(mod, expr);
  if (!logs && !isSuccessValue(mod, expr)) return undefined;
  return { kind: 'js-promise-catch', head, body: expr, statements: [], param, logs };
}

/**
 * Every statement only logs, passes or returns success: the error goes nowhere. A return of
 * a failure marker or of the caught error is noted in `returned` for the caller to judge.
 */
function inertBody(mod: CodeModule, statements: SyntaxNode[], param?: SyntaxNode): { logs: boolean; returned?: SwallowedCatch['returned'] } | undefined {
  let logs = false;
  let returned: SwallowedCatch['returned'];
  for (const st of statements) {
    switch (st.name) {
      case 'PassStatement':
      case 'ContinueStatement':
      case 'BreakStatement':
      case 'EmptyStatement':
        continue;
      case 'ExpressionStatement': {
        const expr = unwrapAwait(st.firstChild);
        if (expr && (isLoggingCall(mod, expr) || isTracebackPrint(mod, expr))) {
          logs = true;
          continue;
        }
        if (expr?.name === 'Ellipsis' || (expr && textOf(mod.source.text, expr) === '...')) continue;
        return undefined;
      }
      case 'ReturnStatement': {
        const value = kids(st).find((c) => c.name !== 'return' && c.name !== ';');
        if (value && isFailureMarker(mod, value)) returned = { kind: 'failure', node: value };
        else if (value && param && value.name === 'VariableName' && textOf(mod.source.text, value) === textOf(mod.source.text, param)) returned = { kind: 'error', node: value };
        else if (value && !isSuccessValue(mod, value)) return undefined;
        continue;
      }
      default:
        return undefined;
    }
  }
  return { logs, returned };
}

/** Keys whose false value says "this failed": `{"success": False}`, `{ ok: false }`. */
const SUCCESS_KEYS = new Set(['success', 'succeeded', 'ok', 'processed']);
/** Keys whose presence says "this failed": `{"error": str(e)}`. */
const ERROR_KEYS = new Set(['error', 'errors', 'errorMessage', 'error_message', 'failed', 'failure']);
const FAILED_STATUS = new Set(['error', 'failed', 'failure', 'fail']);

/** A dict / object literal that tells its receiver the work failed (not a Lambda response with a statusCode). */
function isFailureMarker(mod: CodeModule, n: SyntaxNode): boolean {
  const text = mod.source.text;
  const props = objectProps(mod, n);
  if (!props || props.has('statusCode') || props.has('batchItemFailures')) return false;
  for (const [key, value] of props) {
    if (SUCCESS_KEYS.has(key) && ['False', 'false'].includes(textOf(text, value))) return true;
    if (ERROR_KEYS.has(key)) return true;
    if (key === 'status' && FAILED_STATUS.has((stringValue(mod, value) ?? '').toLowerCase())) return true;
  }
  return false;
}

function unwrapAwait(n: SyntaxNode | null): SyntaxNode | null {
  return n?.name === 'AwaitExpression' ? n.lastChild : n;
}

function isTracebackPrint(mod: CodeModule, n: SyntaxNode): boolean {
  return n.name === 'CallExpression' && ['traceback.print_exc', 'traceback.print_exception'].includes(calleePath(mod, n) ?? '');
}

/**
 * A value that tells the caller all went well: a literal, or a dict/object literal without a
 * failure statusCode (>= 400) or batchItemFailures. Anything computed is given the benefit of the doubt.
 */
function isSuccessValue(mod: CodeModule, n: SyntaxNode): boolean {
  const text = mod.source.text;
  if (['None', 'True', 'False', 'null', 'undefined', 'true', 'false', 'Number', 'String', 'Boolean'].includes(n.name)) return true;
  if (n.name === 'VariableName' && ['undefined', 'None'].includes(textOf(text, n))) return true;
  if (n.name === 'String' || n.name === 'TemplateString') return stringValue(mod, n) !== undefined;
  const props = objectProps(mod, n);
  if (!props) return false;
  if (props.has('batchItemFailures')) return false;
  const status = props.get('statusCode');
  if (!status) return true;
  if (status.name !== 'Number') return false;
  return Number(textOf(text, status)) < 400;
}
