/**
 * Language-aware queries over Lezer syntax trees, shared by the code rules.
 * Everything here reads the tree; nothing matches source text with patterns.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { walk } from './walk';

/** Node names that open a new function scope, per language family. */
const PY_SCOPES = new Set(['FunctionDefinition', 'LambdaExpression', 'ClassDefinition']);
const JS_SCOPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'ClassDeclaration', 'ClassExpression', 'MethodDeclaration']);

export function isPython(mod: CodeModule): boolean {
  return mod.language === 'python';
}

export function scopeNodeNames(mod: CodeModule): Set<string> {
  return isPython(mod) ? PY_SCOPES : JS_SCOPES;
}

/**
 * Visits the nodes of a function body that run when the function runs: nested
 * functions, lambdas and classes are not entered (their bodies run later, if ever).
 * `only`: the kinds of node the visitor wants (the others are stepped over without being built).
 */
export function walkBody(mod: CodeModule, fn: FunctionInfo | SyntaxNode, visit: (n: SyntaxNode) => boolean | void, only?: ReadonlySet<string>): void {
  const body = 'body' in fn ? (fn as FunctionInfo).body : (fn as SyntaxNode);
  walk(mod, body, visit, { only, prune: scopeNodeNames(mod) });
}

const CALLS = new Set(['CallExpression', 'NewExpression']);

/** Call and `new` expressions directly in a function body (not in nested functions). */
export function callsIn(mod: CodeModule, fn: FunctionInfo | SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walkBody(mod, fn, (n) => void out.push(n), CALLS);
  return out;
}

/**
 * The dotted path of a call's callee when it is a plain name chain:
 * `boto3.client(...)` → 'boto3.client', `new AWS.S3()` → 'AWS.S3', `fs.promises.writeFile` →
 * 'fs.promises.writeFile'. Computed or optional members give undefined.
 */
export function calleePath(mod: CodeModule, call: SyntaxNode): string | undefined {
  const callee = call.name === 'NewExpression' ? firstChildExcept(call, 'new') : call.firstChild;
  return callee ? dottedPath(mod, callee) : undefined;
}

// Called for most calls and members of every module: it steps to the children it reads instead of listing them all.
export function dottedPath(mod: CodeModule, n: SyntaxNode): string | undefined {
  if (n.name === 'VariableName' || n.name === 'this' || n.name === 'super') return textOf(mod.source.text, n);
  if (n.name === 'MemberExpression') {
    const obj = n.firstChild;
    const dot = obj?.nextSibling;
    if (!obj || !dot || (dot.name !== '.' && dot.name !== '?.')) return undefined;
    const prop = dot.nextSibling;
    if (!prop || prop.name !== 'PropertyName') return undefined;
    const base = dottedPath(mod, obj);
    return base === undefined ? undefined : `${base}.${textOf(mod.source.text, prop)}`;
  }
  if (n.name === 'ParenthesizedExpression') {
    const inner = firstChildExcept(n, '(', ')');
    return inner ? dottedPath(mod, inner) : undefined;
  }
  return undefined;
}

function firstChildExcept(n: SyntaxNode, ...names: string[]): SyntaxNode | null {
  let c = n.firstChild;
  while (c && names.includes(c.name)) c = c.nextSibling;
  return c;
}

export interface CallArgs {
  positional: SyntaxNode[];
  /** Python keyword arguments by name. */
  keywords: Map<string, SyntaxNode>;
  /** `*args`, `**kwargs`, `...spread`: the call has arguments we cannot see. */
  hasSpread: boolean;
  argList: SyntaxNode | null;
}

export function callArgs(mod: CodeModule, call: SyntaxNode): CallArgs {
  const argList = kid(call, 'ArgList');
  const out: CallArgs = { positional: [], keywords: new Map(), hasSpread: false, argList };
  if (!argList) return out;
  const parts = kids(argList).filter((p) => p.name !== '(' && p.name !== ')');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.name === ',') continue;
    if (p.name === '*' || p.name === '**' || p.name === 'Spread') {
      out.hasSpread = true;
      i++;
      continue;
    }
    if (isPython(mod) && p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      out.keywords.set(textOf(mod.source.text, p), parts[i + 2]);
      i += 2;
      continue;
    }
    out.positional.push(p);
  }
  return out;
}

