import type { SyntaxNode } from '@lezer/common';
import { clientCreation } from '../../code/clients';
import { hoistEdits } from '../../code/hoist';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { assignmentTargets, boundNamesDeep, moduleNamesWritten, readsIn } from '../../code/scopes';
import { calledModuleFunctions, calleePath, dottedPath, enclosingStatement, globalDeclarations, isPython, localNames } from '../../code/syntax';
import { walk } from '../../code/walk';
import { kids, textOf } from '../../parse/code';
import type { CodeRule, FixInput } from '../api';

const FIX_TITLE = 'Hoist client initialization out of the handler';
const CLASS_NODES = new Set(['ClassDefinition', 'ClassDeclaration', 'ClassExpression']);
const FUNCTION_NODES = new Set(['FunctionDefinition', 'LambdaExpression', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);

/** What each walk below looks at (walk builds only those nodes). */
const IFS = { only: new Set(['IfStatement']), prune: FUNCTION_NODES };
const RETURNS = { only: new Set(['ReturnStatement']), prune: FUNCTION_NODES };
const CALLS = new Set(['CallExpression', 'NewExpression']);
const CREATIONS = { only: CALLS, prune: CLASS_NODES };
const IMPURE = { only: new Set([...CALLS, 'AwaitExpression', 'YieldExpression', ...FUNCTION_NODES]) };
const AWAITS = { only: new Set(['AwaitExpression', 'YieldExpression', 'await', 'yield']), prune: FUNCTION_NODES };

/** Credentials of an assumed role expire and belong to one invocation: a client built from them must stay put. */
const PER_INVOCATION_CREDENTIAL_CALLS = new Set(['assume_role', 'assume_role_with_web_identity', 'assume_role_with_saml', 'get_session_token', 'get_federation_token', 'assumeRole', 'assumeRoleWithWebIdentity', 'getSessionToken']);
const PER_INVOCATION_CREDENTIAL_COMMANDS = new Set(['AssumeRoleCommand', 'AssumeRoleWithWebIdentityCommand', 'AssumeRoleWithSAMLCommand', 'GetSessionTokenCommand', 'GetFederationTokenCommand']);

/** Calls that only read configuration, so a local computed with them can move to module scope with the client. */
const PURE_CALLS_PY = new Set(['os.getenv', 'os.environ.get', 'str', 'int', 'float', 'bool']);
const PURE_CALLS_JS = new Set(['String', 'Number', 'Boolean', 'parseInt', 'parseFloat']);

/** What the checks need to know about one function, computed once (handlers can be long). */
interface Scope {
  fn: FunctionInfo;
  /** Names bound anywhere inside fn: their values may differ per invocation. */
  bound: Set<string>;
  /** Names bound in fn's own scope (Python `global` names excluded). */
  locals: Set<string>;
  globals: Set<string>;
  assignments: Map<string, SyntaxNode[]>;
  /** `if` statements (with a `return` inside) by position: early-return cache guards. */
  returningIfs: SyntaxNode[];
}

function scopeOf(mod: CodeModule, fn: FunctionInfo): Scope {
  const returningIfs: SyntaxNode[] = [];
  walk(mod, fn.body, (n) => {
    let returns = false;
    walk(mod, n, () => {
      returns = true;
      return false;
    }, RETURNS);
    if (returns) returningIfs.push(n);
  }, IFS);
  return {
    fn,
    bound: boundNamesDeep(mod, fn),
    locals: localNames(mod, fn),
    globals: globalDeclarations(mod, fn),
    assignments: assignmentTargets(mod, fn),
    returningIfs,
  };
}

interface Verdict {
  /** The hoist, when the statement can move as it is. */
  fix?: FixInput;
}

export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA101',
    slug: 'client-init-in-handler',
    title: 'SDK client, connection or HTTP session created inside the handler',
    defaultSeverity: 'warning',
    category: 'performance',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    hasFix: true,
    summary:
      'An AWS SDK client or session, a database connection or pool, or an HTTP session is created inside the handler (or a helper it calls) from values that are already known at module scope, so every invocation pays for a new client, new TLS connections and credential resolution. Created once at module scope, it is reused by every warm invocation of the execution environment.',
  },
  check(ctx) {
    const mod = ctx.module;
    const reported = new Set<number>();
    for (const h of ctx.handlers) {
      const fns = [h.fn, ...calledModuleFunctions(mod, h.fn).filter((f) => !isMemoized(mod, f))];
      const scopes = fns.map((fn) => scopeOf(mod, fn));
      // Module-level names the handler or its helpers assign may hold per-invocation values.
      const written = new Set<string>();
      for (const s of scopes) for (const n of moduleNamesWritten(mod, s.fn, s.bound)) written.add(n);

      for (const scope of scopes) {
        for (const call of creationCalls(mod, scope)) {
          if (reported.has(call.from)) continue;
          const verdict = judge(mod, scope, call, written);
          if (!verdict) continue;
          reported.add(call.from);
          const viaHelper = scope.fn !== h.fn;
          const where = viaHelper ? ` (${h.fn.name} calls ${scope.fn.name} on every invocation)` : '';
          ctx.report({
            from: call.from,
            to: call.to,
            message: `${display(mod, call)} is created on every invocation${where}; create it once at module scope so warm invocations reuse it.`,
            fixes: verdict.fix ? [verdict.fix] : undefined,
            functionId: h.functions[0]?.id,
            related: viaHelper ? [{ from: h.fn.nameSpan.from, to: h.fn.nameSpan.to, message: `handler ${h.fn.name} runs ${scope.fn.name} on every invocation` }] : undefined,
          });
        }
      }
    }
  },
};

