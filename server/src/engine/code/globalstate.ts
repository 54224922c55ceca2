/**
 * Module-level state and the writes a function makes to it: mutable containers defined at
 * module scope (lists, dicts, sets, object and array literals, Map/Set) and names a function
 * rebinds (`global x` in Python, a module-level `let` in JavaScript).
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import { clientCreation } from './clients';
import type { CodeModule, FunctionInfo } from './model';
import { pyQualified } from './qualify';
import { boundNamesDeep, readsIn } from './scopes';
import { calleePath, dottedPath, globalDeclarations, isPython } from './syntax';
import { walk } from './walk';

export interface ModuleContainer {
  name: string;
  /** 'list', 'dict', 'set', 'array', 'object', 'Map', 'Set', ... as the message says it. */
  kind: string;
  /** The defining name node at module scope. */
  node: SyntaxNode;
}

export interface StateWrite {
  name: string;
  /** The write: a mutating call, an assignment target, a delete. */
  node: SyntaxNode;
  /** How it writes, for the message: 'append', '[...] =', 'reassign', ... */
  how: string;
}

const PY_CONTAINER_NODES: Record<string, string> = {
  ArrayExpression: 'list',
  ArrayComprehensionExpression: 'list',
  DictionaryExpression: 'dict',
  DictionaryComprehensionExpression: 'dict',
  SetExpression: 'set',
  SetComprehensionExpression: 'set',
};
const PY_CONTAINER_CALLS: Record<string, string> = {
  list: 'list', dict: 'dict', set: 'set', bytearray: 'bytearray',
  'collections.defaultdict': 'dict', 'collections.OrderedDict': 'dict', 'collections.Counter': 'dict', 'collections.deque': 'deque',
};
const JS_CONTAINER_NEW = new Set(['Map', 'Set', 'Array', 'Object']);

const PY_MUTATORS = new Set(['append', 'extend', 'add', 'update', 'setdefault', 'insert', 'appendleft', 'extendleft']);
const JS_MUTATORS = new Set(['push', 'unshift', 'splice', 'set', 'add', 'fill', 'copyWithin']);

/** The nodes that can write into a container, and that can rebind a name. */
const CONTAINER_WRITES = new Set(['CallExpression', 'AssignStatement', 'UpdateStatement', 'AssignmentExpression', 'PostfixExpression', 'UnaryExpression', 'DeleteStatement']);
const REBINDINGS = new Set(['AssignStatement', 'UpdateStatement', 'AssignmentExpression', 'PostfixExpression', 'UnaryExpression']);
const CALLS = new Set(['CallExpression', 'NewExpression']);
const PY_SIZE_READS = new Set(['CallExpression']);
const JS_SIZE_READS = new Set(['MemberExpression']);

export function moduleContainers(mod: CodeModule): ModuleContainer[] {
  const out: ModuleContainer[] = [];
  const text = mod.source.text;
  for (const st0 of mod.topStatements) {
    const st = st0.name === 'ExportDeclaration' ? (kids(st0).find((c) => c.name === 'VariableDeclaration') ?? st0) : st0;
    const parts = kids(st);
    if (st.name === 'AssignStatement') {
      const value = parts[parts.length - 1];
      const kind = value ? pyContainerKind(mod, value) : undefined;
      if (!kind) continue;
      // `a = b = []` binds both names to the same container.
      parts.forEach((p, i) => {
        if (p.name === 'VariableName' && (parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'TypeDef')) out.push({ name: textOf(text, p), kind, node: p });
      });
    } else if (st.name === 'VariableDeclaration') {
      parts.forEach((p, i) => {
        if (p.name !== 'VariableDefinition') return;
        let j = i + 1;
        if (parts[j]?.name === 'TypeAnnotation') j++;
        const value = parts[j]?.name === 'Equals' ? parts[j + 1] : undefined;
        const kind = value ? jsContainerKind(mod, value) : undefined;
        if (kind) out.push({ name: textOf(text, p), kind, node: p });
      });
    }
  }
  return out;
}

