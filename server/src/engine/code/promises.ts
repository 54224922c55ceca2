/**
 * JS/TS promise mistakes that make a handler return before its work is done: an async
 * callback given to forEach (nobody waits for it), and a promise-returning call left as a
 * bare statement (neither awaited, returned, chained nor explicitly `void`-ed). Once the
 * handler's promise settles, Lambda freezes the environment: the pending work stops, and
 * resumes (or times out) in some later invocation.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { callArgs, calleePath, walkBody } from './syntax';
import { walk } from './walk';

const FUNCTION_NODES = new Set(['ArrowFunction', 'FunctionExpression']);
const CALLS = new Set(['CallExpression']);
const STATEMENTS = new Set(['ExpressionStatement']);

export interface PromisePitfall {
  kind: 'forEach-async' | 'floating';
  node: SyntaxNode;
  /** What the call is, for the message: `s3.send(...)`, `saveItem(...)`, `fetch(...)`. */
  label: string;
}

/** `items.forEach(async (x) => ...)` anywhere in the function (callbacks included). */
export function asyncForEach(mod: CodeModule, fn: FunctionInfo): PromisePitfall[] {
  const out: PromisePitfall[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.name !== 'CallExpression') return;
    const callee = n.firstChild;
    if (callee?.name !== 'MemberExpression' || textOf(mod.source.text, callee.lastChild) !== 'forEach') return;
    const cb = callArgs(mod, n).positional[0];
    if (cb && FUNCTION_NODES.has(cb.name) && cb.firstChild?.name === 'async') out.push({ kind: 'forEach-async', node: n, label: `${textOf(mod.source.text, callee)}(async ...)` });
  };
  // Every descendant: an async forEach inside a nested callback is as lost as one in the body.
  visit(fn.body);
  walk(mod, fn.body, visit, { only: CALLS });
  return out;
}

/**
 * Bare statements that start a promise and drop it: `client.send(new PutCommand(...))` (AWS
 * SDK v3), `s3.putObject(p).promise()` (v2), `fetch(url)`, a call to an async function of the
 * module. Only statements that run as the function runs (not inside nested callbacks).
 */
export function floatingPromises(mod: CodeModule, fn: FunctionInfo): PromisePitfall[] {
  const asyncFns = new Set<string>();
  for (const f of mod.functions.values()) if (f.isAsync) asyncFns.add(f.localName);
  const v3Clients = sdkV3Clients(mod);
  const text = mod.source.text;
  const out: PromisePitfall[] = [];
  walkBody(mod, fn, (n) => {
    const call = n.firstChild;
    if (call?.name !== 'CallExpression') return;
    const path = calleePath(mod, call);
    const callee = call.firstChild!;
    const method = callee.name === 'MemberExpression' ? textOf(text, callee.lastChild) : undefined;
    let promise = false;
    if (path === 'fetch' && !mod.moduleNames.has('fetch')) promise = true;
    else if (callee.name === 'VariableName' && asyncFns.has(textOf(text, callee))) promise = true;
    else if (method === 'promise' && !callArgs(mod, call).positional.length) promise = true;
    else if (method === 'send') {
      const obj = callee.firstChild;
      const arg = callArgs(mod, call).positional[0];
      const commandArg = arg?.name === 'NewExpression' && (calleePath(mod, arg) ?? '').endsWith('Command');
      promise = commandArg || (obj?.name === 'VariableName' && v3Clients.has(textOf(text, obj)));
    }
    if (promise) out.push({ kind: 'floating', node: call, label: label(mod, call) });
  }, STATEMENTS);
  return out;
}

/** Module-level names bound to `new XClient(...)` / `XDocumentClient.from(...)` (AWS SDK v3). */
function sdkV3Clients(mod: CodeModule): Set<string> {
  const out = new Set<string>();
  const text = mod.source.text;
  for (const st0 of mod.topStatements) {
    const st = st0.name === 'ExportDeclaration' ? (kids(st0).find((c) => c.name === 'VariableDeclaration') ?? st0) : st0;
    if (st.name !== 'VariableDeclaration') continue;
    const parts = kids(st);
    const eq = parts.findIndex((p) => p.name === 'Equals');
    const init = parts[eq + 1];
    if (eq < 1 || parts[eq - 1].name !== 'VariableDefinition' || !init) continue;
    const ctor = calleePath(mod, init) ?? '';
    if ((init.name === 'NewExpression' && ctor.endsWith('Client')) || (init.name === 'CallExpression' && ctor.endsWith('Client.from'))) out.add(textOf(text, parts[eq - 1]));
  }
  return out;
}

function label(mod: CodeModule, call: SyntaxNode): string {
  const text = mod.source.text;
  const callee = call.firstChild!;
  const raw = textOf(text, callee);
  const short = raw.length <= 50 && !raw.includes('\n') ? raw : (calleePath(mod, call) ?? 'this call');
  return `${short}(...)`;
}