/** Client-creating calls anywhere in the function (nested functions and loops included: they run per invocation too). */
function creationCalls(mod: CodeModule, scope: Scope): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const isLocal = (name: string) => scope.bound.has(name);
  const visit = (n: SyntaxNode) => {
    if (CLASS_NODES.has(n.name)) return false;
    if (clientCreation(mod, n, isLocal)) found.push(n);
    return undefined;
  };
  visit(scope.fn.body);
  walk(mod, scope.fn.body, visit, CREATIONS);
  // One finding per client: `DynamoDBDocumentClient.from(new DynamoDBClient({}))`, `boto3.Session().client('s3')`.
  return found.filter((c) => !found.some((o) => o !== c && o.from <= c.from && o.to >= c.to));
}

/** Whether the creation runs per invocation from module-scope values (a finding), and how to hoist it. */
function judge(mod: CodeModule, scope: Scope, call: SyntaxNode, written: Set<string>): Verdict | undefined {
  const { fn } = scope;
  if (usesAssumedRoleCredentials(mod, call)) return undefined;
  const unsafe = (name: string) => scope.bound.has(name) || written.has(name);

  const statement = enclosingStatement(call);
  const inFunction = statement.from > fn.body.from && statement.to <= fn.body.to;
  if (inFunction && isLazyModuleCache(mod, scope, call, statement, written)) return undefined;

  // Locals the constructor reads: allowed only when their assignments can move to module scope too.
  const deps: SyntaxNode[] = [];
  const reads = new Set<string>();
  const needs = (node: SyntaxNode, depth: number): boolean => {
    for (const { name } of readsIn(mod, node)) {
      reads.add(name);
      if (!unsafe(name)) continue;
      if (written.has(name) || depth > 5) return false;
      const dep = hoistableLocal(mod, scope, name, statement);
      if (!dep) return false;
      if (deps.some((d) => sameNode(d, dep.statement))) continue;
      if (!needs(dep.value, depth + 1)) return false;
      deps.push(dep.statement);
    }
    return true;
  };
  if (!needs(call, 0)) return undefined;
  const callNeedsLocals = deps.length > 0;

  const plain = inFunction ? plainAssignment(mod, statement) : undefined;
  // The rest of the statement (`boto3.resource('dynamodb').Table(name)`) moves too: it must be module-safe as well.
  const hoistable = !!plain && !mod.moduleNames.has(plain.name) && !hasAwait(mod, statement) && needs(plain.value, 0) && deps.every((d) => d.from < statement.from);
  if (!hoistable) return callNeedsLocals ? undefined : {};

  const statements = [...deps.sort((a, b) => a.from - b.from), statement];
  const edits = hasNameCollision(mod, statements) ? undefined : hoistEdits(mod, statements, reads);
  if (!edits) return callNeedsLocals ? undefined : {};
  const preferred = !scope.globals.has(plain!.name) && (scope.assignments.get(plain!.name)?.length ?? 0) === 1 && !insideNestedFunction(statement, fn);
  return { fix: { title: FIX_TITLE, preferred, edits } };
}

