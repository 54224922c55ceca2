import { entry, get, intrinsicName, isMap, isSeq, str, toPlain } from '../../parse/tree';
import type { TMap, TNode } from '../../parse/tree';
import { refTarget } from '../../template/load';
import type { FunctionModel, PropValue, ResourceInfo, TemplateDoc } from '../../template/model';
import {
  columnOf,
  copyEntry,
  deleteEntry,
  insertEntriesAfter,
  insertEntry,
  insertItemsAfter,
  relativeText,
  contentEnd,
  entryValueText,
  removePath,
  replaceEntryWith,
  replaceScalar,
} from '../../template/edits';
import type { TemplateEdit } from '../../template/edits';
import { referencesTo, renameSubVariable } from '../../template/references';
import type { TemplateReference } from '../../template/references';
import type { FixInput, OffsetSpan, TemplateRule, TemplateRuleContext } from '../api';

const ADVICE = "give each function its own role so a change for one cannot widen the others' permissions.";
const FIX_TITLE = 'Give each function its own role';

/** A function and the Role setting it runs with (its own, or SAM Globals / serverless provider). */
interface Use {
  fn: FunctionModel;
  pv: PropValue;
}

type Related = OffsetSpan & { message: string };

export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA201',
    slug: 'shared-role',
    title: 'Several functions share one IAM role',
    defaultSeverity: 'warning',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'Two or more Lambda functions run with the same IAM role, so each of them holds the permissions all of them need, and a permission added for one silently reaches the others. Give each function its own least-privilege role.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const groups = new Map<string, Use[]>();
    for (const fn of doc.functions) {
      const pv = fn.prop('Role');
      if (!pv) continue; // SAM generates a role per function; serverless defaults are handled below.
      const key = roleKey(doc, fn, pv.node);
      const list = groups.get(key) ?? [];
      list.push({ fn, pv });
      groups.set(key, list);
    }
    for (const [key, uses] of groups) if (uses.length >= 2) reportGroup(ctx, key, uses);
    if (doc.kind === 'serverless') checkServerlessDefaultRole(ctx);
  },
};

/**
 * Which role a Role value names, so that different spellings of one role compare equal:
 * `!GetAtt R.Arn`, `{"Fn::GetAtt": ["R","Arn"]}`, `!Ref R`, `!Sub "${R.Arn}"` are all `res:R`.
 * Anything else is the same role when it is the same expression (within one template, equal
 * expressions have equal values).
 */
function roleKey(doc: TemplateDoc, fn: FunctionModel, node: TNode): string {
  if (fn.role.kind === 'resource' && doc.resources.has(fn.role.id)) return `res:${fn.role.id}`;
  const target = refTarget(node);
  if (target && doc.parameters.has(target)) return `param:${target}`;
  const s = str(node);
  if (s !== undefined) return `arn:${s}`;
  return `expr:${JSON.stringify(toPlain(node))}`;
}

function describeRole(key: string): string {
  const [kind, ...rest] = key.split(':');
  const value = rest.join(':');
  if (kind === 'res' || kind === 'arn') return `role ${value}`;
  if (kind === 'param') return `the role of parameter ${value}`;
  return 'the role given by the same Role expression';
}

