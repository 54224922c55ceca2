/**
 * Finds the files a function writes under /tmp and the calls that remove files, with keys
 * that say which path each one names, so that a rule can match a removal to a write.
 * Paths are recognised from the syntax tree: literals, f-strings / template literals with a
 * constant prefix, os.path.join / path.join, tempfile / os.tmpdir / mkdtemp, pathlib, and
 * simple assignments to local or module-level names.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import { declarators } from './javascript';
import type { CodeModule, FunctionInfo } from './model';
import { callArgs, calleePath, isPython, objectProps, stringPrefix, stringValue, walkBody } from './syntax';

/** A path expression, and what it names. */
export interface PathInfo {
  node: SyntaxNode;
  /** Keys that name exactly this path ('lit:/tmp/x', 'var:p@42', 'expr:...'). */
  same: Set<string>;
  /** Keys of directories that contain it. */
  dirs: Set<string>;
}

export interface TmpWrite {
  call: SyntaxNode;
  fn: FunctionInfo;
  path: PathInfo;
  /** The write creates a directory tree (copytree, extractall): cleaning it up needs a recursive removal. */
  isDir: boolean;
  /** The name or guard says the file is kept on purpose as a warm-start cache. */
  cached: boolean;
}

export interface Removal {
  call: SyntaxNode;
  keys: Set<string>;
  /** rmtree / rm({ recursive: true }): also removes everything below the path. */
  recursive: boolean;
}

const PY_OPEN = new Set(['open', 'io.open', 'codecs.open']);
const PY_COPY = new Set(['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.move', 'urllib.request.urlretrieve']);
const PY_JOIN = new Set(['os.path.join', 'posixpath.join']);
const PY_PATH = new Set(['pathlib.Path', 'pathlib.PosixPath', 'pathlib.PurePath', 'pathlib.PurePosixPath']);
const PY_REMOVE = new Set(['os.remove', 'os.unlink']);
const PY_EXISTS = new Set(['os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.lexists']);

const JS_WRITE_FIRST = new Set(
  ['writeFileSync', 'writeFile', 'appendFileSync', 'appendFile', 'createWriteStream', 'promises.writeFile', 'promises.appendFile', 'outputFile', 'outputFileSync'].map((m) => `fs.${m}`),
);
const JS_WRITE_SECOND = new Set(['copyFileSync', 'copyFile', 'promises.copyFile', 'cpSync', 'cp', 'promises.cp'].map((m) => `fs.${m}`));
const JS_JOIN = new Set(['path.join', 'path.resolve', 'path.posix.join', 'path.posix.resolve']);
const JS_UNLINK = new Set(['unlinkSync', 'unlink', 'promises.unlink'].map((m) => `fs.${m}`));
const JS_RM = new Set(['rmSync', 'rm', 'promises.rm', 'rmdirSync', 'rmdir', 'promises.rmdir'].map((m) => `fs.${m}`));
const JS_REMOVE_TREE = new Set(['fs.remove', 'fs.removeSync']); // fs-extra
const JS_EXISTS = new Set(['fs.existsSync']);

/** Calls whose value is the temporary directory itself or a fresh directory inside it. */
const TMPDIR_CALLS = new Set(['tempfile.gettempdir', 'tempfile.gettempdirb', 'tempfile.mkdtemp', 'os.tmpdir']);
const JS_MKDTEMP = new Set(['fs.mkdtempSync', 'fs.mkdtemp', 'fs.promises.mkdtemp']);

/** Module names that stand for Node's fs (the promise API and the common drop-in replacements). */
function normalModule(m: string): string {
  const bare = m.startsWith('node:') ? m.slice(5) : m;
  if (bare === 'fs/promises') return 'fs.promises';
  if (bare === 'fs-extra' || bare === 'graceful-fs') return 'fs';
  if (bare === 'path/posix') return 'path.posix';
  return bare;
}