/** Properties of a JS object literal by key, or of a Python dict literal with string keys. */
export function objectProps(mod: CodeModule, obj: SyntaxNode | undefined): Map<string, SyntaxNode> | undefined {
  if (!obj) return undefined;
  const out = new Map<string, SyntaxNode>();
  if (obj.name === 'ObjectExpression') {
    for (const p of kids(obj)) {
      if (p.name !== 'Property') continue;
      const pk = kids(p);
      const key = pk[0];
      if (!key || key.name === 'Spread') continue;
      const name = key.name === 'String' ? stringValue(mod, key) : textOf(mod.source.text, key);
      if (name === undefined) continue;
      out.set(name, pk.length >= 3 ? pk[pk.length - 1] : key); // shorthand { x } → the name itself
    }
    return out;
  }
  if (obj.name === 'DictionaryExpression') {
    const parts = kids(obj).filter((p) => p.name !== '{' && p.name !== '}' && p.name !== ',');
    for (let i = 0; i + 2 < parts.length + 1; i += 3) {
      const k = parts[i];
      const colon = parts[i + 1];
      const v = parts[i + 2];
      if (!k || colon?.name !== ':' || !v) break;
      const name = stringValue(mod, k);
      if (name !== undefined) out.set(name, v);
    }
    return out;
  }
  return undefined;
}

/**
 * The value of a string literal with no interpolation: Python '...' / "..." / r'...'
 * (not f-strings with fields), JS '...' / "..." / `...` without ${}.
 */
export function stringValue(mod: CodeModule, n: SyntaxNode | null | undefined): string | undefined {
  if (!n) return undefined;
  const raw = textOf(mod.source.text, n);
  if (n.name === 'String') {
    if (isPython(mod)) {
      let i = 0;
      while (i < raw.length && /[rRbBuU]/.test(raw[i])) i++;
      const prefix = raw.slice(0, i).toLowerCase();
      const body = raw.slice(i);
      const q = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
      const inner = body.slice(q, body.length - q);
      return prefix.includes('r') ? inner : unescape(inner);
    }
    return unescape(raw.slice(1, -1));
  }
  if (n.name === 'TemplateString' && !n.firstChild) return raw.slice(1, -1);
  if (n.name === 'FormatString' && !kid(n, 'FormatReplacement')) {
    const body = raw.replace(/^[fFrR]+/, '');
    const q = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
    return body.slice(q, body.length - q);
  }
  return undefined;
}

/**
 * The constant leading text of a string-like expression, when it has one: f"/tmp/{x}" →
 * '/tmp/', `/tmp/${x}` → '/tmp/', '/tmp/' + x → '/tmp/', os.path.join('/tmp', x) is left to callers.
 */
export function stringPrefix(mod: CodeModule, n: SyntaxNode | null | undefined): string | undefined {
  if (!n) return undefined;
  const full = stringValue(mod, n);
  if (full !== undefined) return full;
  const raw = textOf(mod.source.text, n);
  if (n.name === 'TemplateString') {
    const first = n.firstChild;
    return raw.slice(1, first ? first.from - n.from : raw.length - 1);
  }
  if (n.name === 'FormatString') {
    const body = raw.replace(/^[fFrR]+/, '');
    const q = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
    const first = kid(n, 'FormatReplacement');
    const prefixLen = raw.length - body.length;
    return first ? raw.slice(prefixLen + q, first.from - n.from) : undefined;
  }
  if (n.name === 'BinaryExpression') {
    const left = n.firstChild;
    const op = left?.nextSibling;
    if (left && op && textOf(mod.source.text, op) === '+') return stringPrefix(mod, left);
  }
  if (n.name === 'ParenthesizedExpression') return stringPrefix(mod, kids(n)[1]);
  return undefined;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}

const NAMES = new Set(['VariableName']);

/** Identifier reads inside `n` (not property names, not definitions). */
export function namesRead(mod: CodeModule, n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  if (n.name === 'VariableName') out.push(n);
  walk(
    mod,
    n,
    (x) => {
      // Python keyword argument names are VariableName followed by AssignOp inside an ArgList: not reads.
      if (isPython(mod) && x.parent?.name === 'ArgList' && x.nextSibling?.name === 'AssignOp') return;
      out.push(x);
    },
    { only: NAMES },
  );
  return out;
}

const DEFINITIONS = new Set(['VariableDefinition']);
const PY_LOCAL_BINDERS = new Set(['ScopeStatement', 'AssignStatement', 'UpdateStatement', 'ForStatement', 'WithStatement', 'TryStatement']);
/** Declarations (and nested function / class names, which walkBody does not reach). */
const NAMED_SCOPES = new Set(['FunctionDefinition', 'FunctionDeclaration', 'ClassDefinition', 'ClassDeclaration']);
/** The scopes a walk for nested function names does not enter (the named ones it visits, and stops at). */
const PY_UNNAMED_SCOPES = new Set([...PY_SCOPES].filter((s) => !NAMED_SCOPES.has(s)));
const JS_UNNAMED_SCOPES = new Set([...JS_SCOPES].filter((s) => !NAMED_SCOPES.has(s)));

/**
 * Names bound inside a function (parameters, assignments, loop and with/except targets,
 * declarations), not counting nested functions. Python `global` names are excluded.
 */
