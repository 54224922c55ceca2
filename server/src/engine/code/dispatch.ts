/**
 * Where a handler picks what to do from the event: if/elif chains, switch and match
 * statements, and lookup tables indexed by a routing field of the event (path, route key,
 * HTTP method, event type, ...). Each construct is returned with how many branches it has.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { callArgs, isPython, objectProps, stringValue, walkBody } from './syntax';
import { walk } from './walk';

/** Event fields that name a route or an event kind (paths below the event parameter). */
const ROUTING_FIELDS = [
  'path', 'rawPath', 'routeKey', 'httpMethod', 'resource', 'type', 'action', 'detail-type', 'operation', 'eventType',
  'requestContext.http.method', 'requestContext.http.path', 'requestContext.httpMethod', 'requestContext.routeKey',
  'requestContext.resourcePath', 'info.fieldName',
];
const ROUTING = new Set(ROUTING_FIELDS);

/** Dispatch constructs, and the lookups tableLookup recognises. */
const DISPATCH_NODES = new Set(['IfStatement', 'SwitchStatement', 'MatchStatement', 'MemberExpression', 'CallExpression']);
/** What testedSubject looks at. */
const TESTS = new Set(['BinaryExpression', 'CallExpression']);
/** The expressions routingSubject (through eventPath) can name a field with. */
const SUBJECT_NODES = new Set(['ParenthesizedExpression', 'VariableName', 'CallExpression', 'MemberExpression']);
const ALIAS_BINDINGS = new Set(['AssignStatement', 'VariableDeclaration']);

export interface Dispatch {
  kind: 'if' | 'switch' | 'match' | 'table';
  /** Where to point: the head of the construct (`if cond`, `switch (x)`, `TABLE[x]`). */
  from: number;
  to: number;
  /** The event field it dispatches on, as written in the message: `event['routeKey']`. */
  subject: string;
  branches: number;
}

/** Dispatch constructs directly in the handler body (not in nested functions). */
export function dispatchesIn(mod: CodeModule, fn: FunctionInfo): Dispatch[] {
  const event = fn.params[0]?.name;
  if (!event) return [];
  const aliases = routingAliases(mod, fn, event);
  const subjectOf = (n: SyntaxNode | null | undefined) => routingSubject(mod, n, event, aliases);
  const out: Dispatch[] = [];
  const groupedIfs = new Set<number>();
  walkBody(mod, fn, (n) => {
    if (n.name === 'IfStatement') {
      // `else if` is part of its chain, counted with the chain's first `if`.
      if (groupedIfs.has(n.from) || n.parent?.name === 'IfStatement') return;
      const d = ifGroup(mod, n, subjectOf, groupedIfs);
      if (d) out.push(d);
    } else if (n.name === 'SwitchStatement') {
      const disc = kid(n, 'ParenthesizedExpression');
      const subject = containedSubject(mod, disc, subjectOf);
      if (subject) {
        const body = kid(n, 'SwitchBody');
        const cases = body ? kids(body).filter((c) => c.name === 'CaseLabel').length : 0;
        out.push({ kind: 'switch', from: n.from, to: disc!.to, subject, branches: cases });
      }
    } else if (n.name === 'MatchStatement') {
      const subjectNode = kids(n)[1];
      const subject = containedSubject(mod, subjectNode, subjectOf);
      if (subject) {
        const body = kid(n, 'MatchBody');
        const cases = body ? kids(body).filter((c) => c.name === 'MatchClause' && !isWildcard(mod, c)).length : 0;
        out.push({ kind: 'match', from: n.from, to: subjectNode.to, subject, branches: cases });
      }
    } else {
      const t = tableLookup(mod, n, subjectOf);
      if (t) out.push(t);
    }
  }, DISPATCH_NODES);
  return out;
}

/**
 * An if/elif (else if) chain, together with the sibling `if` statements of the same block
 * that test routing fields too: `if (path === '/a') return a(); if (path === '/b') ...` is
 * the same dispatch written as guards.
 */
function ifGroup(mod: CodeModule, first: SyntaxNode, subjectOf: (n: SyntaxNode) => string | undefined, grouped: Set<number>): Dispatch | undefined {
  let subject: string | undefined;
  let branches = 0;
  let head: { from: number; to: number } | undefined;
  const siblings: SyntaxNode[] = [first];
  for (let s = first.nextSibling; s; s = s.nextSibling) if (s.name === 'IfStatement') siblings.push(s);
  for (const st of siblings) {
    const conds = chainConditions(mod, st);
    let tested = 0;
    for (const c of conds) {
      const s = testedSubject(mod, c, subjectOf);
      if (!s) continue;
      tested++;
      subject ??= s;
      head ??= { from: st.from, to: c.to };
    }
    if (tested) grouped.add(st.from);
    branches += tested;
  }
  return subject && head ? { kind: 'if', ...head, subject, branches } : undefined;
}