/**
 * A callee's dotted path with its first name replaced by what it was imported as:
 * `join` from `from os.path import join` → 'os.path.join', `writeFile` from 'fs/promises' →
 * 'fs.promises.writeFile', `fs.rmSync` with `import fs from 'node:fs'` → 'fs.rmSync'.
 */
export function canonicalName(mod: CodeModule, dotted: string): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const rest = dot < 0 ? '' : dotted.slice(dot);
  for (const imp of mod.imports) {
    for (const b of imp.bindings) {
      if (b.local !== head) continue;
      let base: string;
      if (isPython(mod)) {
        const isFrom = imp.statement.firstChild?.name === 'from';
        // `import os.path` binds `os`; `import os.path as p` binds the submodule.
        base = isFrom ? `${imp.module}.${b.imported}` : b.imported.split('.')[0] === b.local ? b.local : b.imported;
      } else {
        const m = normalModule(imp.module);
        base = b.imported === '*' || b.imported === 'default' ? m : `${m}.${b.imported}`;
      }
      return base + rest;
    }
  }
  return dotted;
}

export function callName(mod: CodeModule, call: SyntaxNode): string | undefined {
  const p = calleePath(mod, call);
  return p === undefined ? undefined : canonicalName(mod, p);
}

/** `recv.method(...)`: the method name and the receiver expression. */
function methodCall(mod: CodeModule, call: SyntaxNode): { method: string; receiver: SyntaxNode } | undefined {
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const parts = kids(callee);
  const prop = parts[parts.length - 1];
  if (prop?.name !== 'PropertyName' || parts[parts.length - 2]?.name !== '.') return undefined;
  return { method: textOf(mod.source.text, prop), receiver: parts[0] };
}

function arg(mod: CodeModule, call: SyntaxNode, index: number, keyword?: string): SyntaxNode | undefined {
  const a = callArgs(mod, call);
  return (keyword ? a.keywords.get(keyword) : undefined) ?? a.positional[index];
}

interface Assignment {
  at: number;
  value: SyntaxNode;
}

/**
 * Path queries within one function: resolves names through the function's simple
 * assignments (the last one before the use), then through module-level constants.
 */
export class PathScope {
  private readonly local = new Map<string, Assignment[]>();
  private readonly module: Map<string, Assignment[]>;

  constructor(
    readonly mod: CodeModule,
    readonly fn: FunctionInfo,
    moduleAssigns?: Map<string, Assignment[]>,
  ) {
    this.module = moduleAssigns ?? moduleAssignments(mod);
    walkBody(mod, fn, (n) => collectAssignment(mod, n, this.local), ASSIGNMENTS);
  }

  get moduleAssignments(): Map<string, Assignment[]> {
    return this.module;
  }

  /** The value last assigned to `name` before offset `at`, and where. */
  valueOf(name: string, at: number): Assignment | undefined {
    const local = this.local.get(name);
    if (local) {
      let best: Assignment | undefined;
      for (const a of local) if (a.at < at && (!best || a.at > best.at)) best = a;
      return best;
    }
    if (this.fn.params.some((p) => p.name === name)) return undefined;
    const m = this.module.get(name);
    return m && m.length === 1 ? m[0] : undefined; // a module name assigned twice is not a constant
  }

  isLocal(name: string): boolean {
    return this.local.has(name) || this.fn.params.some((p) => p.name === name);
  }

