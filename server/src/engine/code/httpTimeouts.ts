/**
 * Outbound HTTP calls that can wait forever: Python requests / urllib3 / urllib / httpx, and
 * JS fetch / axios / node:http(s), each with the edit that gives the call a timeout.
 * Calls whose options we cannot see (a variable, `**kwargs`, a spread) are left alone.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { callArgs, calleePath, isPython, objectProps } from './syntax';
import { walkModule } from './walk';

export interface MissingTimeout {
  call: SyntaxNode;
  /** How the message names the call: `requests.get(...)`, `fetch(...)`. */
  label: string;
  /** The insertion or replacement that adds the timeout, when one is safe to write. */
  edit?: { from: number; to: number; text: string };
}

const REQUESTS_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'request']);
/** urllib3 PoolManager methods that send a request. */
const POOL_METHODS = new Set(['request', 'urlopen', 'request_encode_url', 'request_encode_body']);
const AXIOS_URL_ONLY = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_WITH_DATA = new Set(['post', 'put', 'patch']);
const CALLS = new Set(['CallExpression']);
const CALLS_AND_ASSIGNMENTS = new Set(['CallExpression', 'AssignmentExpression']);

export interface TimeoutOptions {
  /** `fetch` comes from node-fetch 1.x / 2.x, whose own `timeout` option is the fix (1.x has no `signal`). */
  nodeFetchTimeout?: boolean;
}

export function missingTimeouts(mod: CodeModule, seconds: number, options: TimeoutOptions = {}): MissingTimeout[] {
  return isPython(mod) ? pythonCalls(mod, seconds) : jsCalls(mod, seconds, options);
}

// ---------- Python ----------

function pythonCalls(mod: CodeModule, seconds: number): MissingTimeout[] {
  const text = mod.source.text;
  const out: MissingTimeout[] = [];
  const sessions = new Set<string>();
  const pools = new Map<string, boolean>(); // PoolManager name → has a default timeout
  const resolved = (call: SyntaxNode) => qualifiedPython(mod, call);

  // Names bound to sessions and pools, anywhere in the module (`s = requests.Session()`, `with requests.Session() as s`).
  // The calls are kept for the second pass: one walk of the tree instead of two.
  const calls: Array<[SyntaxNode, string | undefined]> = [];
  walkModule(mod, (n) => {
    const q = resolved(n);
    calls.push([n, q]);
    if (q !== 'requests.Session' && q !== 'requests.session' && q !== 'urllib3.PoolManager' && q !== 'urllib3.poolmanager.PoolManager') return;
    const bound = boundName(mod, n);
    if (!bound) return;
    if (q.startsWith('requests')) sessions.add(bound);
    else pools.set(bound, callArgs(mod, n).keywords.has('timeout'));
  }, { only: CALLS });

  for (const [n, q] of calls) check(n, q);
  function check(n: SyntaxNode, q: string | undefined): void {
    const callee = n.firstChild;
    const [obj, method] = memberParts(mod, callee);
    // Only these calls can be reported (see below): the others skip the argument analysis.
    const candidate = q?.startsWith('requests.') || q?.startsWith('httpx.') || q === 'urllib3.request' || q === 'urllib.request.urlopen' || (method && (REQUESTS_METHODS.has(method) || POOL_METHODS.has(method)));
    if (!candidate) return;
    const args = callArgs(mod, n);
    if (args.hasSpread || !args.argList) return;
    const timeout = args.keywords.get('timeout');
    const add = () => appendKeyword(mod, args.argList!, `timeout=${seconds}`);
    let label: string | undefined;
    if (q && q.startsWith('requests.') && REQUESTS_METHODS.has(q.slice(9))) label = `${q}(...)`;
    else if (method && REQUESTS_METHODS.has(method) && obj && isSessionExpr(mod, obj, sessions)) label = `session.${method}(...)`;
    else if (method && POOL_METHODS.has(method) && obj?.name === 'VariableName' && pools.get(textOf(text, obj)) === false) label = `${textOf(text, obj)}.${method}(...)`;
    else if (q === 'urllib3.request') label = 'urllib3.request(...)';
    else if (q === 'urllib.request.urlopen') {
      // urlopen(url, data=None, timeout=...): a third positional argument is the timeout.
      if (args.positional.length >= 3) return;
      label = 'urlopen(...)';
    } else if (q && /^httpx\.(get|post|put|delete|patch|head|options|request|stream|Client|AsyncClient)$/.test(q)) {
      // httpx times out after 5 s by default: only an explicit `timeout=None` turns that off.
      if (!timeout || textOf(text, timeout) !== 'None') return;
      out.push({ call: n, label: `${q}(..., timeout=None)`, edit: { from: timeout.from, to: timeout.to, text: String(seconds) } });
      return;
    }
    if (!label || timeout) return;
    out.push({ call: n, label, edit: add() });
  }
  return out;
}