/** The conditions of an if chain: Python `if`/`elif` conditions, JS `if (...)` and every `else if (...)`. */
function chainConditions(mod: CodeModule, st: SyntaxNode): SyntaxNode[] {
  const parts = kids(st);
  if (isPython(mod)) return parts.filter((c, i) => i > 0 && (parts[i - 1].name === 'if' || parts[i - 1].name === 'elif'));
  const out: SyntaxNode[] = [];
  for (let cur: SyntaxNode | undefined = st; cur; ) {
    const ps = kids(cur);
    const cond = ps.find((c) => c.name === 'ParenthesizedExpression');
    if (cond) out.push(cond);
    const elseIdx = ps.findIndex((c) => c.name === 'else');
    cur = elseIdx >= 0 && ps[elseIdx + 1]?.name === 'IfStatement' ? ps[elseIdx + 1] : undefined;
  }
  return out;
}

const COMPARE = new Set(['==', '===', '!=', '!==', 'in', 'not']);

/** The routing field a condition compares (`event['path'] == '/a'`, `method in ('GET', 'HEAD')`, `path.startswith('/users')`). */
function testedSubject(mod: CodeModule, cond: SyntaxNode, subjectOf: (n: SyntaxNode) => string | undefined): string | undefined {
  let found: string | undefined;
  const text = mod.source.text;
  const visit = (n: SyntaxNode) => {
    if (found) return false;
    if (n.name === 'BinaryExpression') {
      const parts = kids(n);
      const op = parts[1];
      const opText = op ? (op.name === 'CompareOp' ? textOf(text, op) : op.name) : '';
      if (COMPARE.has(opText)) {
        found = subjectOf(parts[0]) ?? subjectOf(parts[parts.length - 1]);
        if (found) return false;
      }
    }
    if (n.name === 'CallExpression') {
      const callee = n.firstChild;
      const method = callee?.name === 'MemberExpression' ? textOf(text, callee.lastChild) : '';
      if (method === 'startswith' || method === 'startsWith' || method === 'endswith' || method === 'endsWith') {
        found = subjectOf(callee!.firstChild!);
        if (found) return false;
      }
    }
    return undefined;
  };
  if (visit(cond) !== false) walk(mod, cond, visit, { only: TESTS });
  return found;
}

function containedSubject(mod: CodeModule, n: SyntaxNode | null | undefined, subjectOf: (n: SyntaxNode) => string | undefined): string | undefined {
  if (!n) return undefined;
  let found = subjectOf(n);
  if (!found)
    walk(
      mod,
      n,
      (x) => {
        if (found) return false;
        found = subjectOf(x);
        return found ? false : undefined;
      },
      { only: SUBJECT_NODES },
    );
  return found;
}

function isWildcard(mod: CodeModule, clause: SyntaxNode): boolean {
  const pattern = kids(clause)[1];
  return pattern?.name === 'CapturePattern' && textOf(mod.source.text, pattern) === '_';
}

/** `HANDLERS[event['action']]`, `ROUTES.get(event['path'])`: a lookup in a dict / object literal of handlers. */
function tableLookup(mod: CodeModule, n: SyntaxNode, subjectOf: (n: SyntaxNode) => string | undefined): Dispatch | undefined {
  const text = mod.source.text;
  let table: SyntaxNode | undefined;
  let key: SyntaxNode | undefined;
  if (n.name === 'MemberExpression') {
    const parts = kids(n);
    if (parts[1]?.name === '[' && parts[0]?.name === 'VariableName') {
      table = parts[0];
      key = parts[2];
    }
  } else if (n.name === 'CallExpression' && isPython(mod)) {
    const callee = n.firstChild;
    const ps = callee?.name === 'MemberExpression' ? kids(callee) : [];
    if (ps[0]?.name === 'VariableName' && textOf(text, ps[2]) === 'get') {
      table = ps[0];
      key = callArgs(mod, n).positional[0];
    }
  }
  if (!table || !key) return undefined;
  const subject = subjectOf(key);
  if (!subject) return undefined;
  const literal = moduleLiteral(mod, textOf(text, table));
  const entries = objectProps(mod, literal);
  if (!entries) return undefined;
  return { kind: 'table', from: n.name === 'CallExpression' ? n.firstChild!.from : n.from, to: n.name === 'CallExpression' ? (kid(n, 'ArgList')?.to ?? n.to) : n.to, subject, branches: entries.size };
}