  /** True when the expression's value is /tmp or a path below it. */
  underTmp(n: SyntaxNode | undefined, depth = 0): boolean {
    if (!n || depth > 8) return false;
    const mod = this.mod;
    const full = stringValue(mod, n);
    if (full !== undefined) return full === '/tmp' || full.startsWith('/tmp/');
    const prefix = stringPrefix(mod, n);
    if (prefix) return prefix.startsWith('/tmp/');
    switch (n.name) {
      case 'VariableName': {
        const a = this.valueOf(textOf(mod.source.text, n), n.from);
        return a ? this.underTmp(a.value, depth + 1) : false;
      }
      case 'ParenthesizedExpression':
      case 'AwaitExpression':
        return this.underTmp(inner(n), depth + 1);
      case 'FormatString':
      case 'TemplateString':
        return this.underTmp(firstInterpolation(mod, n), depth + 1); // f"{tempfile.gettempdir()}/x"
      case 'BinaryExpression': {
        const [left, op] = kids(n);
        const o = textOf(mod.source.text, op);
        return (o === '+' || (o === '/' && isPython(mod))) && this.underTmp(left, depth + 1);
      }
      case 'CallExpression': {
        const name = callName(mod, n);
        if (name && TMPDIR_CALLS.has(name)) return name !== 'tempfile.mkdtemp' || this.mkdtempInTmp(n, depth);
        if (name && JS_MKDTEMP.has(name)) return this.underTmp(arg(mod, n, 0), depth + 1);
        if (name && (PY_JOIN.has(name) || JS_JOIN.has(name) || PY_PATH.has(name))) return this.underTmp(arg(mod, n, 0), depth + 1);
        const m = methodCall(mod, n);
        if (m && (m.method === 'joinpath' || m.method === 'with_suffix' || m.method === 'with_name')) return this.underTmp(m.receiver, depth + 1);
        return false;
      }
    }
    return false;
  }

  private mkdtempInTmp(call: SyntaxNode, depth: number): boolean {
    const dir = callArgs(this.mod, call).keywords.get('dir');
    return !dir || this.underTmp(dir, depth + 1);
  }

  /** Keys naming exactly the path `n` evaluates to. */
  sameKeys(n: SyntaxNode | undefined, out = new Set<string>(), depth = 0): Set<string> {
    if (!n || depth > 8) return out;
    const mod = this.mod;
    if (n.name === 'ParenthesizedExpression' || n.name === 'AwaitExpression') return this.sameKeys(inner(n), out, depth + 1);
    if (n.name === 'VariableName') {
      const name = textOf(mod.source.text, n);
      const a = this.valueOf(name, n.from);
      out.add(a ? `var:${name}@${a.at}` : `var:${name}`);
      if (a) this.sameKeys(a.value, out, depth + 1);
      return out;
    }
    out.add(exprKey(mod, n));
    if (n.name === 'CallExpression') {
      const name = callName(mod, n);
      // Path('/tmp/x') names the same file as '/tmp/x'.
      if (name && PY_PATH.has(name)) this.sameKeys(arg(mod, n, 0), out, depth + 1);
    }
    return out;
  }

  /** Keys of the directories that contain the path `n` evaluates to. */
  dirKeys(n: SyntaxNode | undefined, out = new Set<string>(), depth = 0): Set<string> {
    if (!n || depth > 8) return out;
    const mod = this.mod;
    const addDir = (d: SyntaxNode | undefined) => {
      this.sameKeys(d, out, depth + 1);
      this.dirKeys(d, out, depth + 1);
    };
    const literal = stringValue(mod, n) ?? stringPrefix(mod, n);
    if (literal !== undefined) {
      // '/tmp/work/a.json' and f"/tmp/work/{x}" lie in /tmp/work and /tmp.
      const parts = literal.split('/');
      for (let i = parts.length - 1; i >= 2; i--) out.add(`lit:${parts.slice(0, i).join('/')}`);
    }
    switch (n.name) {
      case 'VariableName': {
        const a = this.valueOf(textOf(mod.source.text, n), n.from);
        if (a) this.dirKeys(a.value, out, depth + 1);
        break;
      }
      case 'ParenthesizedExpression':
      case 'AwaitExpression':
        this.dirKeys(inner(n), out, depth + 1);
        break;
      case 'FormatString':
      case 'TemplateString':
        if (!literal) addDir(firstInterpolation(mod, n));
        break;
      case 'BinaryExpression': {
        const [left, op] = kids(n);
        const o = textOf(mod.source.text, op);
        if (o === '+' || (o === '/' && isPython(mod))) addDir(left);
        break;
      }
      case 'CallExpression': {
        const name = callName(mod, n);
        if (name && (PY_JOIN.has(name) || JS_JOIN.has(name))) {
          const a = callArgs(mod, n).positional;
          if (a.length > 1) addDir(a[0]);
        } else if (name && PY_PATH.has(name)) this.dirKeys(arg(mod, n, 0), out, depth + 1);
        else {
          const m = methodCall(mod, n);
          if (m?.method === 'joinpath') addDir(m.receiver);
        }
        break;
      }
    }
    return out;
  }