function pyContainerKind(mod: CodeModule, value: SyntaxNode): string | undefined {
  if (PY_CONTAINER_NODES[value.name]) return PY_CONTAINER_NODES[value.name];
  if (value.name !== 'CallExpression') return undefined;
  const path = calleePath(mod, value);
  if (!path) return undefined;
  const q = pyQualified(mod, path) ?? (mod.moduleNames.has(path) ? undefined : path);
  return q ? PY_CONTAINER_CALLS[q] : undefined;
}

function jsContainerKind(mod: CodeModule, value: SyntaxNode): string | undefined {
  if (value.name === 'ArrayExpression') return 'array';
  if (value.name === 'ObjectExpression') return 'object';
  if (value.name === 'AsExpression' || value.name === 'ParenthesizedExpression') return value.firstChild ? jsContainerKind(mod, value.firstChild.name === '(' ? value.firstChild.nextSibling! : value.firstChild) : undefined;
  if (value.name === 'NewExpression') {
    const path = calleePath(mod, value);
    if (path && JS_CONTAINER_NEW.has(path) && !mod.moduleNames.has(path)) return path === 'Array' ? 'array' : path === 'Object' ? 'object' : path;
  }
  return undefined;
}

/** Root variable of a member chain: `x[k].y` → x. */
function rootOf(n: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let cur = n ?? null;
  while (cur && cur.name === 'MemberExpression') cur = cur.firstChild;
  return cur?.name === 'VariableName' ? cur : undefined;
}

/** Writes into the contents of `names` anywhere in `fn` (nested callbacks included), unless a local shadows them. */
export function containerWrites(mod: CodeModule, fn: FunctionInfo, names: Set<string>): StateWrite[] {
  const text = mod.source.text;
  const bound = boundNamesDeep(mod, fn);
  const out: StateWrite[] = [];
  const target = (n: SyntaxNode | null | undefined, how: string, at: SyntaxNode) => {
    if (n?.name !== 'MemberExpression') return;
    const root = rootOf(n);
    const name = root ? textOf(text, root) : undefined;
    if (name && names.has(name) && !bound.has(name)) out.push({ name, node: at, how });
  };
  const mutators = isPython(mod) ? PY_MUTATORS : JS_MUTATORS;
  walk(mod, fn.body, (n) => {
    const parts = kids(n);
    if (n.name === 'CallExpression') {
      const callee = n.firstChild;
      if (callee?.name === 'MemberExpression') {
        const [obj, dot, prop] = kids(callee);
        const method = textOf(text, prop);
        if (dot?.name === '.' && obj && mutators.has(method)) {
          const root = obj.name === 'VariableName' ? obj : rootOf(obj);
          const name = root ? textOf(text, root) : undefined;
          if (name && names.has(name) && !bound.has(name)) out.push({ name, node: n, how: `.${method}(...)` });
        }
      }
      if (!isPython(mod) && calleePath(mod, n) === 'Object.assign') {
        const first = kids(kids(n).find((c) => c.name === 'ArgList')!).find((c) => c.name !== '(');
        const name = first?.name === 'VariableName' ? textOf(text, first) : undefined;
        if (name && names.has(name) && !bound.has(name)) out.push({ name, node: n, how: 'Object.assign' });
      }
    }
    if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
      parts.forEach((p, i) => {
        if (parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'UpdateOp') target(p, 'assignment to an element', p);
      });
    }
    if (n.name === 'AssignmentExpression') target(n.firstChild, 'assignment to an element', n.firstChild!);
    if (isIncrement(mod, n)) target(parts.find((c) => c.name === 'MemberExpression'), 'update of an element', n);
    if (n.name === 'DeleteStatement') for (const p of parts) target(p, 'del', n);
    if (n.name === 'UnaryExpression' && n.firstChild?.name === 'delete') target(n.firstChild.nextSibling, 'delete', n);
  }, { only: CONTAINER_WRITES });
  return out;
}

/**
 * A container whose size the function reads (`len(cache)`, `cache.size`) before writing is a
 * bounded cache: it cannot grow without limit.
 */
export function sizeChecked(mod: CodeModule, fn: FunctionInfo, name: string): boolean {
  const text = mod.source.text;
  let found = false;
  walk(mod, fn.body, (n) => {
    if (found) return false;
    if (isPython(mod) && n.name === 'CallExpression' && calleePath(mod, n) === 'len') {
      const arg = kids(kids(n).find((c) => c.name === 'ArgList')!).find((c) => c.name === 'VariableName');
      if (arg && textOf(text, arg) === name) found = true;
    }
    if (!isPython(mod) && n.name === 'MemberExpression') {
      const path = dottedPath(mod, n);
      if (path === `${name}.size` || path === `${name}.length`) found = true;
    }
    return undefined;
  }, { only: isPython(mod) ? PY_SIZE_READS : JS_SIZE_READS });
  return found;
}

