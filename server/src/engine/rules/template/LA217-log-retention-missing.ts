import { entry, get, intrinsicArg, intrinsicName, isMap, isSeq, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { addFunctionSetting, addMapEntry } from '../../template/addProperty';
import { refTarget } from '../../template/load';
import type { FunctionModel, ResourceInfo, TemplateDoc } from '../../template/model';
import { subParts } from '../../template/references';
import { functionNames, missingEverywhere } from '../../template/sharedDefaults';
import type { FixInput, TemplateRule } from '../api';

const DEFAULT_DAYS = 30;

/**
 * LA217: no log group with a retention period for the function. Lambda creates
 * `/aws/lambda/<name>` on first write with "never expire", so logs (and their cost) pile up
 * forever unless the template declares the group with RetentionInDays.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA217',
    slug: 'log-retention-missing',
    title: 'No log retention for the function',
    defaultSeverity: 'info',
    category: 'cost',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'The template declares no log group with a retention period for the function, so Lambda creates /aws/lambda/<name> itself with logs that never expire: storage cost grows forever and old personal data stays. Declare the log group with RetentionInDays.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const days = typeof ctx.params.days === 'number' ? ctx.params.days : DEFAULT_DAYS;
    const reportedGroups = new Set<string>();
    // Serverless: no function and not the provider sets logRetentionInDays: one finding on provider.
    // SAM Globals cannot set a retention (each function's log group is its own resource), so SAM stays per function.
    const everywhere = doc.kind === 'serverless' ? missingEverywhere(doc, (fn) => !fn.prop('logRetentionInDays')) : undefined;
    if (everywhere) {
      const setting = addFunctionSetting(everywhere.functions[0], 'logRetentionInDays', 'logRetentionInDays', days);
      ctx.report({
        ...everywhere.anchor,
        message: `None of the ${everywhere.functions.length} functions (${functionNames(everywhere.functions)}) has logRetentionInDays, and provider does not set it, so their CloudWatch log groups keep logs forever: set logRetentionInDays (e.g. ${days}) on the provider`,
        fixes: setting?.edits.length ? [{ title: `Set logRetentionInDays: ${days}${setting.target === 'provider' ? ' on the provider' : ''}`, preferred: true, edits: setting.edits }] : undefined,
      });
    }
    const covered = new Set(everywhere?.functions ?? []);
    for (const fn of doc.functions) {
      if (covered.has(fn)) continue;
      if (fn.resourceType === 'serverless') {
        if (fn.prop('logRetentionInDays')) continue;
        const setting = addFunctionSetting(fn, 'logRetentionInDays', 'logRetentionInDays', days);
        ctx.report({
          from: fn.entry.key.from,
          to: fn.entry.key.to,
          message: `${fn.id} has no logRetentionInDays, so its CloudWatch log group keeps logs forever: set logRetentionInDays (e.g. ${days}) on the provider or the function`,
          fixes: setting?.edits.length
            ? [{ title: `Set logRetentionInDays: ${days}${setting.target === 'provider' ? ' on the provider' : ''}`, preferred: true, edits: setting.edits }]
            : undefined,
          functionId: fn.id,
        });
        continue;
      }
      const group = logGroupOf(doc, fn);
      if (group === 'external') continue;
      if (group) {
        if (entry(group.properties, 'RetentionInDays') || reportedGroups.has(group.id)) continue;
        reportedGroups.add(group.id);
        const edits = group.properties ? addMapEntry(doc, group.properties, 'RetentionInDays', days) : undefined;
        ctx.report({
          from: group.entry.key.from,
          to: group.entry.key.to,
          message: `Log group ${group.id} of ${fn.id} has no RetentionInDays, so its logs never expire: set RetentionInDays (e.g. ${days})`,
          fixes: edits?.length ? [{ title: `Set RetentionInDays: ${days}`, preferred: true, edits }] : undefined,
          functionId: fn.id,
        });
        continue;
      }
      const fix = addLogGroupFix(doc, fn, days);
      ctx.report({
        from: fn.entry.key.from,
        to: fn.entry.key.to,
        message: `${fn.id} has no log group with a retention period in the template, so Lambda creates /aws/lambda/<name> with logs that never expire: declare an AWS::Logs::LogGroup with RetentionInDays`,
        fixes: fix ? [fix] : undefined,
        functionId: fn.id,
      });
    }
  },
};

/**
 * The function's log group resource: the one `LoggingConfig.LogGroup` names, else one whose
 * LogGroupName is `/aws/lambda/${Fn}` (Sub), a Join of `/aws/lambda/` and `Ref Fn`, or the literal
 * `/aws/lambda/<FunctionName>`. 'external' when LoggingConfig names a group the template does not declare.
 */
function logGroupOf(doc: TemplateDoc, fn: FunctionModel): ResourceInfo | 'external' | undefined {
  const custom = get(fn.prop('LoggingConfig')?.node, 'LogGroup');
  if (custom) {
    const target = refTarget(custom);
    const byRef = target ? doc.resources.get(target) : undefined;
    if (byRef?.type === 'AWS::Logs::LogGroup') return byRef;
    const name = str(custom);
    const byName = name !== undefined ? [...doc.resources.values()].find((r) => r.type === 'AWS::Logs::LogGroup' && str(get(r.properties, 'LogGroupName')) === name) : undefined;
    return byName ?? 'external';
  }
  const fnName = str(get(fn.properties, 'FunctionName'));
  for (const res of doc.resources.values()) {
    if (res.type !== 'AWS::Logs::LogGroup') continue;
    if (namesFunctionLogGroup(get(res.properties, 'LogGroupName'), fn.id, fnName)) return res;
  }
  return undefined;
}

function namesFunctionLogGroup(n: TNode | undefined, fnId: string, fnName: string | undefined): boolean {
  const literal = str(n);
  if (literal !== undefined) return fnName !== undefined && literal === `/aws/lambda/${fnName}`;
  const sub = n && subParts(n);
  if (sub) {
    const s = str(sub.template);
    return s === `/aws/lambda/\${${fnId}}` || (fnName !== undefined && s === `/aws/lambda/${fnName}`);
  }
  if (intrinsicName(n) === 'Fn::Join') {
    const arg = intrinsicArg(n);
    const parts = isSeq(arg) && isSeq(arg.items[1]) ? arg.items[1].items : [];
    return str(isSeq(arg) ? arg.items[0] : undefined) === '' && parts.length === 2 && str(parts[0]) === '/aws/lambda/' && refTarget(parts[1]) === fnId;
  }
  return false;
}

/** A new `<Fn>LogGroup` named after the function with RetentionInDays. */
function addLogGroupFix(doc: TemplateDoc, fn: FunctionModel, days: number): FixInput | undefined {
  const resources = get(doc.root, 'Resources');
  if (!isMap(resources)) return undefined;
  let name = `${fn.id}LogGroup`;
  for (let i = 2; doc.resources.has(name) || entry(resources, name); i++) name = `${fn.id}LogGroup${i}`;
  const edits = addMapEntry(doc, resources, name, {
    Type: 'AWS::Logs::LogGroup',
    Properties: { LogGroupName: { intrinsic: 'Fn::Sub', arg: `/aws/lambda/\${${fn.id}}` }, RetentionInDays: days },
  });
  if (!edits?.length) return undefined;
  return { title: `Add log group ${name} with RetentionInDays: ${days}`, preferred: false, edits };
}
