/**
 * A loop that removes every entry of a directory:
 *
 *     for f in os.listdir(tmpdir): os.remove(os.path.join(tmpdir, f))
 *     for p in glob.glob('/tmp/*'): os.remove(p)
 *     for (const f of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, f))
 *
 * cleans whatever was written directly in that directory, whatever its name. LA102 counts
 * such a loop as a removal of the directory's files, at the loop (the loop running is not a
 * condition: when the file exists, it is listed).
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { callArgs, isPython, stringValue } from './syntax';
import { callName, type PathScope, type Removal } from './tmpfiles';

const PY_LIST = new Set(['os.listdir', 'os.scandir']);
const PY_GLOB = new Set(['glob.glob', 'glob.iglob']);
const JS_LIST = new Set(['fs.readdirSync', 'fs.readdir', 'fs.promises.readdir']);
const JOINS = new Set(['os.path.join', 'posixpath.join', 'path.join', 'path.resolve', 'path.posix.join']);

export interface Sweep {
  /** The loop statement: where the removal happens for the cleanup verdict. */
  loop: SyntaxNode;
  /** Keys of the directory it empties. */
  dirKeys: Set<string>;
}

/** When `removed` (the path a removal call inside a loop names) is "each entry of directory D", the loop and D. */
export function sweptDirectory(scope: PathScope, removed: SyntaxNode, at: SyntaxNode): Sweep | undefined {
  const mod = scope.mod;
  const entry = entryOf(scope, removed);
  if (!entry) return undefined;
  for (let p = at.parent; p && p !== scope.fn.body; p = p.parent) {
    if (p.name !== 'ForStatement' && p.name !== 'ForOfStatement') continue;
    const loop = loopParts(mod, p);
    if (!loop || loop.variable !== entry.variable) continue;
    const listing = listedDirectory(scope, loop.iterable);
    if (!listing) return undefined;
    // join(D, f) must join onto the listed directory; glob / scandir entries are full paths already.
    if (entry.dir && !shareKey(scope.sameKeys(entry.dir), listing.keys)) return undefined;
    if (!entry.dir && !listing.fullPaths) return undefined;
    return { loop: p, dirKeys: listing.keys };
  }
  return undefined;
}

/** `join(D, f)` → {D, f}; `f` / `f.path` (a full path from glob or scandir) → {f}. Follows one local name. */
function entryOf(scope: PathScope, n: SyntaxNode, depth = 0): { variable: string; dir?: SyntaxNode } | undefined {
  const mod = scope.mod;
  const text = mod.source.text;
  if (depth > 3) return undefined;
  if (n.name === 'VariableName') {
    const name = textOf(text, n);
    const a = scope.valueOf(name, n.from);
    return a ? entryOf(scope, a.value, depth + 1) : { variable: name };
  }
  if (n.name === 'MemberExpression') {
    // scandir entries: `entry.path`.
    const [obj, , prop] = kids(n);
    if (obj?.name === 'VariableName' && prop && textOf(text, prop) === 'path') return { variable: textOf(text, obj) };
    return undefined;
  }
  if (n.name === 'CallExpression') {
    const name = callName(mod, n);
    if (!name || !JOINS.has(name)) return undefined;
    const args = callArgs(mod, n).positional;
    const last = args[args.length - 1];
    if (args.length !== 2 || last?.name !== 'VariableName') return undefined;
    return { variable: textOf(text, last), dir: args[0] };
  }
  return undefined;
}

function loopParts(mod: CodeModule, loop: SyntaxNode): { variable: string; iterable: SyntaxNode } | undefined {
  const text = mod.source.text;
  if (isPython(mod)) {
    const parts = kids(loop);
    const inAt = parts.findIndex((c) => c.name === 'in');
    const target = parts[inAt - 1];
    if (inAt !== 2 || target?.name !== 'VariableName' || !parts[inAt + 1]) return undefined;
    return { variable: textOf(text, target), iterable: parts[inAt + 1] };
  }
  const spec = kids(loop).find((c) => c.name === 'ForOfSpec');
  if (!spec) return undefined;
  const parts = kids(spec);
  const ofAt = parts.findIndex((c) => c.name === 'of');
  const target = parts[ofAt - 1];
  if (ofAt < 0 || target?.name !== 'VariableDefinition' || !parts[ofAt + 1]) return undefined;
  return { variable: textOf(text, target), iterable: parts[ofAt + 1] };
}

/** The directory a loop's iterable lists, and whether its items are full paths (glob, scandir) or bare names. */
function listedDirectory(scope: PathScope, n: SyntaxNode, depth = 0): { keys: Set<string>; fullPaths: boolean } | undefined {
  const mod = scope.mod;
  if (depth > 3) return undefined;
  if (n.name === 'VariableName') {
    const a = scope.valueOf(textOf(mod.source.text, n), n.from);
    return a ? listedDirectory(scope, a.value, depth + 1) : undefined;
  }
  if (n.name === 'AwaitExpression' || n.name === 'ParenthesizedExpression') {
    const inner = kids(n).find((c) => c.name !== 'await' && c.name !== '(' && c.name !== ')');
    return inner ? listedDirectory(scope, inner, depth + 1) : undefined;
  }
  if (n.name !== 'CallExpression') return undefined;
  const name = callName(mod, n);
  const first = callArgs(mod, n).positional[0];
  if (!name || !first) return undefined;
  if ((PY_LIST.has(name) && isPython(mod)) || (JS_LIST.has(name) && !isPython(mod)))
    return { keys: scope.sameKeys(first), fullPaths: name === 'os.scandir' };
  if (PY_GLOB.has(name)) {
    const dir = globDirectory(scope, first);
    return dir ? { keys: dir, fullPaths: true } : undefined;
  }
  return undefined;
}

/** `'/tmp/*'` → /tmp; `os.path.join(D, '*')` → D. Only patterns that match every entry. */
function globDirectory(scope: PathScope, pattern: SyntaxNode): Set<string> | undefined {
  const mod = scope.mod;
  const lit = stringValue(mod, pattern);
  if (lit !== undefined) return lit.endsWith('/*') && lit.length > 2 ? new Set([`lit:${lit.slice(0, -2)}`]) : undefined;
  if (pattern.name !== 'CallExpression') return undefined;
  const name = callName(mod, pattern);
  const args = callArgs(mod, pattern).positional;
  if (!name || !JOINS.has(name) || args.length !== 2 || stringValue(mod, args[1]) !== '*') return undefined;
  return scope.sameKeys(args[0]);
}

function shareKey(a: Set<string>, b: Set<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

/** `removals` plus, for each removal inside a directory sweep, a recursive removal of that directory at the loop. */
export function withSweeps(scope: PathScope, removals: Removal[]): Removal[] {
  const out = [...removals];
  for (const r of removals) {
    const target = scope.removalTarget(r.call);
    const sweep = target && sweptDirectory(scope, target.path, r.call);
    if (sweep) out.push({ call: sweep.loop, keys: sweep.dirKeys, recursive: true });
  }
  return out;
}
