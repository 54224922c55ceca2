/**
 * Environment variable reads in a module, from the syntax tree:
 * Python `os.environ['X']`, `os.environ.get('X'[, d])`, `os.getenv('X'[, d])`, `'X' in os.environ`
 * (also through `from os import environ, getenv`); JS/TS `process.env.X`, `process.env['X']`,
 * `const { X, Y = 'd' } = process.env`, `'X' in process.env`.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import { perModule } from './memo';
import type { CodeModule } from './model';
import { callArgs, dottedPath, importOf, isPython, stringValue } from './syntax';
import { walkModule } from './walk';

export interface EnvRead {
  name: string;
  /** The whole read expression. */
  node: SyntaxNode;
  /** The variable's name in the source (string literal or property / binding name). */
  nameSpan: { from: number; to: number };
  /**
   * The code copes with the variable being absent: a default value (`.get('X', 'd')`,
   * `?? 'd'`, `|| 'd'`, `or 'd'`, a destructuring default), or it only tests for it.
   */
  tolerant: boolean;
}

export interface EnvReads {
  reads: EnvRead[];
  /** The environment is read as a whole or by a computed name: any declared variable may be used. */
  dynamic: boolean;
}

/** Shared by every caller (LA302, LA304 via awsWrites): treat the result as read-only. */
export const envReads: (mod: CodeModule) => EnvReads = perModule((mod) => (isPython(mod) ? pythonReads(mod) : jsReads(mod)));

// ---------------- Python ----------------

/** The nodes a Python read can be (and the names `os.environ` can hide behind). */
const PY_READS = new Set(['VariableName', 'CallExpression', 'MemberExpression', 'BinaryExpression']);

function pythonReads(mod: CodeModule): EnvReads {
  const out: EnvReads = { reads: [], dynamic: false };
  // Every read goes through a name imported from `os`: without one there is nothing to find, and
  // a lone name that is not one of them is no read (most nodes of a tree are such names).
  const osNames = new Set(mod.imports.filter((i) => i.module === 'os').flatMap((i) => i.bindings.map((b) => b.local)));
  if (!osNames.size) return out;
  const isEnviron = (n: SyntaxNode | null | undefined): boolean => {
    if (!n) return false;
    const p = dottedPath(mod, n);
    if (!p) return false;
    const [base, ...rest] = p.split('.');
    const imp = importOf(mod, base);
    if (!imp || imp.module !== 'os') return false;
    return (imp.imported === '*' || imp.imported === 'os') ? rest.join('.') === 'environ' : imp.imported === 'environ' && rest.length === 0;
  };
  const isGetenv = (n: SyntaxNode | null | undefined): boolean => {
    const p = n ? dottedPath(mod, n) : undefined;
    if (!p) return false;
    const [base, ...rest] = p.split('.');
    const imp = importOf(mod, base);
    if (!imp || imp.module !== 'os') return false;
    return (imp.imported === '*' || imp.imported === 'os') ? rest.join('.') === 'getenv' : imp.imported === 'getenv' && rest.length === 0;
  };
  const handled = new Set<number>();
  // A call or member that reads the environment starts with one of those names (its dotted path's
  // first part), perhaps in parentheses: the text tells which nodes can.
  const text = mod.source.text;
  const names = [...osNames];
  const startsWithOsName = (from: number) => text[from] === '(' || names.some((name) => text.startsWith(name, from));
  walkModule(mod, (n) => {
    if (n.name === 'VariableName' && !osNames.has(textOf(mod.source.text, n))) return undefined;
    if (n.name === 'CallExpression') {
      const callee = n.firstChild;
      let viaGet = false;
      if (callee?.name === 'MemberExpression' && isEnviron(callee.firstChild)) {
        const method = textOf(mod.source.text, callee.lastChild);
        viaGet = method === 'get' || method === 'setdefault' || method === 'pop';
        handled.add(callee.firstChild!.from);
        if (!viaGet) {
          out.dynamic = true; // environ.copy(), environ.items(), ...
          return;
        }
      }
      if (!viaGet && !isGetenv(callee)) return;
      const args = callArgs(mod, n);
      const key = args.positional[0];
      const name = stringValue(mod, key);
      if (name === undefined || !key) {
        out.dynamic = true;
        return;
      }
      const hasDefault = args.positional.length > 1 || args.keywords.has('default');
      out.reads.push({ name, node: n, nameSpan: { from: key.from, to: key.to }, tolerant: hasDefault || tolerantContext(mod, n) });
      return;
    }
    if (n.name === 'MemberExpression' && kid(n, '[') && isEnviron(n.firstChild)) {
      handled.add(n.firstChild!.from);
      const key = kids(n).find((c, i) => i > 0 && c.name !== '[' && c.name !== ']');
      const name = stringValue(mod, key);
      if (name === undefined || !key) {
        out.dynamic = true;
        return;
      }
      if (isAssignTarget(n) || n.parent?.name === 'DeleteStatement') return; // a write, not a read
      out.reads.push({ name, node: n, nameSpan: { from: key.from, to: key.to }, tolerant: tolerantContext(mod, n) });
      return;
    }
    if (n.name === 'BinaryExpression' && kid(n, 'in') && isEnviron(n.lastChild)) {
      handled.add(n.lastChild!.from);
      const name = stringValue(mod, n.firstChild);
      if (name !== undefined) out.reads.push({ name, node: n, nameSpan: { from: n.firstChild!.from, to: n.firstChild!.to }, tolerant: true });
      return;
    }
    // `os.environ` used any other way (passed whole, iterated, `**os.environ`).
    if ((n.name === 'MemberExpression' || n.name === 'VariableName') && !handled.has(n.from) && isEnviron(n) && n.parent?.name !== 'MemberExpression') {
      if (n.parent?.name !== 'ImportStatement') out.dynamic = true;
    }
    return undefined;
  }, { only: PY_READS, where: (name, from, to) => (name === 'VariableName' ? osNames.has(text.slice(from, to)) : name === 'BinaryExpression' || startsWithOsName(from)) });
  return out;
}