/**
 * Module-level names that `fn` rebinds: Python `global` names assigned in it, JavaScript
 * module-level bindings assigned in it. Lazy initialisation (`if x is None: x = ...`,
 * `x ??= ...`, `x = x or ...`) and client creation are the reuse pattern, not state.
 */
export function globalReassignments(mod: CodeModule, fn: FunctionInfo): StateWrite[] {
  const text = mod.source.text;
  const out: StateWrite[] = [];
  const bound = boundNamesDeep(mod, fn);
  const candidates = isPython(mod) ? globalDeclarations(mod, fn) : new Set([...mod.moduleNames].filter((n) => !bound.has(n)));
  if (!candidates.size) return out;
  walk(mod, fn.body, (n) => {
    const parts = kids(n);
    let targets: SyntaxNode[] = [];
    let value: SyntaxNode | undefined;
    let op = '';
    if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
      targets = parts.filter((p, i) => p.name === 'VariableName' && (parts[i + 1]?.name === 'AssignOp' || parts[i + 1]?.name === 'UpdateOp'));
      value = parts[parts.length - 1];
      op = textOf(text, parts.find((p) => p.name === 'AssignOp' || p.name === 'UpdateOp'));
    } else if (n.name === 'AssignmentExpression' && n.firstChild?.name === 'VariableName') {
      targets = [n.firstChild];
      value = n.lastChild ?? undefined;
      op = textOf(text, n.firstChild.nextSibling);
    } else if (isIncrement(mod, n)) {
      targets = parts.filter((p) => p.name === 'VariableName');
      op = '++';
    }
    for (const t of targets) {
      const name = textOf(text, t);
      if (!candidates.has(name) || (!isPython(mod) && bound.has(name))) continue;
      if (op === '??=' || op === '||=') continue;
      if (value && value !== t && isInitValue(mod, value, name)) continue;
      if (guardedByRead(mod, fn, n, name)) continue;
      out.push({ name, node: n, how: 'reassign' });
    }
  }, { only: REBINDINGS });
  return out;
}

/** JS `x++`, `--x` (PostfixExpression / UnaryExpression with an ArithOp `++`/`--`). */
function isIncrement(mod: CodeModule, n: SyntaxNode): boolean {
  if (n.name !== 'PostfixExpression' && n.name !== 'UnaryExpression') return false;
  const op = kids(n).find((c) => c.name === 'ArithOp');
  const t = textOf(mod.source.text, op);
  return t === '++' || t === '--';
}

/** `boto3.client(...)`, `new S3Client()`, `x or make()`, `x ?? make()`: a client or a lazy default. */
function isInitValue(mod: CodeModule, value: SyntaxNode, name: string): boolean {
  if (clientCreation(mod, value, () => false)) return true;
  let creates = false;
  walk(mod, value, (c) => void (clientCreation(mod, c, () => false) && (creates = true)), { only: CALLS });
  if (creates) return true;
  if (value.name === 'BinaryExpression' && value.firstChild?.name === 'VariableName' && textOf(mod.source.text, value.firstChild) === name) {
    const op = textOf(mod.source.text, value.firstChild.nextSibling);
    return op === 'or' || op === '??' || op === '||';
  }
  return false;
}

/** An enclosing `if` whose condition reads the name: `if client is None:`, `if (!pool)`. */
function guardedByRead(mod: CodeModule, fn: FunctionInfo, at: SyntaxNode, name: string): boolean {
  for (let n: SyntaxNode | null = at.parent; n && n.from >= fn.body.from; n = n.parent) {
    if (n.name !== 'IfStatement') continue;
    const parts = kids(n);
    const conds = parts.filter((c, i) => i > 0 && ['if', 'elif'].includes(parts[i - 1].name));
    if (conds.some((c) => readsIn(mod, c).some((r) => r.name === name))) return true;
  }
  return false;
}