/** The dict / object literal a module-level name is bound to, if that is all it is. */
function moduleLiteral(mod: CodeModule, name: string): SyntaxNode | undefined {
  const text = mod.source.text;
  for (const st0 of mod.topStatements) {
    const st = st0.name === 'ExportDeclaration' ? (kids(st0).find((c) => c.name === 'VariableDeclaration') ?? st0) : st0;
    const parts = kids(st);
    if (st.name === 'AssignStatement' && parts[0]?.name === 'VariableName' && textOf(text, parts[0]) === name) {
      const v = parts[parts.length - 1];
      if (v.name === 'DictionaryExpression') return v;
    }
    if (st.name === 'VariableDeclaration') {
      const i = parts.findIndex((p) => p.name === 'VariableDefinition' && textOf(text, p) === name);
      if (i < 0) continue;
      let j = i + 1;
      if (parts[j]?.name === 'TypeAnnotation') j++;
      if (parts[j]?.name === 'Equals' && parts[j + 1]?.name === 'ObjectExpression') return parts[j + 1];
    }
  }
  return undefined;
}

// ---------- routing subjects ----------

/** The access path of an expression below the event parameter: `event['requestContext']['http']['method']` → requestContext.http.method. */
function eventPath(mod: CodeModule, n: SyntaxNode | null | undefined, event: string): string[] | undefined {
  if (!n) return undefined;
  const text = mod.source.text;
  if (n.name === 'VariableName') return textOf(text, n) === event ? [] : undefined;
  if (n.name === 'ParenthesizedExpression') return eventPath(mod, kids(n)[1], event);
  if (n.name === 'MemberExpression') {
    const parts = kids(n);
    const base = eventPath(mod, parts[0], event);
    if (!base) return undefined;
    if (parts[1]?.name === '[') {
      const k = stringValue(mod, parts[2]);
      return k === undefined ? undefined : [...base, k];
    }
    if (parts[2]?.name === 'PropertyName') return [...base, textOf(text, parts[2])];
    return undefined;
  }
  // Python `event.get('path')`, `event['requestContext'].get('http', {}).get('method')`.
  if (n.name === 'CallExpression' && isPython(mod)) {
    const callee = n.firstChild;
    const ps = callee?.name === 'MemberExpression' ? kids(callee) : [];
    if (textOf(text, ps[2]) !== 'get') return undefined;
    const base = eventPath(mod, ps[0], event);
    const k = stringValue(mod, callArgs(mod, n).positional[0]);
    return base && k !== undefined ? [...base, k] : undefined;
  }
  return undefined;
}

function routingSubject(mod: CodeModule, n: SyntaxNode | null | undefined, event: string, aliases: Map<string, string>): string | undefined {
  if (!n) return undefined;
  const text = mod.source.text;
  if (n.name === 'ParenthesizedExpression') return routingSubject(mod, kids(n)[1], event, aliases);
  if (n.name === 'VariableName' && aliases.has(textOf(text, n))) return aliases.get(textOf(text, n));
  // `event.httpMethod.toUpperCase()`, `event['path'].lower()`: still the same field.
  if (n.name === 'CallExpression') {
    const callee = n.firstChild;
    const method = callee?.name === 'MemberExpression' ? textOf(text, callee.lastChild) : '';
    if (['lower', 'upper', 'strip', 'rstrip', 'toLowerCase', 'toUpperCase', 'trim'].includes(method)) return routingSubject(mod, callee!.firstChild, event, aliases);
  }
  const p = eventPath(mod, n, event);
  return p && ROUTING.has(p.join('.')) ? textOf(text, n) : undefined;
}

/** Locals holding a routing field: `route = event['routeKey']`, `const { httpMethod } = event`. */
function routingAliases(mod: CodeModule, fn: FunctionInfo, event: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = mod.source.text;
  const none = new Map<string, string>();
  walkBody(mod, fn, (n) => {
    const parts = kids(n);
    if (n.name === 'AssignStatement' && parts.length === 3 && parts[0].name === 'VariableName') {
      const s = routingSubject(mod, parts[2], event, none);
      if (s) out.set(textOf(text, parts[0]), s);
    }
    if (n.name === 'VariableDeclaration') {
      const eq = parts.findIndex((p) => p.name === 'Equals');
      const target = parts[eq - 1];
      const value = parts[eq + 1];
      if (eq < 1 || !value) return;
      if (target.name === 'VariableDefinition') {
        const s = routingSubject(mod, value, event, none);
        if (s) out.set(textOf(text, target), s);
      } else if (target.name === 'ObjectPattern') {
        const base = eventPath(mod, value, event);
        if (!base) return;
        for (const prop of kids(target)) {
          if (prop.name !== 'PatternProperty') continue;
          const pk = kids(prop);
          const key = textOf(text, pk[0]);
          const local = pk.find((x) => x.name === 'VariableDefinition');
          if (local && ROUTING.has([...base, key].join('.'))) out.set(textOf(text, local), `${textOf(text, value)}.${key}`);
        }
      }
    }
  }, ALIAS_BINDINGS);
  return out;
}
