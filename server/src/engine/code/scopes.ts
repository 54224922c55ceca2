/**
 * Which names a function binds or writes, seen from inside it: what tells a value computed
 * once at module scope from one computed per invocation. Conservative on purpose: a name
 * bound anywhere in the function (nested functions, lambdas, comprehensions included) counts
 * as a local, because treating a per-invocation value as module-level would suggest a wrong hoist.
 */
import type { SyntaxNode } from '@lezer/common';
import { descend, kids, textOf } from '../parse/code';
import type { DescendFilter } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { globalDeclarations, isPython, localNames, namesRead } from './syntax';
import { walk } from './walk';

/**
 * The Python nodes with a `for` child (loops, comprehensions, a generator as the argument of a
 * call) and with an `as` child (imports, with, except, match patterns), as @lezer/python builds
 * them from valid code (test/engine/walk.test.ts checks it). A tree with errors is walked whole.
 */
export const PY_FOR_PARENTS = new Set(['ForStatement', 'ComprehensionExpression', 'ArrayComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'ArgList']);
export const PY_AS_PARENTS = new Set(['ImportStatement', 'WithStatement', 'TryStatement', 'AsPattern']);
const PY_BINDERS: DescendFilter = {
  only: new Set(['ParamList', 'AssignStatement', 'UpdateStatement', 'NamedExpression', 'FunctionDefinition', 'ClassDefinition', ...PY_FOR_PARENTS, ...PY_AS_PARENTS]),
};
const PY_ASSIGNERS: DescendFilter = { only: new Set(['AssignStatement', 'UpdateStatement', 'NamedExpression', ...PY_FOR_PARENTS, ...PY_AS_PARENTS]) };
const DEFINITIONS: DescendFilter = { only: new Set(['VariableDefinition']) };
const JS_ASSIGNERS: DescendFilter = { only: new Set(['AssignmentExpression', 'UpdateExpression']) };
const JS_BINDERS: DescendFilter = { only: new Set(['AssignmentExpression', 'UpdateExpression', 'VariableDefinition']) };
const PROPERTIES: DescendFilter = { only: new Set(['Property']) };

/** A walk of `fn` for the nodes `filter` names; of every node when the tree has errors (see PY_FOR_PARENTS). */
function walkFunction(mod: CodeModule, fn: FunctionInfo, visit: (n: SyntaxNode) => void, filter: DescendFilter): void {
  if (mod.syntaxError) descend(fn.node, visit);
  else walk(mod, fn.node, visit, filter);
}

/** Every name bound anywhere inside `fn` (its params, locals, and those of nested scopes). Python `global` names excluded. */
export function boundNamesDeep(mod: CodeModule, fn: FunctionInfo): Set<string> {
  const out = localNames(mod, fn);
  const text = mod.source.text;
  const add = (n: SyntaxNode | undefined | null) => {
    if (!n) return;
    if (n.name === 'VariableName' || n.name === 'VariableDefinition') out.add(textOf(text, n));
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression') for (const c of kids(n)) add(c);
  };
  if (isPython(mod)) {
    walkFunction(mod, fn, (n) => {
      const parts = kids(n);
      if (n.name === 'ParamList') for (let i = 0; i < parts.length; i++) {
        if (parts[i].name === 'VariableName' && parts[i - 1]?.name !== 'AssignOp') add(parts[i]);
      }
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        // Every target of `a = b = value` (everything followed by an assignment operator).
        parts.forEach((p, i) => {
          if (parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'UpdateOp') add(p);
        });
      }
      if (n.name === 'NamedExpression') add(parts[0]);
      parts.forEach((p, i) => {
        // for-loop and comprehension targets; `with ... as x`, `except E as x`
        if (p.name === 'for') for (let j = i + 1; j < parts.length && parts[j].name !== 'in'; j++) add(parts[j]);
        if (p.name === 'as') add(parts[i + 1]);
      });
      if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') add(parts.find((c) => c.name === 'VariableName'));
    }, PY_BINDERS);
    for (const g of globalDeclarations(mod, fn)) out.delete(g);
  } else {
    // Parameters, declarations, destructuring, catch clauses and nested function names are all VariableDefinition.
    walk(mod, fn.node, (n) => void out.add(textOf(text, n)), DEFINITIONS);
  }
  return out;
}

/**
 * Module-level names that `fn` writes: Python names declared `global`, JS assignments to
 * names the function does not bind. A value read from one of these may change per invocation.
 */
export function moduleNamesWritten(mod: CodeModule, fn: FunctionInfo, bound: Set<string>): Set<string> {
  if (isPython(mod)) return globalDeclarations(mod, fn);
  const out = new Set<string>();
  walk(mod, fn.node, (n) => {
    const t = jsAssignTarget(n);
    if (t && !bound.has(textOf(mod.source.text, t))) out.add(textOf(mod.source.text, t));
  }, JS_ASSIGNERS);
  return out;
}

/** Names an expression reads, including JS shorthand properties (`{ region }` reads `region`). */
export function readsIn(mod: CodeModule, n: SyntaxNode): Array<{ name: string; node: SyntaxNode }> {
  const text = mod.source.text;
  const out = namesRead(mod, n).map((x) => ({ name: textOf(text, x), node: x }));
  if (!isPython(mod)) {
    const visit = (x: SyntaxNode) => {
      if (x.name === 'Property' && x.firstChild?.name === 'PropertyDefinition' && !x.firstChild.nextSibling)
        out.push({ name: textOf(text, x.firstChild), node: x.firstChild });
    };
    visit(n);
    walk(mod, n, visit, PROPERTIES);
  }
  return out;
}

/** Assignment targets anywhere inside `fn` (nested scopes included), by the name they write. */
export function assignmentTargets(mod: CodeModule, fn: FunctionInfo): Map<string, SyntaxNode[]> {
  const text = mod.source.text;
  const out = new Map<string, SyntaxNode[]>();
  const add = (name: string, n: SyntaxNode) => {
    const list = out.get(name);
    if (list) list.push(n);
    else out.set(name, [n]);
  };
  const collect = (t: SyntaxNode | null | undefined): void => {
    if (!t) return;
    if (t.name === 'VariableName' || t.name === 'VariableDefinition') add(textOf(text, t), t);
    else if (t.name === 'TupleExpression' || t.name === 'ArrayExpression' || t.name === 'ParenthesizedExpression') for (const c of kids(t)) collect(c);
  };
  const visit = (n: SyntaxNode) => {
    if (isPython(mod)) {
      const parts = kids(n);
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        parts.forEach((p, i) => {
          if (parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'UpdateOp') collect(p);
        });
      }
      parts.forEach((p, i) => {
        if (p.name === 'as') collect(parts[i + 1]);
        if (p.name === 'for') for (let j = i + 1; j < parts.length && parts[j].name !== 'in'; j++) collect(parts[j]);
      });
      if (n.name === 'NamedExpression') collect(parts[0]);
    } else {
      const t = jsAssignTarget(n);
      if (t) add(textOf(text, t), t);
      if (n.name === 'VariableDefinition') add(textOf(text, n), n);
    }
  };
  if (isPython(mod)) walkFunction(mod, fn, visit, PY_ASSIGNERS);
  else walk(mod, fn.node, visit, JS_BINDERS);
  return out;
}

/** The plain name a JS assignment or update expression writes (`x = ...`, `x ??= ...`, `x++`). */
function jsAssignTarget(n: SyntaxNode): SyntaxNode | undefined {
  if (n.name === 'AssignmentExpression') return n.firstChild?.name === 'VariableName' ? n.firstChild : undefined;
  if (n.name === 'UpdateExpression') return kids(n).find((c) => c.name === 'VariableName');
  return undefined;
}
