/**
 * Decides whether the removal calls for a written file run on every path out of the
 * function after the write: in a `finally` that covers the write, or later in an enclosing
 * block with no return / raise / throw (or call known to raise) in between.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { isPython, walkBody } from './syntax';
import { existsCheckTarget } from './tmpfiles';

export type CleanupVerdict =
  | { kind: 'covered' }
  /** No removal after the write. */
  | { kind: 'never' }
  /** Removed only inside a branch (an if, a loop, an except clause). */
  | { kind: 'some-paths'; removal: SyntaxNode }
  /** Removed later, but `exit` (a return, a raise, a raising call) leaves before the removal runs. */
  | { kind: 'exit'; exit: SyntaxNode; exception: boolean; removal: SyntaxNode };

const BLOCKS = new Set(['Body', 'Block', 'Script']);
const LOOPS = new Set(['ForStatement', 'WhileStatement', 'ForInStatement', 'ForOfStatement']);
/** Where control can leave a function (a call only when `raises` says so). */
const EXITS = new Set(['ReturnStatement', 'RaiseStatement', 'ThrowStatement', 'AssertStatement', 'CallExpression']);
const RAISES = new Set(['RaiseStatement', 'ThrowStatement']);

function contains(a: SyntaxNode, b: { from: number; to: number }): boolean {
  return a.from <= b.from && b.to <= a.to;
}

/** The keyword that introduces a clause of a Python try statement (try / except / else / finally). */
function pyClauseKeyword(body: SyntaxNode): string | undefined {
  for (let s = body.prevSibling; s; s = s.prevSibling) if (['try', 'except', 'else', 'finally'].includes(s.name)) return s.name;
  return undefined;
}

/** The try statement whose `finally` holds `n`, innermost first. */
export function finallyTryOf(n: SyntaxNode, stop: SyntaxNode): SyntaxNode | undefined {
  for (let p = n.parent; p && p !== stop; p = p.parent) {
    if (p.name === 'FinallyClause' && p.parent?.name === 'TryStatement') return p.parent;
    if (p.name === 'Body' && p.parent?.name === 'TryStatement' && pyClauseKeyword(p) === 'finally') return p.parent;
  }
  return undefined;
}

function inFinally(tryStmt: SyntaxNode, n: SyntaxNode): boolean {
  for (const c of kids(tryStmt)) {
    if (c.name === 'FinallyClause' && contains(c, n)) return true;
    if (c.name === 'Body' && pyClauseKeyword(c) === 'finally' && contains(c, n)) return true;
  }
  return false;
}

/** The part of a try statement that runs first (its body), not its handlers. */
function tryBody(tryStmt: SyntaxNode): SyntaxNode | undefined {
  return kids(tryStmt).find((c) => c.name === 'Body' || c.name === 'Block');
}

function hasHandlers(tryStmt: SyntaxNode): boolean {
  return kids(tryStmt).some((c) => c.name === 'CatchClause' || c.name === 'except');
}

/** Whether reaching `child` from its parent `p` depends on a condition. */
function conditionalStep(mod: CodeModule, p: SyntaxNode, child: SyntaxNode): boolean {
  if (p.name === 'IfStatement') {
    const cond = kids(p)[1];
    if (cond && contains(cond, child)) return false;
    // `if os.path.exists(p): os.remove(p)` still removes the file whenever there is one.
    const firstBranch = kids(p).find((c) => c.from >= (cond?.to ?? p.from) && c !== cond && c.name !== 'else' && c.name !== ':');
    return !(cond && existsCheckTarget(mod, cond) && firstBranch && contains(firstBranch, child));
  }
  if (LOOPS.has(p.name) || p.name === 'ConditionalExpression' || p.name === 'SwitchStatement' || p.name === 'MatchStatement') return true;
  if (p.name === 'CatchClause') return true;
  if (p.name === 'TryStatement' && isPython(mod) && child.name === 'Body') return pyClauseKeyword(child) === 'except';
  if (p.name === 'BinaryExpression') {
    const op = kids(p)[1];
    return !!op && op.name === 'LogicOp' && child !== kids(p)[0];
  }
  return false;
}

interface Exit {
  node: SyntaxNode;
  exception: boolean;
}