/**
 * `if client is None: client = boto3.client(...)`, `client ??= new S3Client({})`,
 * `if (!pool) pool = new Pool()`: the client is cached in module state and created once per
 * execution environment, which is the pattern this rule asks for.
 */
function isLazyModuleCache(mod: CodeModule, scope: Scope, call: SyntaxNode, statement: SyntaxNode, written: Set<string>): boolean {
  const text = mod.source.text;
  let assign: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = call.parent; n && n.from >= statement.from; n = n.parent) {
    if (n.name === 'AssignStatement' || n.name === 'AssignmentExpression') {
      assign = n;
      break;
    }
  }
  if (!assign?.firstChild) return false;
  const root = rootName(assign.firstChild);
  if (!root) return false;
  const rootText = textOf(text, root);
  const isPlainName = sameNode(assign.firstChild, root);
  const moduleLevel = isPython(mod)
    ? isPlainName
      ? scope.globals.has(rootText)
      : !scope.bound.has(rootText) && mod.moduleNames.has(rootText)
    : !scope.bound.has(rootText);
  if (!moduleLevel) return false;

  const state = (n: SyntaxNode) => readsIn(mod, n).some((r) => r.name === rootText || written.has(r.name));
  // client ??= new X(), client ||= new X()
  const op = kids(assign).find((c) => c.name === 'UpdateOp');
  if (op && ['??=', '||='].includes(textOf(text, op))) return true;
  // client = client or boto3.client(...), client = client ?? new X()
  const value = assign.lastChild;
  if (value?.name === 'BinaryExpression' && value.firstChild && state(value.firstChild) && call.from > value.firstChild.to) return true;
  // An enclosing `if` whose condition reads the cache.
  for (let n: SyntaxNode | null = call.parent; n && n.from >= scope.fn.body.from; n = n.parent) {
    if (n.name === 'IfStatement' && ifConditions(n).some(state)) return true;
  }
  // An earlier `if client is not None: return client` in the same function.
  return scope.returningIfs.some((n) => n.to <= statement.from && ifConditions(n).some(state));
}

function ifConditions(ifNode: SyntaxNode): SyntaxNode[] {
  const parts = kids(ifNode);
  return parts.filter((c, i) => {
    if (c.name === 'ParenthesizedExpression') return parts[i - 1]?.name === 'if'; // JS `if (cond)`
    return i > 0 && (parts[i - 1].name === 'if' || parts[i - 1].name === 'elif'); // Python `if cond:` / `elif cond:`
  });
}

function rootName(n: SyntaxNode): SyntaxNode | undefined {
  let cur: SyntaxNode | null = n;
  while (cur && cur.name === 'MemberExpression') cur = cur.firstChild;
  return cur?.name === 'VariableName' ? cur : undefined;
}

/** `s3 = boto3.client('s3')` / `const s3 = new S3Client({})`: one plain name, one value. */
function plainAssignment(mod: CodeModule, st: SyntaxNode): { name: string; value: SyntaxNode } | undefined {
  const parts = kids(st);
  if (isPython(mod)) {
    if (st.name !== 'AssignStatement') return undefined;
    const ops = parts.filter((p) => p.name === 'AssignOp');
    const target = parts[0];
    if (ops.length !== 1 || target?.name !== 'VariableName' || !(parts[1]?.name === 'AssignOp' || parts[1]?.name === 'TypeDef')) return undefined;
    const value = parts[parts.length - 1];
    return value && value !== ops[0] ? { name: textOf(mod.source.text, target), value } : undefined;
  }
  if (st.name !== 'VariableDeclaration') return undefined;
  const defs = parts.filter((p) => p.name === 'VariableDefinition' || p.name === 'ObjectPattern' || p.name === 'ArrayPattern');
  if (defs.length !== 1 || defs[0].name !== 'VariableDefinition') return undefined;
  const eq = parts.findIndex((p) => p.name === 'Equals');
  const value = eq >= 0 ? parts[eq + 1] : undefined;
  return value ? { name: textOf(mod.source.text, defs[0]), value } : undefined;
}

/**
 * A local that the constructor reads, assigned once, directly in the function body before the
 * creation, from configuration only (literals, module names, environment variables): it can
 * move to module scope together with the client.
 */