/** The import-qualified dotted callee: `get` from `from requests import get` → requests.get, `r.get` after `import requests as r` → requests.get. */
function qualifiedPython(mod: CodeModule, call: SyntaxNode): string | undefined {
  const path = calleePath(mod, call);
  if (!path) return undefined;
  const [head, ...rest] = path.split('.');
  for (const imp of mod.imports) {
    const b = imp.bindings.find((x) => x.local === head);
    if (!b) continue;
    if (imp.statement.firstChild?.name === 'from') return [imp.module, b.imported, ...rest].join('.');
    // `import urllib.request` binds `urllib`: the written path is already qualified; `import requests as r` is not.
    return b.imported.split('.')[0] === head ? path : [b.imported, ...rest].join('.');
  }
  return undefined;
}

/** The name a call's result is bound to: `s = call`, `with call as s`. */
function boundName(mod: CodeModule, call: SyntaxNode): string | undefined {
  const text = mod.source.text;
  const p = call.parent;
  if (!p) return undefined;
  if (p.name === 'AssignStatement') {
    const parts = kids(p);
    if (parts.length === 3 && parts[0].name === 'VariableName' && parts[2].from === call.from) return textOf(text, parts[0]);
  }
  if (p.name === 'WithStatement') {
    const parts = kids(p);
    const i = parts.findIndex((x) => x.from === call.from && x.name === call.name);
    if (i >= 0 && parts[i + 1]?.name === 'as' && parts[i + 2]?.name === 'VariableName') return textOf(text, parts[i + 2]);
  }
  return undefined;
}

function isSessionExpr(mod: CodeModule, obj: SyntaxNode, sessions: Set<string>): boolean {
  if (obj.name === 'VariableName') return sessions.has(textOf(mod.source.text, obj));
  if (obj.name === 'CallExpression') {
    const q = qualifiedPython(mod, obj);
    return q === 'requests.Session' || q === 'requests.session';
  }
  return false;
}

/** Inserts `kw` as the last argument, after a trailing comma if there is one. */
function appendKeyword(mod: CodeModule, argList: SyntaxNode, kw: string): { from: number; to: number; text: string } {
  const parts = kids(argList);
  const close = parts[parts.length - 1];
  const last = parts[parts.length - 2];
  if (!last || last.name === '(') return { from: close.from, to: close.from, text: kw };
  if (last.name === ',') return { from: last.to, to: last.to, text: ` ${kw},` };
  return { from: last.to, to: last.to, text: `, ${kw}` };
}

function memberParts(mod: CodeModule, callee: SyntaxNode | null): [SyntaxNode | undefined, string | undefined] {
  if (callee?.name !== 'MemberExpression') return [undefined, undefined];
  const parts = kids(callee);
  if (parts[1]?.name !== '.' && parts[1]?.name !== '?.') return [undefined, undefined];
  return [parts[0], textOf(mod.source.text, parts[2])];
}

// ---------- JavaScript / TypeScript ----------

