/**
 * The IAM permissions a function's role holds, as written in the template: policy statements
 * (inline role policies, AWS::IAM::Policy / ManagedPolicy / RolePolicy attached to the role,
 * SAM `Policies` documents, Serverless `provider.iam.role.statements` / `iamRoleStatements`),
 * managed policies named by ARN or SAM short name, and SAM policy templates (`S3CrudPolicy: ...`).
 * Only what the template shows: a role given as an ARN or built elsewhere yields nothing.
 */
import { entry, get, isMap, isScalar, isSeq, str } from '../parse/tree';
import type { TEntry, TMap, TNode, TScalar } from '../parse/tree';
import { refTarget } from './load';
import type { FunctionModel, ResourceInfo, TemplateDoc } from './model';

export interface PolicyStatement {
  node: TMap;
  /** `Allow`, `Deny`, or undefined when it is not a literal. */
  effect: string | undefined;
  /** The `Action` or `NotAction` entry. */
  action: TEntry | undefined;
  notAction: boolean;
  /** The `Resource` or `NotResource` entry. */
  resource: TEntry | undefined;
  notResource: boolean;
  /** Where the statement comes from, for messages: `inline policy P of role R`. */
  origin: string;
}

/** A managed policy attached by ARN (`arn:aws:iam::aws:policy/AdministratorAccess`) or SAM short name. */
export interface ManagedPolicyUse {
  node: TScalar;
  /** The policy name: the part after the last `/` of an ARN, or the short name. */
  name: string;
  /** True for AWS managed policies (`arn:aws:iam::aws:policy/...` or a SAM short name). */
  awsManaged: boolean;
}

/** A SAM policy template use: `- S3CrudPolicy: { BucketName: !Ref B }`. */
export interface PolicyTemplateUse {
  name: string;
  entry: TEntry;
  params: TMap | undefined;
}

export interface Permissions {
  statements: PolicyStatement[];
  managed: ManagedPolicyUse[];
  templates: PolicyTemplateUse[];
}

/** The scalar items of a value that is one scalar or a list of them (Action, Resource). */
export function scalarItems(n: TNode | undefined): TScalar[] {
  if (isScalar(n)) return [n];
  if (isSeq(n)) return n.items.filter(isScalar);
  return [];
}

/** Statements of a policy document (`Statement` is a list or a single map). */
export function statementsOf(policyDocument: TNode | undefined, origin: string): PolicyStatement[] {
  const st = get(policyDocument, 'Statement');
  const items = isSeq(st) ? st.items : st ? [st] : [];
  return items.filter(isMap).map((s) => statementFrom(s, origin));
}

/** One statement map (also a Serverless `iamRoleStatements` item, which has the same keys). */
export function statementFrom(s: TMap, origin: string): PolicyStatement {
  const notAction = !entry(s, 'Action') && !!entry(s, 'NotAction');
  const notResource = !entry(s, 'Resource') && !!entry(s, 'NotResource');
  return {
    node: s,
    effect: str(get(s, 'Effect')),
    action: entry(s, notAction ? 'NotAction' : 'Action'),
    notAction,
    resource: entry(s, notResource ? 'NotResource' : 'Resource'),
    notResource,
    origin,
  };
}