function isAssignTarget(n: SyntaxNode): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.name === 'AssignStatement' || p.name === 'UpdateStatement') {
    for (const c of kids(p)) {
      if (c.name === 'AssignOp' || c.name === 'UpdateOp') return false;
      if (c.from === n.from && c.to === n.to) return true;
    }
  }
  if (p.name === 'AssignmentExpression') return p.firstChild?.from === n.from && p.firstChild?.to === n.to;
  return false;
}

/**
 * Whether the value read at `n` is given a fallback or only tested: the left operand of
 * `or` / `??` / `||`, an operand of `and` / `&&`, the test of an `if` or a conditional expression.
 */
function tolerantContext(mod: CodeModule, n: SyntaxNode): boolean {
  let cur = n;
  // `process.env.X?.trim()` still is the same read.
  while (cur.parent?.name === 'ParenthesizedExpression') cur = cur.parent;
  const p = cur.parent;
  if (!p) return false;
  if (p.name === 'BinaryExpression') {
    const op = kids(p).find((c) => c.name === 'LogicOp' || c.name === 'or' || c.name === 'and');
    const opText = op ? textOf(mod.source.text, op) : '';
    if (opText === 'and' || opText === '&&') return true;
    if ((opText === 'or' || opText === '||' || opText === '??') && p.firstChild?.from === cur.from) return true;
    return false;
  }
  if (p.name === 'ConditionalExpression') {
    // JS: test ? a : b (the test is the first child); Python: a if test else b (the test follows `if`).
    if (isPython(mod)) {
      const ifKw = kid(p, 'if');
      return !!ifKw && ifKw.nextSibling?.from === cur.from;
    }
    return p.firstChild?.from === cur.from;
  }
  if (p.name === 'IfStatement' || p.name === 'WhileStatement') return true;
  if (p.name === 'ParenthesizedExpression' && (p.parent?.name === 'IfStatement' || p.parent?.name === 'WhileStatement')) return true;
  if (p.name === 'UnaryExpression') return true; // `not os.getenv('X')`, `!process.env.X`
  return false;
}

// ---------------- JavaScript / TypeScript ----------------

/** What `process.env` can be written as. */
const PROCESS_ENV_NODES = new Set(['MemberExpression', 'ParenthesizedExpression']);

function jsReads(mod: CodeModule): EnvReads {
  const out: EnvReads = { reads: [], dynamic: false };
  const text = mod.source.text;
  // A module that binds its own `process` reads no environment through it.
  if (mod.moduleNames.has('process')) return out;
  // `process.env` is a member expression, perhaps in parentheses: other nodes need no closer look.
  // Its dotted path starts with its first name, perhaps in parentheses: the text tells which can be.
  const startsLikeProcess = (_: string, from: number) => text.startsWith('process', from) || text[from] === '(';
  walkModule(mod, (n) => {
    if (dottedPath(mod, n) !== 'process.env') return undefined;
    const p = n.parent;
    if (p?.name === 'MemberExpression' && p.firstChild?.from === n.from && p.firstChild.to === n.to) {
      const parts = kids(p);
      const prop = parts[2];
      let name: string | undefined;
      if (prop?.name === 'PropertyName') name = textOf(text, prop);
      else if (parts[1]?.name === '[') name = stringValue(mod, prop);
      if (name === undefined || !prop) {
        out.dynamic = true;
        return false;
      }
      if (isAssignTarget(p) || p.parent?.name === 'UnaryExpression' && kid(p.parent, 'delete')) return false;
      out.reads.push({ name, node: p, nameSpan: { from: prop.from, to: prop.to }, tolerant: tolerantContext(mod, p) });
      return false;
    }
    if (p?.name === 'VariableDeclaration' || p?.name === 'AssignmentExpression') {
      const pattern = kids(p).find((c) => c.name === 'ObjectPattern');
      if (pattern) {
        for (const pp of kids(pattern)) {
          if (pp.name === 'Spread' || (pp.name === 'PatternProperty' && kid(pp, 'Spread'))) out.dynamic = true;
          if (pp.name !== 'PatternProperty') continue;
          const key = pp.firstChild;
          if (!key) continue;
          const name = key.name === 'String' ? stringValue(mod, key) : textOf(text, key);
          if (name === undefined) {
            out.dynamic = true;
            continue;
          }
          out.reads.push({ name, node: pp, nameSpan: { from: key.from, to: key.to }, tolerant: !!kid(pp, 'Equals') });
        }
        return false;
      }
    }
    if (p?.name === 'BinaryExpression' && kids(p).some((c) => textOf(text, c) === 'in') && p.lastChild?.from === n.from) {
      const name = stringValue(mod, p.firstChild);
      if (name !== undefined) out.reads.push({ name, node: p, nameSpan: { from: p.firstChild!.from, to: p.firstChild!.to }, tolerant: true });
      return false;
    }
    out.dynamic = true; // passed whole, spread, Object.keys(process.env), ...
    return false;
  }, { only: PROCESS_ENV_NODES, where: startsLikeProcess });
  return out;
}