function jsCalls(mod: CodeModule, seconds: number, options: TimeoutOptions): MissingTimeout[] {
  const text = mod.source.text;
  const ms = seconds * 1000;
  const out: MissingTimeout[] = [];
  const axiosNames = new Set<string>();
  const httpNames = new Set<string>(); // `http` / `https` module bindings
  const httpFns = new Set<string>(); // `request` / `get` imported from them
  let fetchName = 'fetch';
  let fetchImported = false;
  let fromNodeFetch = false;
  for (const imp of mod.imports) {
    for (const b of imp.bindings) {
      if (imp.module === 'axios' && (b.imported === 'default' || b.imported === '*')) axiosNames.add(b.local);
      const m = imp.module.replace(/^node:/, '');
      if (m === 'http' || m === 'https') {
        if (b.imported === 'default' || b.imported === '*') httpNames.add(b.local);
        else if (b.imported === 'request' || b.imported === 'get') httpFns.add(b.local);
      }
      if ((imp.module === 'node-fetch' || imp.module === 'undici') && (b.imported === 'default' || b.imported === 'fetch' || b.imported === '*')) {
        fetchName = b.local;
        fetchImported = true;
        fromNodeFetch = imp.module === 'node-fetch';
      }
    }
  }
  // axios instances and their defaults: `const api = axios.create({ timeout: 5000 })`, `axios.defaults.timeout = 5000`.
  const instances = new Map<string, boolean>();
  const defaultsSet = new Set<string>();
  // The calls are kept for the second pass: one walk of the tree instead of two.
  const calls: SyntaxNode[] = [];
  walkModule(mod, (n) => {
    if (n.name === 'CallExpression') {
      calls.push(n);
      const path = calleePath(mod, n);
      const [obj, m] = path?.split('.') ?? [];
      if (m === 'create' && axiosNames.has(obj) && n.parent?.name === 'VariableDeclaration') {
        const def = kids(n.parent).find((c) => c.name === 'VariableDefinition');
        const cfg = callArgs(mod, n).positional[0];
        const props = objectProps(mod, cfg);
        if (def) instances.set(textOf(text, def), !cfg || (props ? props.has('timeout') : true));
      }
    }
    if (n.name === 'AssignmentExpression') {
      const target = textOf(text, n.firstChild).replace(/\s+/g, '');
      const parts = target.split('.');
      if (parts.length >= 3 && parts[parts.length - 1] === 'timeout' && parts[parts.length - 2] === 'defaults') defaultsSet.add(parts[0]);
    }
  }, { only: CALLS_AND_ASSIGNMENTS });
  const axiosLike = (name: string) => (axiosNames.has(name) && !defaultsSet.has(name)) || (instances.get(name) === false && !defaultsSet.has(name));

  for (const n of calls) check(n);
  function check(n: SyntaxNode): void {
    const callee = n.firstChild!;
    // The global fetch, unless the module defines its own `fetch`.
    const isFetch = callee.name === 'VariableName' && textOf(text, callee) === fetchName && (fetchImported || !mod.moduleNames.has('fetch'));
    const path = isFetch ? undefined : calleePath(mod, n);
    const parts = path?.split('.') ?? [];
    const isAxios = !!path && axiosLike(parts[0]) && (parts.length === 1 || parts.length === 2);
    const isHttp = !!path && ((parts.length === 2 && httpNames.has(parts[0]) && (parts[1] === 'request' || parts[1] === 'get')) || (parts.length === 1 && httpFns.has(parts[0])));
    // Only these calls can be reported: the others skip the argument analysis.
    if (!isFetch && !isAxios && !isHttp) return;
    const args = callArgs(mod, n);
    if (args.hasSpread || !args.argList) return;
    const pos = args.positional;
    // fetch(url[, init])
    if (isFetch) {
      if (!pos.length) return;
      const init = pos[1];
      const legacy = fromNodeFetch && !!options.nodeFetchTimeout;
      const signal = legacy ? `timeout: ${ms}` : `signal: AbortSignal.timeout(${ms})`;
      const has = (props: Map<string, SyntaxNode>) => props.has('signal') || (legacy && props.has('timeout'));
      if (!init) out.push({ call: n, label: 'fetch(...)', edit: afterArg(pos[0], args.argList, `{ ${signal} }`) });
      else if (init.name === 'ObjectExpression' && !hasSpread(init) && !has(objectProps(mod, init)!)) out.push({ call: n, label: 'fetch(...)', edit: addProperty(mod, init, signal) });
      return;
    }
    if (!path) return;
    // axios(config) / axios(url[, config]) / axios.get(url[, config]) / axios.post(url[, data[, config]]) / api.get(...)
    if (isAxios) {
      const method = parts[1];
      let configIdx: number;
      if (!method) configIdx = pos[0]?.name === 'ObjectExpression' ? 0 : 1;
      else if (method === 'request') configIdx = 0;
      else if (AXIOS_URL_ONLY.has(method)) configIdx = 1;
      else if (AXIOS_WITH_DATA.has(method)) configIdx = 2;
      else return;
      const cfg = pos[configIdx];
      const label = `${path}(...)`;
      const prop = `timeout: ${ms}`;
      if (cfg) {
        if (cfg.name !== 'ObjectExpression' || hasSpread(cfg) || objectProps(mod, cfg)!.has('timeout')) return;
        out.push({ call: n, label, edit: addProperty(mod, cfg, prop) });
      } else if (pos.length === configIdx && configIdx > 0) out.push({ call: n, label, edit: afterArg(pos[configIdx - 1], args.argList, `{ ${prop} }`) });
      else if (pos.length === 1 && configIdx === 2) out.push({ call: n, label, edit: afterArg(pos[0], args.argList, `undefined, { ${prop} }`) });
      return;
    }
    // http.request / https.get / request(...) imported from node:https
    if (!isHttp || !pos.length) return;
    if (chainedSetTimeout(mod, n)) return;
    const opts = pos.find((p) => p.name === 'ObjectExpression');
    const unknown = pos.some((p) => p.name !== 'ObjectExpression' && p.name !== 'String' && p.name !== 'TemplateString' && p.name !== 'ArrowFunction' && p.name !== 'FunctionExpression' && p !== pos[0]);
    if (unknown) return;
    const label = `${path}(...)`;
    const prop = `timeout: ${ms}`;
    if (opts) {
      if (hasSpread(opts) || objectProps(mod, opts)!.has('timeout')) return;
      out.push({ call: n, label, edit: addProperty(mod, opts, prop) });
    } else if (pos[0].name === 'String' || pos[0].name === 'TemplateString') {
      // request(url, { timeout }, callback): options go right after the URL.
      out.push({ call: n, label, edit: { from: pos[0].to, to: pos[0].to, text: `, { ${prop} }` } });
    }
  }
  return out;
}

