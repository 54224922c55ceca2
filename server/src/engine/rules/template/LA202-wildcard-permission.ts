import { isMap, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { contentEnd } from '../../template/edits';
import { functionPermissions, scalarItems } from '../../template/iam';
import type { PolicyStatement } from '../../template/iam';
import { broadWriteOfManagedPolicy, isActionWildcard, isBroadManagedPolicy, isWritingPolicyTemplate, mayWrite, requiresStarResource } from '../../template/iamActions';
import type { TemplateRule } from '../api';

const ADVICE = 'grant only the actions the function calls, on the ARNs it uses';

/** One problem in one place of the template, and the functions whose role it widens. */
interface Problem {
  node: TNode;
  message: string;
  functions: string[];
}

/**
 * LA202: a function's permissions allow every action (`*`, `service:*`, an Allow with NotAction,
 * a *FullAccess / AdministratorAccess managed policy) or let it write to every resource
 * (`Resource: "*"` with write actions, a writing SAM policy template given `*`).
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA202',
    slug: 'wildcard-permission',
    title: 'Wildcard IAM permission',
    defaultSeverity: 'warning',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      "A function's role allows every action (`*`, `service:*`, NotAction, a FullAccess managed policy) or write actions on every resource (`Resource: \"*\"`). A bug or an injected request in that function can then change anything the wildcard reaches. Grant the actions the function calls on the resources it uses.",
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    const problems = new Map<TNode, Problem>();
    const add = (node: TNode, fnId: string, message: string): void => {
      const p = problems.get(node);
      if (p) {
        if (!p.functions.includes(fnId)) p.functions.push(fnId);
      } else problems.set(node, { node, message, functions: [fnId] });
    };
    for (const fn of doc.functions) {
      const perms = functionPermissions(fn);
      for (const st of perms.statements) for (const [node, message] of statementProblems(st)) add(node, fn.id, message);
      for (const m of perms.managed)
        if (m.awsManaged && isBroadManagedPolicy(m.name))
          add(m.node, fn.id, `The AWS managed policy ${m.name} grants every action of ${m.name === 'AdministratorAccess' || m.name === 'PowerUserAccess' ? 'almost every service' : 'its service'} on every resource`);
        else if (m.awsManaged && broadWriteOfManagedPolicy(m.name))
          add(m.node, fn.id, `The AWS managed policy ${m.name} allows ${broadWriteOfManagedPolicy(m.name)}`);
      for (const t of perms.templates) {
        if (!isWritingPolicyTemplate(t.name) || !isMap(t.params)) continue;
        for (const e of t.params.entries)
          if (str(e.value) === '*') add(e.value, fn.id, `${t.name} with ${String(e.key.value)} "*" grants its write actions on every resource`);
      }
    }
    for (const p of [...problems.values()].sort((a, b) => a.node.from - b.node.from)) {
      const who = p.functions.length === 1 ? `the role of ${p.functions[0]}` : `the role of ${p.functions.join(', ')}`;
      ctx.report({
        from: p.node.from,
        to: contentEnd(doc.source, p.node),
        message: `${p.message} (${who}): ${ADVICE}`,
        functionId: p.functions.length === 1 ? p.functions[0] : undefined,
      });
    }
  },
};

/** The wildcard problems of one statement: action wildcards first; a `*` resource only matters when no action wildcard was reported. */
function statementProblems(st: PolicyStatement): Array<[TNode, string]> {
  if (st.effect !== 'Allow') return [];
  const resources = scalarItems(st.resource?.value);
  const onEverything = !st.notResource && resources.some((r) => str(r) === '*');
  const where = onEverything ? ' on every resource' : '';
  const out: Array<[TNode, string]> = [];
  if (st.action && st.notAction) out.push([st.action.value, `An Allow with NotAction (in ${st.origin}) grants every action except the ones listed${where}`]);
  const actions = scalarItems(st.action?.value);
  if (!st.notAction)
    for (const a of actions) {
      const s = str(a);
      if (s === undefined || !isActionWildcard(s)) continue;
      out.push([a, `${s === '*' ? 'Action "*" grants every action of every service' : `Action "${s}" grants every ${s.split(':')[0]} action`}${where} (in ${st.origin})`]);
    }
  if (out.length || st.notAction || !st.resource) return out;
  const writes = actions.map(str).filter((s): s is string => s !== undefined && mayWrite(s) && !requiresStarResource(s));
  if (!writes.length) return out;
  const listed = writes.length > 3 ? `${writes.slice(0, 3).join(', ')} and ${writes.length - 3} more` : writes.join(', ');
  if (st.notResource) out.push([st.resource.value, `An Allow with NotResource (in ${st.origin}) lets ${listed} write to every resource except the ones listed`]);
  else for (const r of resources) if (str(r) === '*') out.push([r, `Resource "*" lets ${listed} write to every resource (in ${st.origin})`]);
  return out;
}
