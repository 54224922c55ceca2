/**
 * Which names a function binds or writes, seen from inside it: what tells a value computed
 * once at module scope from one computed per invocation. Conservative on purpose: a name
 * bound anywhere in the function (nested functions, lambdas, comprehensions included) counts
 * as a local, because treating a per-invocation value as module-level would suggest a wrong hoist.
 */
import type { SyntaxNode } from '@lezer/common';
import { descend, kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { globalDeclarations, isPython, localNames, namesRead } from './syntax';

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
    descend(fn.node, (n) => {
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
    });
    for (const g of globalDeclarations(mod, fn)) out.delete(g);
  } else {
    // Parameters, declarations, destructuring, catch clauses and nested function names are all VariableDefinition.
    descend(fn.node, (n) => void (n.name === 'VariableDefinition' && out.add(textOf(text, n))));
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
  descend(fn.node, (n) => {
    const t = jsAssignTarget(n);
    if (t && !bound.has(textOf(mod.source.text, t))) out.add(textOf(mod.source.text, t));
  });
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
    descend(n, visit);
  }
  return out;
}

/** Assignment targets named `name` anywhere inside `fn` (nested scopes included). */
export function assignmentsTo(mod: CodeModule, fn: FunctionInfo, name: string): SyntaxNode[] {
  const text = mod.source.text;
  const out: SyntaxNode[] = [];
  const targetIs = (t: SyntaxNode | null | undefined): boolean => {
    if (!t) return false;
    if (t.name === 'VariableName' || t.name === 'VariableDefinition') return textOf(text, t) === name;
    if (t.name === 'TupleExpression' || t.name === 'ArrayExpression' || t.name === 'ParenthesizedExpression' || t.name === 'ArrayPattern' || t.name === 'ObjectPattern' || t.name === 'PatternProperty')
      return kids(t).some(targetIs);
    return false;
  };
  descend(fn.node, (n) => {
    const parts = kids(n);
    if (isPython(mod)) {
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        parts.forEach((p, i) => {
          if ((parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'UpdateOp') && targetIs(p)) out.push(p);
        });
      }
      parts.forEach((p, i) => {
        if (p.name === 'as' && targetIs(parts[i + 1])) out.push(parts[i + 1]);
        if (p.name === 'for') for (let j = i + 1; j < parts.length && parts[j].name !== 'in'; j++) if (targetIs(parts[j])) out.push(parts[j]);
      });
      if (n.name === 'NamedExpression' && targetIs(parts[0])) out.push(parts[0]);
    } else {
      const t = jsAssignTarget(n);
      if (t && textOf(text, t) === name) out.push(t);
      if (n.name === 'VariableDefinition' && textOf(text, n) === name) out.push(n);
    }
  });
  return out;
}

/** The plain name a JS assignment or update expression writes (`x = ...`, `x ??= ...`, `x++`). */
function jsAssignTarget(n: SyntaxNode): SyntaxNode | undefined {
  if (n.name === 'AssignmentExpression') return n.firstChild?.name === 'VariableName' ? n.firstChild : undefined;
  if (n.name === 'UpdateExpression') return kids(n).find((c) => c.name === 'VariableName');
  return undefined;
}