function hasSpread(obj: SyntaxNode): boolean {
  return kids(obj).some((p) => p.name === 'Spread' || (p.name === 'Property' && p.firstChild?.name === 'Spread'));
}

/** `https.get(url, cb).setTimeout(...)` or `req = https.request(...); req.setTimeout(...)`: the timeout is set on the request. */
function chainedSetTimeout(mod: CodeModule, call: SyntaxNode): boolean {
  const text = mod.source.text;
  const p = call.parent;
  if (p?.name === 'MemberExpression' && textOf(text, p.lastChild) === 'setTimeout') return true;
  if (p?.name !== 'VariableDeclaration') return false;
  const def = kids(p).find((c) => c.name === 'VariableDefinition');
  if (!def) return false;
  const name = textOf(text, def);
  let found = false;
  walkModule(mod, (n) => {
    if (found) return false;
    if (calleePath(mod, n) === `${name}.setTimeout`) found = true;
    return undefined;
  }, { only: CALLS });
  return found;
}

/** A new argument right after `arg` (`fetch(url)` → `fetch(url, { ... })`), keeping a trailing comma's place. */
function afterArg(arg: SyntaxNode, argList: SyntaxNode, text: string): { from: number; to: number; text: string } {
  const next = arg.nextSibling;
  if (next?.name === ',' && next.nextSibling?.name === ')') return { from: next.to, to: next.to, text: ` ${text}` };
  void argList;
  return { from: arg.to, to: arg.to, text: `, ${text}` };
}

/** Adds `prop` to an object literal: inline for `{ a: 1 }` / `{}`, on its own line for a multi-line literal. */
export function addProperty(mod: CodeModule, obj: SyntaxNode, prop: string): { from: number; to: number; text: string } {
  const text = mod.source.text;
  const props = kids(obj).filter((p) => p.name === 'Property');
  const open = obj.firstChild!;
  if (!props.length) return { from: open.to, to: obj.lastChild!.from, text: ` ${prop} ` };
  const last = props[props.length - 1];
  const after = last.nextSibling;
  const trailingComma = after?.name === ',';
  const multiLine = text.slice(obj.from, obj.to).includes('\n') && text.lastIndexOf('\n', last.from) > obj.from;
  if (multiLine) {
    const lineStart = text.lastIndexOf('\n', last.from) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.from))![0];
    return trailingComma ? { from: after!.to, to: after!.to, text: `\n${indent}${prop},` } : { from: last.to, to: last.to, text: `,\n${indent}${prop}` };
  }
  return trailingComma ? { from: after!.to, to: after!.to, text: ` ${prop},` } : { from: last.to, to: last.to, text: `, ${prop}` };
}