/**
 * `fn` writes at `write`; `removals` are the calls in `fn` that remove that file.
 * `raises(call)` says whether a call is known to raise.
 */
export function cleanupVerdict(
  mod: CodeModule,
  fn: FunctionInfo,
  write: SyntaxNode,
  removals: SyntaxNode[],
  raises: (call: SyntaxNode) => boolean,
): CleanupVerdict {
  const exits: Exit[] = [];
  walkBody(mod, fn, (n) => {
    if (n.name === 'ReturnStatement') exits.push({ node: n, exception: false });
    else if (n.name === 'RaiseStatement' || n.name === 'ThrowStatement' || n.name === 'AssertStatement') exits.push({ node: n, exception: true });
    else if (n.name === 'CallExpression' && raises(n)) exits.push({ node: n, exception: true });
  }, EXITS);

  let best: CleanupVerdict = { kind: 'never' };
  const rank = (v: CleanupVerdict) => ({ never: 0, 'some-paths': 1, exit: 2, covered: 3 })[v.kind];
  for (const r of removals) {
    const v = verdictFor(mod, fn, write, r, removals, exits);
    if (rank(v) > rank(best)) best = v;
    if (best.kind === 'covered') break;
  }
  return best;
}

function verdictFor(mod: CodeModule, fn: FunctionInfo, write: SyntaxNode, removal: SyntaxNode, all: SyntaxNode[], exits: Exit[]): CleanupVerdict {
  const fin = finallyTryOf(removal, fn.body);
  if (fin && contains(fin, write) && !inFinally(fin, write)) return { kind: 'covered' };
  // From here on the removal runs once control reaches `start` (its try, when it sits in a finally).
  const start = fin ?? removal;
  if (start.from < write.to) return { kind: 'never' }; // removed before it is written (e.g. last invocation's file)
  let child = start;
  let conditional = false;
  let p = child.parent;
  while (p && !contains(p, write)) {
    if (conditionalStep(mod, p, child)) conditional = true;
    child = p;
    p = p.parent;
  }
  if (!p || !BLOCKS.has(p.name) || conditional) return { kind: 'some-paths', removal };
  // `child` is the statement of the shared block that holds the removal; the write comes before it.
  const region = { from: write.to, to: child.from };
  for (const x of exits) {
    if (x.node.from < region.from || x.node.to > region.to) continue;
    if (x.exception && caughtWithin(x.node, region)) continue;
    if (handledBefore(x.node, region, all)) continue;
    return { kind: 'exit', exit: x.node, exception: x.exception, removal };
  }
  return { kind: 'covered' };
}

/** An exception raised inside a try body whose handlers sit wholly in the region is caught there. */
function caughtWithin(x: SyntaxNode, region: { from: number; to: number }): boolean {
  for (let p = x.parent; p; p = p.parent) {
    if (p.name !== 'TryStatement') continue;
    if (p.from < region.from || p.to > region.to) return false;
    const body = tryBody(p);
    if (body && contains(body, x) && hasHandlers(p)) return true;
  }
  return false;
}

/** The exit is preceded, in a block that encloses it, by another removal of the same file. */
function handledBefore(x: SyntaxNode, region: { from: number; to: number }, removals: SyntaxNode[]): boolean {
  return removals.some((r) => {
    if (r.from < region.from || r.from >= x.from) return false;
    let st = r;
    while (st.parent && !BLOCKS.has(st.parent.name)) st = st.parent;
    return !!st.parent && contains(st.parent, x);
  });
}

/** Module functions whose own body raises / throws, by local name. */
export function raisingFunctions(mod: CodeModule): Set<string> {
  const out = new Set<string>();
  for (const fn of mod.functions.values()) {
    let raises = false;
    walkBody(mod, fn, () => {
      raises = true; // one is enough
      return false;
    }, RAISES);
    if (raises) out.add(fn.localName);
  }
  return out;
}

/** A call to a module function that raises, or to `raise_for_status()`. */
export function isRaisingCall(mod: CodeModule, call: SyntaxNode, raising: Set<string>): boolean {
  const callee = call.firstChild;
  if (callee?.name === 'VariableName') return raising.has(textOf(mod.source.text, callee));
  if (callee?.name === 'MemberExpression') return textOf(mod.source.text, callee.lastChild) === 'raise_for_status';
  return false;
}