export function localNames(mod: CodeModule, fn: FunctionInfo): Set<string> {
  const text = mod.source.text;
  const out = new Set<string>(fn.params.map((p) => p.name));
  // Destructured JS params ({ body }) bind their inner names.
  const pl = kid(fn.node, 'ParamList');
  if (pl) walk(mod, pl, (n) => void out.add(textOf(text, n)), { only: DEFINITIONS });
  const globals = new Set<string>();
  walkBody(mod, fn, (n) => {
    if (isPython(mod)) {
      if (n.name === 'ScopeStatement') for (const v of kids(n)) if (v.name === 'VariableName') globals.add(textOf(text, v));
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        for (const c of kids(n)) {
          if (c.name === 'AssignOp' || c.name === 'UpdateOp') break;
          collectPyTargets(c, text, out);
        }
      }
      if (n.name === 'ForStatement' || n.name === 'WithStatement' || n.name === 'TryStatement') {
        const parts = kids(n);
        parts.forEach((p, i) => {
          if (n.name === 'ForStatement' && p.name === 'VariableName' && parts.findIndex((x) => x.name === 'in') > i) out.add(textOf(text, p));
          if (p.name === 'as' && parts[i + 1]?.name === 'VariableName') out.add(textOf(text, parts[i + 1]));
        });
      }
      if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') {
        const nm = kid(n, 'VariableName');
        if (nm) out.add(textOf(text, nm));
      }
    } else if (n.name === 'VariableDefinition') {
      out.add(textOf(text, n));
    }
  }, isPython(mod) ? PY_LOCAL_BINDERS : DEFINITIONS);
  // Nested function/class names are bindings too even though walkBody does not enter them.
  // (Every named scope is a scope of its language: the walk stops at each.)
  walk(
    mod,
    fn.body,
    (n) => {
      if (n.parent && (n.parent === fn.body || n.parent.parent === fn.body)) {
        const nm = kid(n, isPython(mod) ? 'VariableName' : 'VariableDefinition');
        if (nm) out.add(textOf(text, nm));
      }
      return false;
    },
    { only: NAMED_SCOPES, prune: isPython(mod) ? PY_UNNAMED_SCOPES : JS_UNNAMED_SCOPES },
  );
  for (const g of globals) out.delete(g);
  return out;
}

function collectPyTargets(n: SyntaxNode, text: string, out: Set<string>): void {
  if (n.name === 'VariableName') out.add(textOf(text, n));
  else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression')
    for (const c of kids(n)) collectPyTargets(c, text, out);
}

const SCOPE_STATEMENTS = new Set(['ScopeStatement']);

/** Names a Python function declares `global`. */
export function globalDeclarations(mod: CodeModule, fn: FunctionInfo): Set<string> {
  const out = new Set<string>();
  if (!isPython(mod)) return out;
  walkBody(
    mod,
    fn,
    (n) => {
      if (n.firstChild?.name === 'global') for (const v of kids(n)) if (v.name === 'VariableName') out.add(textOf(mod.source.text, v));
    },
    SCOPE_STATEMENTS,
  );
  return out;
}

const STATEMENT_PARENTS = new Set(['Body', 'Block', 'Script', 'SwitchBody']);

/** The statement that holds `n` (the child of a Body/Block/Script on its ancestor chain). */
export function enclosingStatement(n: SyntaxNode): SyntaxNode {
  let cur = n;
  while (cur.parent && !STATEMENT_PARENTS.has(cur.parent.name)) cur = cur.parent;
  return cur;
}

/**
 * Module-level functions the handler calls directly by name, transitively
 * (a client created in a helper the handler calls is still created on every invocation).
 */
export function calledModuleFunctions(mod: CodeModule, fn: FunctionInfo): FunctionInfo[] {
  const byLocal = new Map<string, FunctionInfo>();
  for (const f of mod.functions.values()) byLocal.set(f.localName, f);
  const out: FunctionInfo[] = [];
  const seen = new Set<SyntaxNode>([fn.node]);
  const queue = [fn];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const call of callsIn(mod, cur)) {
      if (call.name !== 'CallExpression') continue;
      const callee = call.firstChild;
      if (callee?.name !== 'VariableName') continue;
      const target = byLocal.get(textOf(mod.source.text, callee));
      if (target && !seen.has(target.node)) {
        seen.add(target.node);
        out.push(target);
        queue.push(target);
      }
    }
  }
  return out;
}

/** Import binding for a local name: `boto3` → { module: 'boto3', imported: '*' }. */
export function importOf(mod: CodeModule, local: string): { module: string; imported: string } | undefined {
  for (const imp of mod.imports) for (const b of imp.bindings) if (b.local === local) return { module: imp.module, imported: b.imported };
  return undefined;
}