  pathInfo(n: SyntaxNode): PathInfo {
    return { node: n, same: this.sameKeys(n), dirs: this.dirKeys(n) };
  }

  /** Variable names and string fragments the path is built from (for the cache-by-name exemption). */
  pathWords(n: SyntaxNode | undefined, out: string[] = [], depth = 0): string[] {
    if (!n || depth > 8) return out;
    const mod = this.mod;
    if (n.name === 'VariableName') {
      const name = textOf(mod.source.text, n);
      out.push(name);
      const a = this.valueOf(name, n.from);
      if (a) this.pathWords(a.value, out, depth + 1);
      return out;
    }
    if (n.name === 'String') {
      const v = stringValue(mod, n);
      if (v !== undefined) out.push(v);
      return out;
    }
    if (n.name === 'FormatString' || n.name === 'TemplateString') {
      // The constant text of an f-string / template literal, plus the names it interpolates.
      let last = n.from;
      for (const c of kids(n)) {
        out.push(mod.source.text.slice(last, c.from));
        last = c.to;
        this.pathWords(c, out, depth + 1);
      }
      out.push(mod.source.text.slice(last, n.to));
      return out;
    }
    if (n.name === 'ArgList' || n.name === 'CallExpression' || n.name === 'BinaryExpression' || n.name === 'ParenthesizedExpression' || n.name === 'AwaitExpression' || n.name === 'FormatReplacement' || n.name === 'Interpolation') {
      for (const c of kids(n)) if (c.name !== 'MemberExpression') this.pathWords(c, out, depth + 1);
    }
    return out;
  }

  /** The /tmp writes among the calls of this function. */
  writes(): TmpWrite[] {
    const out: TmpWrite[] = [];
    walkCalls(this.mod, this.fn, (n) => {
      if (n.name !== 'CallExpression') return;
      const w = this.writeTarget(n);
      if (!w || !this.underTmp(w.path)) return;
      const path = this.pathInfo(w.path);
      out.push({ call: n, fn: this.fn, path, isDir: w.isDir, cached: this.cachedOnPurpose(n, w.path, path) });
    });
    return out;
  }

  /** The path a call writes to, when it is a write we know. */
  writeTarget(call: SyntaxNode): { path: SyntaxNode; isDir: boolean } | undefined {
    const mod = this.mod;
    const name = callName(mod, call);
    const found = (p: SyntaxNode | undefined, isDir = false) => (p ? { path: p, isDir } : undefined);
    if (isPython(mod)) {
      if (name && PY_OPEN.has(name)) return isWriteMode(mod, arg(mod, call, 1, 'mode')) ? found(arg(mod, call, 0, 'file')) : undefined;
      if (name && PY_COPY.has(name)) return found(arg(mod, call, 1, name.startsWith('urllib') ? 'filename' : 'dst'));
      if (name === 'shutil.copytree') return found(arg(mod, call, 1, 'dst'), true);
      const m = methodCall(mod, call);
      if (!m) return undefined;
      if (m.method === 'write_text' || m.method === 'write_bytes' || m.method === 'touch') return found(m.receiver);
      if (m.method === 'open' && this.isPathObject(m.receiver)) return isWriteMode(mod, arg(mod, call, 0, 'mode')) ? found(m.receiver) : undefined;
      if (m.method === 'download_file') {
        // client(Bucket, Key, Filename) / Bucket(Key, Filename) / Object(Filename)
        const a = callArgs(mod, call);
        return found(a.keywords.get('Filename') ?? a.positional[Math.min(a.positional.length, 3) - 1]);
      }
      if (m.method === 'extractall') return found(arg(mod, call, 0, 'path'), true);
      return undefined;
    }
    if (name && JS_WRITE_FIRST.has(name)) return found(arg(mod, call, 0));
    if (name && JS_WRITE_SECOND.has(name)) return found(arg(mod, call, 1));
    return undefined;
  }

