/**
 * Writes to the process environment: `os.environ['X'] = v`, `os.environ.update(...)`,
 * `os.putenv('X', v)`, `del os.environ['X']`, `process.env.X = v`, `delete process.env.X`,
 * `Object.assign(process.env, {...})`. Only names known from literals are reported.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { jsImported, pyQualified } from './qualify';
import { callArgs, calleePath, dottedPath, isPython, objectProps, stringValue } from './syntax';
import { walkModule } from './walk';

export interface EnvWrite {
  /** The variable's name. */
  name: string;
  /** What to point at: the target, or the key of an update/assign. */
  node: SyntaxNode;
  kind: 'set' | 'delete';
}

/** The nodes pythonWrite / jsWrite look at. */
const PY_WRITES = new Set(['AssignStatement', 'UpdateStatement', 'DeleteStatement', 'CallExpression']);
const JS_WRITES = new Set(['AssignmentExpression', 'UnaryExpression', 'CallExpression']);

export function envWrites(mod: CodeModule): EnvWrite[] {
  const out: EnvWrite[] = [];
  // Calls (and JS assignments and deletes) that write the environment start with the name of an
  // import, `process`, `globalThis`, `Object`, `delete` or a parenthesis: the text tells which
  // nodes can. Statements hold their targets anywhere, so all of them are looked at.
  const text = mod.source.text;
  const roots = mod.imports.flatMap((i) => i.bindings.map((b) => b.local));
  if (!isPython(mod)) roots.push('process', 'globalThis', 'Object', 'delete');
  const where = (name: string, from: number) => name.endsWith('Statement') || text[from] === '(' || roots.some((r) => text.startsWith(r, from));
  if (isPython(mod)) walkModule(mod, (n) => pythonWrite(mod, n, out), { only: PY_WRITES, where });
  else walkModule(mod, (n) => jsWrite(mod, n, out), { only: JS_WRITES, where });
  return out;
}

function isPyEnviron(mod: CodeModule, n: SyntaxNode | null | undefined): boolean {
  const path = n ? dottedPath(mod, n) : undefined;
  return !!path && pyQualified(mod, path) === 'os.environ';
}

/** `<environ>[<string>]` → the key literal. */
function pySubscriptKey(mod: CodeModule, target: SyntaxNode): SyntaxNode | undefined {
  if (target.name !== 'MemberExpression') return undefined;
  const [obj, open, key] = kids(target);
  if (open?.name !== '[' || !isPyEnviron(mod, obj)) return undefined;
  return stringValue(mod, key) !== undefined ? key : undefined;
}

function pythonWrite(mod: CodeModule, n: SyntaxNode, out: EnvWrite[]): void {
  if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
    const parts = kids(n);
    parts.forEach((p, i) => {
      if (parts[i + 1]?.name !== 'AssignOp' && parts[i + 1]?.name !== 'UpdateOp') return;
      const key = pySubscriptKey(mod, p);
      if (key) out.push({ name: stringValue(mod, key)!, node: p, kind: 'set' });
    });
  }
  if (n.name === 'DeleteStatement') {
    for (const t of kids(n)) {
      const key = pySubscriptKey(mod, t);
      if (key) out.push({ name: stringValue(mod, key)!, node: t, kind: 'delete' });
    }
  }
  if (n.name !== 'CallExpression') return;
  const path = calleePath(mod, n);
  const q = path ? pyQualified(mod, path) : undefined;
  const args = callArgs(mod, n);
  const first = args.positional[0];
  switch (q) {
    case 'os.putenv':
    case 'os.environ.setdefault':
      if (stringValue(mod, first) !== undefined) out.push({ name: stringValue(mod, first)!, node: n, kind: 'set' });
      break;
    case 'os.unsetenv':
    case 'os.environ.pop':
      if (stringValue(mod, first) !== undefined) out.push({ name: stringValue(mod, first)!, node: n, kind: 'delete' });
      break;
    case 'os.environ.update': {
      for (const name of args.keywords.keys()) out.push({ name, node: keywordName(n, name, mod) ?? n, kind: 'set' });
      for (const [name, value] of objectProps(mod, first) ?? []) out.push({ name, node: keyOf(value) ?? n, kind: 'set' });
      break;
    }
  }
}

function keywordName(call: SyntaxNode, name: string, mod: CodeModule): SyntaxNode | undefined {
  const list = kids(call).find((c) => c.name === 'ArgList');
  return list ? kids(list).find((c) => c.name === 'VariableName' && textOf(mod.source.text, c) === name && c.nextSibling?.name === 'AssignOp') : undefined;
}

/** The key node that precedes a dict / object value (`'X': v` → `'X'`). */
function keyOf(value: SyntaxNode): SyntaxNode | undefined {
  const colon = value.prevSibling;
  if (colon?.name !== ':') return undefined;
  return colon.prevSibling ?? undefined;
}

function isProcessEnv(mod: CodeModule, n: SyntaxNode | null | undefined): boolean {
  if (!n) return false;
  const path = dottedPath(mod, n);
  if (path === 'process.env' || path === 'globalThis.process.env') return true;
  // import { env } from 'node:process'
  const t = path ? jsImported(mod, path) : undefined;
  return !!t && t.module === 'process' && t.member === 'env';
}

/** `process.env.X` / `process.env['X']` → X. */
function jsEnvMember(mod: CodeModule, target: SyntaxNode | null | undefined): string | undefined {
  if (target?.name !== 'MemberExpression') return undefined;
  const [obj, op, prop] = kids(target);
  if (!isProcessEnv(mod, obj)) return undefined;
  if ((op?.name === '.' || op?.name === '?.') && prop?.name === 'PropertyName') return textOf(mod.source.text, prop);
  if (op?.name === '[') return stringValue(mod, prop);
  return undefined;
}

function jsWrite(mod: CodeModule, n: SyntaxNode, out: EnvWrite[]): void {
  if (n.name === 'AssignmentExpression') {
    const name = jsEnvMember(mod, n.firstChild);
    if (name) out.push({ name, node: n.firstChild!, kind: 'set' });
  }
  if (n.name === 'UnaryExpression' && n.firstChild?.name === 'delete') {
    const target = n.firstChild.nextSibling;
    const name = jsEnvMember(mod, target);
    if (name) out.push({ name, node: target!, kind: 'delete' });
  }
  if (n.name === 'CallExpression' && calleePath(mod, n) === 'Object.assign') {
    const [target, ...sources] = callArgs(mod, n).positional;
    if (!isProcessEnv(mod, target)) return;
    for (const s of sources) for (const [name, value] of objectProps(mod, s) ?? []) out.push({ name, node: keyOf(value) ?? value, kind: 'set' });
  }
}