function managedUse(n: TNode): ManagedPolicyUse | undefined {
  if (!isScalar(n)) return undefined;
  const s = str(n);
  if (!s) return undefined;
  if (s.startsWith('arn:')) {
    const name = s.slice(s.lastIndexOf('/') + 1);
    return { node: n, name, awsManaged: /^arn:aws[\w-]*:iam::aws:policy\//.test(s) };
  }
  // SAM accepts AWS managed policy names without the ARN prefix.
  return { node: n, name: s, awsManaged: true };
}

/** Which permissions a role resource carries, itself and through policies attached to it. */
export function rolePermissions(doc: TemplateDoc, role: ResourceInfo): Permissions {
  const out: Permissions = { statements: [], managed: [], templates: [] };
  if (role.type !== 'AWS::IAM::Role') return out;
  const policies = get(role.properties, 'Policies');
  if (isSeq(policies))
    for (const p of policies.items) {
      const name = str(get(p, 'PolicyName'));
      out.statements.push(...statementsOf(get(p, 'PolicyDocument'), `inline policy ${name ? `${name} ` : ''}of role ${role.id}`));
    }
  for (const arn of scalarOrRefItems(get(role.properties, 'ManagedPolicyArns'))) {
    const target = refTarget(arn);
    const res = target ? doc.resources.get(target) : undefined;
    if (res?.type === 'AWS::IAM::ManagedPolicy') out.statements.push(...statementsOf(get(res.properties, 'PolicyDocument'), `managed policy ${res.id}`));
    else {
      const m = managedUse(arn);
      if (m) out.managed.push(m);
    }
  }
  // Policies that name the role: `Roles: [!Ref R]` (Policy, ManagedPolicy) or `RoleName: !Ref R` (RolePolicy).
  for (const res of doc.resources.values()) {
    const p = res.properties;
    let attached = false;
    if (res.type === 'AWS::IAM::Policy' || res.type === 'AWS::IAM::ManagedPolicy') {
      const roles = get(p, 'Roles');
      attached = isSeq(roles) && roles.items.some((r) => refTarget(r) === role.id);
    } else if (res.type === 'AWS::IAM::RolePolicy') attached = refTarget(get(p, 'RoleName')) === role.id;
    if (attached) out.statements.push(...statementsOf(get(p, 'PolicyDocument'), `${res.type.slice(5)} ${res.id}`));
  }
  return out;
}

function scalarOrRefItems(n: TNode | undefined): TNode[] {
  if (isSeq(n)) return n.items;
  return n ? [n] : [];
}

/**
 * SAM `Policies`: a managed policy name/ARN, a policy document, or a list of any of these and
 * policy templates (a one-key map whose key ends in `Policy`, e.g. `SQSSendMessagePolicy`).
 */
export function samPolicies(policies: TNode | undefined, fnId: string): Permissions {
  const out: Permissions = { statements: [], managed: [], templates: [] };
  const items = isSeq(policies) ? policies.items : policies ? [policies] : [];
  for (const it of items) {
    if (isScalar(it)) {
      const m = managedUse(it);
      if (m) out.managed.push(m);
    } else if (isMap(it)) {
      if (entry(it, 'Statement')) out.statements.push(...statementsOf(it, `Policies of ${fnId}`));
      else if (it.entries.length === 1 && !refTarget(it)) {
        const e = it.entries[0];
        const params = isMap(e.value) ? e.value : undefined;
        out.templates.push({ name: String(e.key.value), entry: e, params });
      } else {
        const m = managedUse(it); // e.g. `!Ref SomeManagedPolicy` stays unknown
        if (m) out.managed.push(m);
      }
    }
  }
  return out;
}

/**
 * Serverless Framework: statements and managed policies of the role the framework generates
 * for functions without their own `role` (`provider.iam.role.statements` / `managedPolicies`,
 * or the older `provider.iamRoleStatements` / `iamManagedPolicies`).
 */
export function serverlessProviderPermissions(doc: TemplateDoc): Permissions {
  const out: Permissions = { statements: [], managed: [], templates: [] };
  const provider = doc.functionDefaults;
  const role = get(provider, 'iam', 'role');
  const lists: Array<[TNode | undefined, string]> = [
    [isMap(role) ? get(role, 'statements') : undefined, 'provider.iam.role.statements'],
    [get(provider, 'iamRoleStatements'), 'provider.iamRoleStatements'],
  ];
  for (const [list, origin] of lists) if (isSeq(list)) for (const s of list.items) if (isMap(s)) out.statements.push(statementFrom(s, origin));
  for (const list of [isMap(role) ? get(role, 'managedPolicies') : undefined, get(provider, 'iamManagedPolicies')])
    if (isSeq(list)) for (const it of list.items) {
      const m = managedUse(it);
      if (m) out.managed.push(m);
    }
  return out;
}

function merge(into: Permissions, from: Permissions): void {
  into.statements.push(...from.statements);
  into.managed.push(...from.managed);
  into.templates.push(...from.templates);
}

/** Everything the template grants `fn`'s role. */
export function functionPermissions(fn: FunctionModel): Permissions {
  const doc = fn.template;
  const out: Permissions = { statements: [], managed: [], templates: [] };
  if (fn.role.kind === 'resource') {
    const role = doc.resources.get(fn.role.id);
    if (role) merge(out, rolePermissions(doc, role));
  }
  if (fn.resourceType === 'AWS::Serverless::Function' && fn.role.kind === 'generated') merge(out, samPolicies(fn.prop('Policies')?.node, fn.id));
  if (fn.resourceType === 'serverless') {
    if (!fn.prop('Role')) merge(out, serverlessProviderPermissions(doc));
    // serverless-iam-roles-per-function: statements on the function itself.
    const own = get(fn.properties, 'iamRoleStatements');
    if (isSeq(own)) for (const s of own.items) if (isMap(s)) out.statements.push(statementFrom(s, `iamRoleStatements of ${fn.id}`));
  }
  return out;
}