  private isPathObject(n: SyntaxNode, depth = 0): boolean {
    if (depth > 8) return false;
    if (n.name === 'CallExpression') {
      const name = callName(this.mod, n);
      return !!name && PY_PATH.has(name);
    }
    if (n.name === 'BinaryExpression') return this.isPathObject(kids(n)[0], depth + 1);
    if (n.name === 'ParenthesizedExpression') return this.isPathObject(inner(n)!, depth + 1);
    if (n.name === 'VariableName') {
      const a = this.valueOf(textOf(this.mod.source.text, n), n.from);
      return !!a && this.isPathObject(a.value, depth + 1);
    }
    return false;
  }

  /** The removal calls of this function, including calls to module functions that remove their argument. */
  removals(helpers: HelperRemovals): Removal[] {
    const out: Removal[] = [];
    walkCalls(this.mod, this.fn, (n) => {
      if (n.name !== 'CallExpression') return;
      const r = this.removalTarget(n);
      if (r) {
        out.push({ call: n, keys: this.sameKeys(r.path), recursive: r.recursive });
        return;
      }
      const callee = n.firstChild;
      if (callee?.name !== 'VariableName') return;
      const h = helpers.get(textOf(this.mod.source.text, callee));
      if (!h) return;
      const args = callArgs(this.mod, n).positional;
      for (const p of h) {
        if (p.param !== undefined && args[p.param]) out.push({ call: n, keys: this.sameKeys(args[p.param]), recursive: p.recursive });
        if (p.keys) out.push({ call: n, keys: p.keys, recursive: p.recursive });
      }
    });
    return out;
  }

  /** The path a call removes, when it is a removal we know. */
  removalTarget(call: SyntaxNode): { path: SyntaxNode; recursive: boolean } | undefined {
    return removalTarget(this.mod, call);
  }

  /**
   * A file kept across warm invocations on purpose: its path or the name holding it says
   * "cache", or it is written only when it does not exist yet (`if not os.path.exists(p):`).
   */
  private cachedOnPurpose(call: SyntaxNode, pathNode: SyntaxNode, path: PathInfo): boolean {
    if (this.pathWords(pathNode).some((w) => /cache/i.test(w))) return true;
    for (let n = call.parent; n && n !== this.fn.body; n = n.parent) {
      if (n.name !== 'IfStatement') continue;
      const cond = kids(n)[1];
      if (!cond || call.from < cond.to) continue;
      const firstBody = kids(n).find((c) => (c.name === 'Body' || c.name === 'Block' || c.name.endsWith('Statement')) && c.from >= cond.to);
      if (!firstBody || call.from < firstBody.from || call.to > firstBody.to) continue;
      const checked = this.negatedExistsCheck(cond);
      if (checked && [...this.sameKeys(checked)].some((k) => path.same.has(k))) return true;
    }
    return false;
  }

  /** `not os.path.exists(p)` / `not p.exists()` / `!fs.existsSync(p)` → p. */
  private negatedExistsCheck(cond: SyntaxNode): SyntaxNode | undefined {
    let n: SyntaxNode | undefined = cond;
    if (n.name === 'ParenthesizedExpression') n = inner(n);
    if (n?.name !== 'UnaryExpression') return undefined;
    const [op, operand] = kids(n);
    const o = textOf(this.mod.source.text, op);
    if ((o !== 'not' && o !== '!') || !operand) return undefined;
    return existsCheckTarget(this.mod, operand);
  }
}

