import type { SyntaxNode } from '@lezer/common';
import { cleanupFix } from '../../code/cleanupfix';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { calledModuleFunctions, isPython, walkBody } from '../../code/syntax';
import { cleanupVerdict, isRaisingCall, raisingFunctions, type CleanupVerdict } from '../../code/tmpcleanup';
import { PathScope, exprKey, helperRemovals, moduleAssignments, type Removal, type TmpWrite } from '../../code/tmpfiles';
import { withSweeps } from '../../code/tmpsweep';
import { textOf } from '../../parse/code';
import type { CodeRule, CodeRuleContext } from '../api';

const CALLS = new Set(['CallExpression']);
const RETURNS = new Set(['ReturnStatement']);

/**
 * /tmp belongs to the execution environment, not to the invocation: a file left there is
 * still there in the next invocation on the same warm instance, and fills ephemeral storage.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA102',
    slug: 'tmp-file-not-removed',
    title: 'A /tmp file is written and not removed on every path',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler writes a file under /tmp and does not remove it on every path before returning. /tmp survives between invocations of a warm execution environment, so leftovers fill its ephemeral storage and leak one request\'s data into the next. Remove the file in a finally block, or write it inside a temporary directory that is always cleaned up.',
    hasFix: true,
  },
  check(ctx) {
    new Check(ctx).run();
  },
};

class Check {
  private readonly mod: CodeModule;
  private readonly assigns;
  private readonly helpers;
  private readonly raising: Set<string>;
  private readonly scopes = new Map<SyntaxNode, PathScope>();
  private readonly removalsOf = new Map<SyntaxNode, Removal[]>();
  private readonly reported = new Set<number>();

  constructor(private readonly ctx: CodeRuleContext) {
    this.mod = ctx.module;
    this.assigns = moduleAssignments(this.mod);
    this.helpers = helperRemovals(this.mod);
    this.raising = raisingFunctions(this.mod);
  }

  run(): void {
    for (const h of this.ctx.handlers) {
      // Helpers the handler calls run on every invocation too.
      const fns = [h.fn, ...calledModuleFunctions(this.mod, h.fn)];
      for (const fn of fns) {
        for (const w of this.scope(fn).writes()) {
          if (w.cached || this.reported.has(w.call.from)) continue;
          let verdict = this.verdict(fn, w.call, (r) => matches(r, w));
          if (verdict.kind === 'never' && fn !== h.fn) verdict = this.atCallers(w, fns);
          if (verdict.kind === 'covered') continue;
          this.reported.add(w.call.from);
          this.report(w, verdict, fn === h.fn);
        }
      }
    }
  }

  private scope(fn: FunctionInfo): PathScope {
    let s = this.scopes.get(fn.node);
    if (!s) this.scopes.set(fn.node, (s = new PathScope(this.mod, fn, this.assigns)));
    return s;
  }

  private verdict(fn: FunctionInfo, at: SyntaxNode, match: (r: Removal) => boolean): CleanupVerdict {
    let removals = this.removalsOf.get(fn.node);
    if (!removals) this.removalsOf.set(fn.node, (removals = withSweeps(this.scope(fn), this.scope(fn).removals(this.helpers))));
    const calls = removals.filter(match).map((r) => r.call);
    return cleanupVerdict(this.mod, fn, at, calls, (c) => isRaisingCall(this.mod, c, this.raising));
  }

  /**
   * A helper that writes the file and leaves it to its caller (`path = download(key)`): the
   * file is cleaned up when every call site removes it, by the same literal path or through
   * the name the call's result was assigned to.
   */
  private atCallers(w: TmpWrite, fns: FunctionInfo[]): CleanupVerdict {
    let result: CleanupVerdict = { kind: 'never' };
    let sites = 0;
    for (const caller of fns) {
      const calls: SyntaxNode[] = [];
      walkBody(this.mod, caller, (n) => {
        if (n.firstChild?.name === 'VariableName' && textOf(this.mod.source.text, n.firstChild) === w.fn.localName) calls.push(n);
      }, CALLS);
      for (const call of calls) {
        sites++;
        const key = exprKey(this.mod, call);
        const v = this.verdict(caller, call, (r) => matches(r, w) || r.keys.has(key));
        if (v.kind !== 'covered') return v;
        result = v;
      }
    }
    return sites ? result : { kind: 'never' };
  }

  private report(w: TmpWrite, verdict: Exclude<CleanupVerdict, { kind: 'covered' }>, inHandler: boolean): void {
    const mod = this.mod;
    const fix = inHandler || !returnsValue(mod, w.fn) ? cleanupFix({ mod, fn: w.fn, scope: this.scope(w.fn), write: w.call, path: w.path.node, isDir: w.isDir }) : undefined;
    this.ctx.report({
      from: w.call.from,
      to: w.call.to,
      message: message(mod, w, verdict),
      fixes: fix ? [{ title: 'Remove the /tmp file in a finally block', edits: fix }] : undefined,
    });
  }
}

function matches(r: Removal, w: TmpWrite): boolean {
  for (const k of r.keys) if (w.path.same.has(k) || (r.recursive && w.path.dirs.has(k))) return true;
  return false;
}

/** A helper that returns something may hand the file to its caller: wrapping it would delete the file too early. */
function returnsValue(mod: CodeModule, fn: FunctionInfo): boolean {
  let found = false;
  walkBody(mod, fn, (n) => {
    if (n.lastChild && n.lastChild.name !== 'return' && n.lastChild.name !== ';') found = true;
  }, RETURNS);
  return found;
}

function message(mod: CodeModule, w: TmpWrite, v: Exclude<CleanupVerdict, { kind: 'covered' }>): string {
  const raw = textOf(mod.source.text, w.path.node).replace(/\s+/g, ' ');
  const what = raw.length > 50 ? `${raw.slice(0, 47)}...` : raw;
  const line = (n: SyntaxNode) => mod.source.positionAt(n.from).line + 1;
  const todo = isPython(mod)
    ? 'remove it in a finally block (or write it inside `with tempfile.TemporaryDirectory()`)'
    : 'remove it in a finally block (or write it in an fs.mkdtempSync directory removed in finally)';
  const why = 'files in /tmp outlive the invocation on a warm instance';
  switch (v.kind) {
    case 'never':
      return `The /tmp file ${what} is written here and never removed; ${why}: ${todo}.`;
    case 'some-paths':
      return `The /tmp file ${what} is removed only on some paths (line ${line(v.removal)}); ${why}: ${todo}.`;
    case 'exit':
      return v.exception
        ? `The /tmp file ${what} is not removed when an exception is raised (line ${line(v.exit)} leaves before the removal on line ${line(v.removal)}); ${todo}.`
        : `The /tmp file ${what} is not removed on the early return at line ${line(v.exit)}; ${todo}.`;
  }
}