function hoistableLocal(mod: CodeModule, scope: Scope, name: string, creation: SyntaxNode): { statement: SyntaxNode; value: SyntaxNode } | undefined {
  const { fn } = scope;
  if (fn.params.some((p) => p.name === name) || !scope.locals.has(name)) return undefined;
  const targets = scope.assignments.get(name) ?? [];
  if (targets.length !== 1) return undefined;
  const st = enclosingStatement(targets[0]);
  if (!sameNode(st.parent, fn.body) || st.to > creation.from) return undefined;
  const plain = plainAssignment(mod, st);
  if (!plain || plain.name !== name || mod.moduleNames.has(name) || !isPureValue(mod, plain.value)) return undefined;
  return { statement: st, value: plain.value };
}

/** Values that do the same thing at module scope as in the handler: no calls except to env/conversion helpers. */
function isPureValue(mod: CodeModule, value: SyntaxNode): boolean {
  let pure = true;
  const allowed = isPython(mod) ? PURE_CALLS_PY : PURE_CALLS_JS;
  const visit = (n: SyntaxNode) => {
    if (!pure) return false;
    if (n.name === 'CallExpression' || n.name === 'NewExpression') {
      const path = n.name === 'CallExpression' ? calleePath(mod, n) : undefined;
      if (!path || !allowed.has(path)) pure = false;
    }
    if (n.name === 'AwaitExpression' || n.name === 'YieldExpression' || FUNCTION_NODES.has(n.name)) pure = false;
    return undefined;
  };
  visit(value);
  walk(mod, value, visit, IMPURE);
  return pure;
}

function usesAssumedRoleCredentials(mod: CodeModule, call: SyntaxNode): boolean {
  let found = false;
  walk(mod, call, (n) => {
    if (found) return false;
    if (n.name === 'CallExpression') {
      const callee = n.firstChild;
      const method = callee?.name === 'MemberExpression' ? callee.lastChild : callee;
      if (method && PER_INVOCATION_CREDENTIAL_CALLS.has(textOf(mod.source.text, method))) found = true;
    }
    if (n.name === 'NewExpression') {
      const path = calleePath(mod, n);
      if (path && PER_INVOCATION_CREDENTIAL_COMMANDS.has(path.split('.').pop()!)) found = true;
    }
    return undefined;
  }, { only: CALLS });
  return found;
}

function hasAwait(mod: CodeModule, n: SyntaxNode): boolean {
  let found = false;
  walk(mod, n, () => {
    found = true;
    return false;
  }, AWAITS);
  return found;
}

function insideNestedFunction(st: SyntaxNode, fn: FunctionInfo): boolean {
  for (let n = st.parent; n && !sameNode(n, fn.node); n = n.parent) if (FUNCTION_NODES.has(n.name)) return true;
  return false;
}

/** Two hoisted statements binding the same name would clash at module scope. */
function hasNameCollision(mod: CodeModule, statements: SyntaxNode[]): boolean {
  const names = statements.map((s) => plainAssignment(mod, s)?.name);
  return new Set(names).size !== names.length;
}

/** How the message names the client: the call itself when short, else its callee. */
function display(mod: CodeModule, call: SyntaxNode): string {
  const text = textOf(mod.source.text, call);
  if (text.length <= 60 && !text.includes('\n')) return text;
  const callee = call.name === 'NewExpression' ? kids(call).find((c) => c.name !== 'new') : call.firstChild;
  const path = callee ? (dottedPath(mod, callee) ?? textOf(mod.source.text, callee)) : '';
  return `${call.name === 'NewExpression' ? 'new ' : ''}${path}(...)`;
}

/** `@functools.lru_cache` / `@cache` helpers build their client once per execution environment. */
function isMemoized(mod: CodeModule, fn: FunctionInfo): boolean {
  if (!isPython(mod) || fn.statement.name !== 'DecoratedStatement') return false;
  return kids(fn.statement).some((d) => {
    if (d.name !== 'Decorator') return false;
    const names = kids(d).filter((c) => c.name === 'VariableName');
    const last = names[names.length - 1];
    return !!last && ['lru_cache', 'cache'].includes(textOf(mod.source.text, last));
  });
}

/** Lezer hands out a fresh object for the same node on each visit: compare positions, not identity. */
function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.from === b.from && a.to === b.to && a.name === b.name;
}