const CALLS = new Set(['CallExpression']);
/** What collectAssignment reads. */
const ASSIGNMENTS = new Set(['AssignStatement', 'VariableDeclaration', 'AssignmentExpression']);

/** walkBody for calls, plus the body itself when it is a concise arrow function's expression. */
function walkCalls(mod: CodeModule, fn: FunctionInfo, visit: (n: SyntaxNode) => void): void {
  if (fn.body.name !== 'Body' && fn.body.name !== 'Block') visit(fn.body);
  walkBody(mod, fn, visit, CALLS);
}

/** `os.path.exists(p)` / `p.exists()` / `fs.existsSync(p)` → p. */
export function existsCheckTarget(mod: CodeModule, n: SyntaxNode): SyntaxNode | undefined {
  if (n.name === 'ParenthesizedExpression') return existsCheckTarget(mod, inner(n)!);
  if (n.name !== 'CallExpression') return undefined;
  const name = callName(mod, n);
  if (name && (PY_EXISTS.has(name) || JS_EXISTS.has(name))) return arg(mod, n, 0);
  const m = methodCall(mod, n);
  if (m && (m.method === 'exists' || m.method === 'is_file')) return m.receiver;
  return undefined;
}

/** What calling a module function removes: its n-th argument, or fixed paths. */
export type HelperRemovals = Map<string, Array<{ param?: number; keys?: Set<string>; recursive: boolean }>>;

/** The path a call removes, when it is a removal we know (it depends on the call alone, not on a scope). */
function removalTarget(mod: CodeModule, call: SyntaxNode): { path: SyntaxNode; recursive: boolean } | undefined {
  const name = callName(mod, call);
  const found = (p: SyntaxNode | undefined, recursive: boolean) => (p ? { path: p, recursive } : undefined);
  if (isPython(mod)) {
    if (name && PY_REMOVE.has(name)) return found(arg(mod, call, 0, 'path'), false);
    if (name === 'shutil.rmtree') return found(arg(mod, call, 0, 'path'), true);
    const m = methodCall(mod, call);
    if (m?.method === 'unlink') return found(m.receiver, false);
    return undefined;
  }
  if (name && JS_UNLINK.has(name)) return found(arg(mod, call, 0), false);
  if (name && JS_REMOVE_TREE.has(name)) return found(arg(mod, call, 0), true);
  if (name && JS_RM.has(name)) {
    const recursive = objectProps(mod, arg(mod, call, 1))?.get('recursive');
    return found(arg(mod, call, 0), recursive !== undefined && textOf(mod.source.text, recursive) === 'true');
  }
  return undefined;
}

/** Module functions that remove a path they are given (`def cleanup(p): os.remove(p)`), by local name. */
export function helperRemovals(mod: CodeModule): HelperRemovals {
  const out: HelperRemovals = new Map();
  const assigns = moduleAssignments(mod);
  for (const fn of mod.functions.values()) {
    // Built on the first removal: most functions remove nothing, and a scope walks the whole body.
    let built: PathScope | undefined;
    const list: Array<{ param?: number; keys?: Set<string>; recursive: boolean }> = [];
    walkBody(mod, fn, (n) => {
      const r = removalTarget(mod, n);
      if (!r) return;
      const scope = (built ??= new PathScope(mod, fn, assigns));
      const param = r.path.name === 'VariableName' ? fn.params.findIndex((p) => p.name === textOf(mod.source.text, r.path)) : -1;
      if (param >= 0 && !scope.valueOf(fn.params[param].name, n.from)) list.push({ param, recursive: r.recursive });
      else if (!(r.path.name === 'VariableName' && scope.isLocal(textOf(mod.source.text, r.path)))) list.push({ keys: scope.sameKeys(r.path), recursive: r.recursive });
    }, CALLS);
    if (list.length) out.set(fn.localName, list);
  }
  return out;
}

