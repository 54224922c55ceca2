/**
 * Where the value an exception handler returns ends up, for LA105: a helper whose `except`
 * returns `{"success": False}` to a handler that checks it has reported the failure; a
 * `records.map(async ...)` callback whose catch returns the error resolves its promise, so
 * `Promise.all` succeeds and the failure is lost.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { calleePath, callsIn, isPython, scopeNodeNames, walkBody } from './syntax';

const NAMES = new Set(['VariableName']);

/** The innermost function (def, lambda, arrow, function expression) around `n`. */
export function enclosingFunction(mod: CodeModule, n: SyntaxNode): SyntaxNode | undefined {
  const scopes = scopeNodeNames(mod);
  for (let p = n.parent; p; p = p.parent) if (scopes.has(p.name)) return p;
  return undefined;
}

/**
 * Every call of `helper` in `callers` uses the result: it tests, indexes or passes it on, or
 * stores it in a name read afterwards. A call whose value is dropped or returned straight out
 * of the handler leaves the failure marker unread. False when no call is found.
 */
export function resultInspected(mod: CodeModule, helper: FunctionInfo, callers: FunctionInfo[]): boolean {
  const text = mod.source.text;
  let sites = 0;
  for (const caller of callers) {
    if (caller.node.from === helper.node.from) continue;
    for (const call of callsIn(mod, caller)) {
      const callee = call.firstChild;
      if (call.name !== 'CallExpression' || callee?.name !== 'VariableName' || textOf(text, callee) !== helper.localName) continue;
      sites++;
      if (!callSiteInspects(mod, caller, call)) return false;
    }
  }
  return sites > 0;
}

function callSiteInspects(mod: CodeModule, caller: FunctionInfo, call: SyntaxNode): boolean {
  let e = call;
  while (e.parent?.name === 'AwaitExpression') e = e.parent;
  const p = e.parent;
  if (!p || p.name === 'ExpressionStatement' || p.name === 'ReturnStatement') return false;
  const target = assignedName(mod, p, e);
  if (target === null) return false; // assigned to something we cannot follow
  if (target === undefined) return true; // used in place: a condition, an index, an argument
  let read = false;
  walkBody(mod, caller, (n) => {
    if (read || n.from <= e.to || textOf(mod.source.text, n) !== target) return;
    if (!isAssignTarget(n)) read = true;
  }, NAMES);
  return read;
}

/** The name `value` is assigned to in `stmt`; undefined when `stmt` is no assignment; null when the target is not a plain name. */
function assignedName(mod: CodeModule, stmt: SyntaxNode, value: SyntaxNode): string | null | undefined {
  const text = mod.source.text;
  if (isPython(mod) && stmt.name === 'AssignStatement') {
    const parts = kids(stmt);
    return parts.length === 3 && parts[0].name === 'VariableName' && same(parts[2], value) ? textOf(text, parts[0]) : null;
  }
  if (!isPython(mod) && stmt.name === 'VariableDeclaration') {
    const parts = kids(stmt);
    const at = parts.findIndex((c) => same(c, value));
    const name = parts[at - 2];
    return at >= 2 && parts[at - 1].name === 'Equals' && name.name === 'VariableDefinition' ? textOf(text, name) : null;
  }
  if (!isPython(mod) && stmt.name === 'AssignmentExpression') {
    const parts = kids(stmt);
    return parts[0]?.name === 'VariableName' ? textOf(text, parts[0]) : null;
  }
  return undefined;
}

/** Syntax nodes are created on demand: the same node may be two objects. */
export function same(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.from === b.from && a.to === b.to && a.name === b.name;
}

function isAssignTarget(n: SyntaxNode): boolean {
  const p = n.parent;
  return !!p && (p.name === 'AssignStatement' || p.name === 'AssignmentExpression') && same(p.firstChild, n) && !!n.nextSibling && ['AssignOp', 'Equals'].includes(n.nextSibling.name);
}

/** `Promise.all(xs.map(async (x) => ...))` (or allSettled): `fn` is the mapped callback. */
export function isPromiseAllMapCallback(mod: CodeModule, fn: SyntaxNode): boolean {
  if (isPython(mod) || (fn.name !== 'ArrowFunction' && fn.name !== 'FunctionExpression')) return false;
  const mapCall = fn.parent?.name === 'ArgList' ? fn.parent.parent : undefined;
  const callee = mapCall?.name === 'CallExpression' ? mapCall.firstChild : undefined;
  if (callee?.name !== 'MemberExpression' || textOf(mod.source.text, callee.lastChild) !== 'map') return false;
  const all = mapCall!.parent?.name === 'ArgList' ? mapCall!.parent.parent : undefined;
  const path = all?.name === 'CallExpression' ? calleePath(mod, all) : undefined;
  return path === 'Promise.all' || path === 'Promise.allSettled';
}