/** Where a value ends for a diagnostic range: YAML block values end at their content, not at the comments after it. */
function end(doc: TemplateDoc, n: TNode): number {
  return contentEnd(doc.source, n);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function names(list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function reportGroup(ctx: TemplateRuleContext, key: string, uses: Use[]): void {
  const doc = ctx.template;
  const role = key.startsWith('res:') ? doc.resources.get(key.slice(4)) : undefined;
  const what = describeRole(key);
  const own = uses.filter((u) => u.pv.source === 'function');
  const inherited = uses.filter((u) => u.pv.source !== 'function');
  const defaults = inherited[0]?.pv;
  const defaultsName = defaults?.source === 'provider' ? 'provider' : 'Globals';

  const fix = role && role.type === 'AWS::IAM::Role' && doc.kind !== 'serverless' ? splitRoleFix(doc, role, uses) : undefined;
  const note = fix
    ? ''
    : key.startsWith('arn:') || key.startsWith('param:')
      ? ' There is no quick fix: the role is defined outside this template.'
      : '';

  const roleRelated: Related[] = role ? [{ from: role.entry.key.from, to: role.entry.key.to, message: `${role.id} is the shared role` }] : [];
  const ownRelated = (u: Use): Related => ({ from: u.pv.node.from, to: end(doc, u.pv.node), message: `${u.fn.id} uses the same role` });
  const defaultsRelated: Related[] = defaults
    ? [
        {
          from: defaults.node.from,
          to: end(doc, defaults.node),
          message: `${defaultsName} Role gives the same role to ${names(inherited.map((u) => u.fn.id))}`,
        },
      ]
    : [];
  const fixes = fix ? [fix] : undefined;

  for (const u of own) {
    const others = uses.length - 1;
    ctx.report({
      from: u.pv.node.from,
      to: end(doc, u.pv.node),
      message: `${u.fn.id} shares ${what} with ${plural(others, 'other function')}; ${ADVICE}${note}`,
      related: [...roleRelated, ...own.filter((o) => o !== u).map(ownRelated), ...defaultsRelated],
      fixes,
      functionId: u.fn.id,
    });
  }
  if (defaults) {
    // One finding at the Globals/provider value rather than one per inheriting function: that is
    // the line to change, and N identical warnings on function names would only be noise.
    ctx.report({
      from: defaults.node.from,
      to: end(doc, defaults.node),
      message: `${defaultsName} Role gives ${what} to ${plural(uses.length, 'function')} (${names(uses.map((u) => u.fn.id))}); ${ADVICE}${note}`,
      related: [
        ...roleRelated,
        ...inherited.map((u) => ({ from: u.fn.entry.key.from, to: u.fn.entry.key.to, message: `${u.fn.id} inherits this role` })),
        ...own.map(ownRelated),
      ],
      fixes,
    });
  }
}

// ---------------- the fix ----------------

/** Logical ids `<FunctionId>Role`, made unique against every id the template already uses. */
function newRoleIds(doc: TemplateDoc, uses: Use[]): string[] {
  const taken = new Set<string>([...doc.resources.keys(), ...doc.parameters.keys()]);
  for (const section of ['Resources', 'Parameters', 'Conditions', 'Mappings', 'Outputs']) {
    const m = get(doc.root, section);
    if (isMap(m)) for (const e of m.entries) taken.add(String(e.key.value));
  }
  return uses.map((u) => {
    const base = `${u.fn.id}Role`;
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
    taken.add(id);
    return id;
  });
}

/** Edits that make a reference (`!GetAtt Old.Arn`, `Fn::GetAtt: [Old, Arn]`, `!Ref Old`, `!Sub ${Old.Arn}`) name `newId`, in the same syntax. */
function retarget(doc: TemplateDoc, node: TNode, oldId: string, newId: string): TemplateEdit[] | undefined {
  const ref = referencesTo(node, oldId).find((r) => r.node === node);
  if (!ref) return undefined;
  const value = str(ref.target) ?? '';
  const swapped =
    ref.kind === 'Sub' ? renameSubVariable(value, oldId, newId) : ref.kind === 'GetAtt' && value.startsWith(`${oldId}.`) ? newId + value.slice(oldId.length) : newId;
  // Only a logical id (letters and digits) changed, so a plain scalar stays valid unquoted.
  return [replaceScalar(doc, ref.target, swapped, { keepPlain: true })];
}

/** IAM policies attached to the role through their `Roles` list: each new role must be attached too. */
function attachmentList(doc: TemplateDoc, ref: TemplateReference): TNode | undefined {
  for (const res of doc.resources.values()) {
    if (res.type !== 'AWS::IAM::Policy' && res.type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = get(res.properties, 'Roles');
    if (isSeq(roles) && roles.items.includes(ref.node)) return roles;
  }
  return undefined;
}

/**
 * One role per function, copied from the shared role's text (only the logical id changes, and a
 * fixed RoleName is dropped because IAM role names are unique per account); each function's Role
 * points at its copy in the syntax it used; policies attached through `Roles` lists get the new
 * roles too; the shared role goes away unless something else still refers to it.
 */
function splitRoleFix(doc: TemplateDoc, role: ResourceInfo, uses: Use[]): FixInput | undefined {
  const resources = get(doc.root, 'Resources');
  if (!isMap(resources) || !resources.entries.includes(role.entry)) return undefined;
  const ids = newRoleIds(doc, uses);

  const roleName = entry(role.properties, 'RoleName');
  const inner: TemplateEdit[] = [];
  if (roleName && role.properties) {
    const del = deleteEntry(doc, role.properties, roleName);
    if (!del) return undefined;
    inner.push(del);
  }
  const copies = ids.map((id) => copyEntry(doc, role.entry, id, inner));
  if (copies.some((c) => c === undefined)) return undefined;

  const roleNodes = new Set(uses.map((u) => u.pv.node));
  const refs = referencesTo(doc.root, role.id).filter((r) => !roleNodes.has(r.node) && !(r.node.from >= role.entry.from && r.node.to <= role.entry.to));
  // An inline policy attached by role name cannot be carried over by editing a list: withhold the fix rather than drop permissions.
  for (const res of doc.resources.values())
    if (res.type === 'AWS::IAM::RolePolicy' && refs.some((r) => r.node.from >= res.entry.from && r.node.to <= res.entry.to)) return undefined;
  const attached = refs.filter((r) => r.kind === 'Ref' && attachmentList(doc, r));
  const keepShared = refs.some((r) => !attached.includes(r));

  const edits: TemplateEdit[] = [];
  const push = (e: TemplateEdit | TemplateEdit[] | undefined): boolean => {
    if (!e) return false;
    edits.push(...(Array.isArray(e) ? e : [e]));
    return true;
  };

  const placed = keepShared
    ? insertEntriesAfter(doc, resources, role.entry, copies as string[])
    : replaceEntryWith(doc, resources, role.entry, copies as string[]);
  if (!push(placed)) return undefined;

  let defaults: PropValue | undefined;
  for (let i = 0; i < uses.length; i++) {
    const { fn, pv } = uses[i];
    const edit = retarget(doc, pv.node, role.id, ids[i]);
    if (!edit) return undefined;
    if (pv.source === 'function') {
      push(edit);
      continue;
    }
    // Inherited from Globals: the function gets its own Role setting, written like the Globals one.
    defaults = pv;
    if (!isMap(fn.properties)) return undefined;
    const value = entryValueText(doc, pv.entry, edit);
    if (!push(insertEntry(doc, fn.properties as TMap, 'Role', value))) return undefined;
  }
  if (defaults && !push(removePath(doc, doc.root, ['Globals', 'Function', 'Role']))) return undefined;

  for (const ref of attached) {
    const list = attachmentList(doc, ref);
    if (!isSeq(list)) return undefined;
    const col = columnOf(doc.source, ref.node.from);
    const texts: string[] = [];
    for (const id of ids) {
      const e = retarget(doc, ref.node, role.id, id);
      if (!e) return undefined;
      texts.push(relativeText(doc.source, ref.node, col, e));
    }
    if (keepShared) {
      if (!push(insertItemsAfter(doc, list, ref.node, texts))) return undefined;
    } else {
      // The shared role goes away: its list item becomes the first new role, the others follow it.
      push(retarget(doc, ref.node, role.id, ids[0]));
      if (texts.length > 1 && !push(insertItemsAfter(doc, list, ref.node, texts.slice(1)))) return undefined;
    }
  }
  return { title: FIX_TITLE, preferred: false, edits };
}

// ---------------- Serverless Framework ----------------

/**
 * Serverless Framework functions without their own `role` all run with the one role the framework
 * generates for the service. That role only matters once the service grants it something
 * (`provider.iam.role.statements` / `managedPolicies`, or the older `iamRoleStatements` /
 * `iamManagedPolicies`), or when `provider.iam.role` names one existing role for all of them.
 * Reported once, where those permissions are written. No fix: splitting means per-function
 * statements, which the framework itself does not offer.
 */
function checkServerlessDefaultRole(ctx: TemplateRuleContext): void {
  const doc = ctx.template;
  const provider = doc.functionDefaults;
  const sharing = doc.functions.filter((fn) => !fn.prop('Role'));
  if (sharing.length < 2 || !isMap(provider)) return;
  const related: Related[] = sharing.map((fn) => ({ from: fn.entry.key.from, to: fn.entry.key.to, message: `${fn.id} runs with this role` }));
  const list = names(sharing.map((fn) => fn.id));

  const iamRole = entry(get(provider, 'iam'), 'role');
  if (iamRole && (!isMap(iamRole.value) || intrinsicName(iamRole.value))) {
    ctx.report({
      from: iamRole.value.from,
      to: end(doc, iamRole.value),
      message: `provider.iam.role gives one role to ${plural(sharing.length, 'function')} (${list}); ${ADVICE} Set \`role\` on each function.`,
      related,
    });
    return;
  }
  const grants = [
    entry(get(provider, 'iam', 'role'), 'statements'),
    entry(get(provider, 'iam', 'role'), 'managedPolicies'),
    entry(provider, 'iamRoleStatements'),
    entry(provider, 'iamManagedPolicies'),
  ].find((e) => e && isSeq(e.value) && e.value.items.length > 0);
  if (!grants) return;
  ctx.report({
    from: grants.key.from,
    to: grants.key.to,
    message:
      `${list} share the role the Serverless Framework generates for the service, so each holds every permission granted here; ` +
      `${ADVICE} Set \`role\` per function, or use per-function statements (serverless-iam-roles-per-function plugin).`,
    related,
  });
}