/** Simple module-level assignments (`TMP_DIR = '/tmp'`, `const OUT = path.join(os.tmpdir(), 'x')`). */
export function moduleAssignments(mod: CodeModule): Map<string, Assignment[]> {
  const out = new Map<string, Assignment[]>();
  for (const st of mod.topStatements) {
    const inner = st.name === 'ExportDeclaration' ? kids(st).find((c) => c.name === 'VariableDeclaration') : st;
    if (inner) collectAssignment(mod, inner, out);
  }
  return out;
}

function collectAssignment(mod: CodeModule, n: SyntaxNode, out: Map<string, Assignment[]>): void {
  const text = mod.source.text;
  const add = (name: string, value: SyntaxNode | undefined, at: number) => {
    if (!value) return;
    const list = out.get(name) ?? [];
    list.push({ at, value });
    out.set(name, list);
  };
  if (isPython(mod)) {
    if (n.name !== 'AssignStatement') return;
    const parts = kids(n);
    // name [: type] = value, one target only
    const ops = parts.filter((p) => p.name === 'AssignOp');
    if (ops.length !== 1 || parts[0]?.name !== 'VariableName') return;
    const opIdx = parts.indexOf(ops[0]);
    if (opIdx !== 1 && !(opIdx === 2 && parts[1].name === 'TypeDef')) return;
    add(textOf(text, parts[0]), parts[opIdx + 1], n.from);
    return;
  }
  if (n.name === 'VariableDeclaration') {
    for (const d of declarators(n, text)) add(d.name, d.init, d.nameNode.from);
  } else if (n.name === 'AssignmentExpression') {
    const parts = kids(n);
    if (parts[0]?.name === 'VariableName' && parts[1]?.name === 'Equals') add(textOf(text, parts[0]), parts[2], n.from);
  }
}

function isWriteMode(mod: CodeModule, mode: SyntaxNode | undefined): boolean {
  const v = stringValue(mod, mode);
  return v !== undefined && [...v].some((c) => c === 'w' || c === 'a' || c === 'x' || c === '+');
}

function inner(n: SyntaxNode): SyntaxNode | undefined {
  return kids(n).find((c) => c.name !== '(' && c.name !== ')' && c.name !== 'await');
}

/** The expression of an f-string / template literal's first `{...}` / `${...}`, when no constant text comes before it. */
function firstInterpolation(mod: CodeModule, n: SyntaxNode): SyntaxNode | undefined {
  const first = n.firstChild;
  if (!first || (first.name !== 'FormatReplacement' && first.name !== 'Interpolation')) return undefined;
  const raw = textOf(mod.source.text, n);
  let open = 0;
  while (open < raw.length && /[fFrRbB]/.test(raw[open])) open++; // string prefix letters (Python)
  open += raw.startsWith('"""', open) || raw.startsWith("'''", open) ? 3 : 1;
  if (first.from !== n.from + open) return undefined;
  return kids(first).find((c) => !['{', '}', 'InterpolationStart', 'InterpolationEnd', 'FormatSpec', 'FormatConversion'].includes(c.name));
}

/** A key for an expression's shape: its tokens, with string literals by value. */
export function exprKey(mod: CodeModule, n: SyntaxNode): string {
  const v = stringValue(mod, n);
  if (v !== undefined) return `lit:${v.length > 1 && v.endsWith('/') ? v.slice(0, -1) : v}`;
  const tokens: string[] = [];
  const visit = (x: SyntaxNode) => {
    const s = stringValue(mod, x);
    if (s !== undefined) tokens.push(JSON.stringify(s));
    else if (!x.firstChild) tokens.push(textOf(mod.source.text, x));
    else {
      for (const c of kids(x)) visit(c);
      return false;
    }
    return false;
  };
  visit(n);
  return `expr:${tokens.join(' ')}`;
}
