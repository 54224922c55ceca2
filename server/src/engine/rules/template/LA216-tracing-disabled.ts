import { bool, entry, isMap, isScalar, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { addFunctionSetting, addMapEntry } from '../../template/addProperty';
import { replaceScalar } from '../../template/edits';
import { functionNames, missingEverywhere } from '../../template/sharedDefaults';
import type { FunctionModel } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { EditInput, FixInput, TemplateRule } from '../api';

/** What a tracing setting says: on, off (with the node that says so), or unknown (an unresolved intrinsic). */
type TracingState = { kind: 'active' } | { kind: 'unknown' } | { kind: 'off'; node?: TNode; replaceWith?: string | boolean };

/**
 * LA216: tracing not Active. SAM `Tracing: Active`, CloudFormation `TracingConfig: {Mode: Active}`,
 * Serverless `tracing: Active` on the function or `provider.tracing.lambda: true`.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA216',
    slug: 'tracing-disabled',
    title: 'X-Ray tracing is not active',
    defaultSeverity: 'info',
    category: 'operations',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'Active tracing (AWS X-Ray) is not enabled for the function, so a slow or failing request cannot be followed through Lambda and the services it calls. Set Tracing: Active.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const seen = new Set<TNode>();
    // No function and no default sets tracing: one decision, one finding on provider / Globals.
    const everywhere = missingEverywhere(doc, (fn) => !fn.prop('Tracing'));
    if (everywhere) {
      const first = everywhere.functions[0];
      const fix = fixFor(first, { kind: 'off' });
      const n = everywhere.functions.length;
      ctx.report({
        ...everywhere.anchor,
        message: `None of the ${n} functions (${functionNames(everywhere.functions)}) has active tracing, and ${everywhere.anchor.where} does not set it: set ${first.resourceType === 'serverless' ? 'tracing.lambda: true' : 'Tracing: Active'} in ${everywhere.anchor.where} so X-Ray traces show where requests spend time and where they fail`,
        fixes: fix ? [fix] : undefined,
      });
    }
    const covered = new Set(everywhere?.functions ?? []);
    for (const fn of doc.functions) {
      if (covered.has(fn)) continue;
      const state = tracingOf(fn);
      if (state.kind !== 'off') continue;
      if (state.node) {
        if (seen.has(state.node)) continue;
        seen.add(state.node);
      }
      const fix = fixFor(fn, state);
      const inherited = state.node && fn.prop('Tracing')?.source !== 'function' && fn.resourceType !== 'AWS::Lambda::Function';
      ctx.report({
        from: state.node?.from ?? fn.entry.key.from,
        to: state.node?.to ?? fn.entry.key.to,
        message: `${inherited ? 'Tracing is not active for the functions that use this default' : `${fn.id} has no active tracing`}: set ${settingName(fn, state)} so X-Ray traces show where requests spend time and where they fail`,
        fixes: fix ? [fix] : undefined,
        functionId: inherited ? undefined : fn.id,
      });
    }
  },
};

function settingName(fn: FunctionModel, state: TracingState): string {
  if (fn.resourceType === 'AWS::Lambda::Function') return 'TracingConfig Mode: Active';
  if (fn.resourceType === 'serverless') return state.kind === 'off' && state.replaceWith === true ? 'tracing.lambda: true' : 'tracing: Active';
  return 'Tracing: Active';
}

function tracingOf(fn: FunctionModel): TracingState {
  if (fn.resourceType === 'AWS::Lambda::Function') {
    const config = entry(fn.properties, 'TracingConfig');
    if (!config) return { kind: 'off' };
    const mode = entry(config.value, 'Mode');
    if (!mode) return isMap(config.value) ? { kind: 'off', node: config.value } : { kind: 'unknown' };
    return scalarState(fn, mode.value, 'Active');
  }
  const prop = fn.prop('Tracing');
  if (!prop) return { kind: 'off' };
  if (fn.resourceType === 'serverless' && prop.source === 'provider') {
    // provider.tracing is a map: { lambda: true | Active | PassThrough, apiGateway: ... }.
    if (!isMap(prop.node) || prop.node.shortTag) return { kind: 'unknown' };
    const lambda = entry(prop.node, 'lambda');
    if (!lambda) return { kind: 'off', node: prop.node };
    return scalarState(fn, lambda.value, true);
  }
  return scalarState(fn, prop.node, 'Active');
}

/** `Active` / `true` is on; `PassThrough` / `false` is off; anything unresolvable is unknown. */
function scalarState(fn: FunctionModel, node: TNode, replaceWith: string | boolean): TracingState {
  const v = resolveScalar(fn.template, node);
  if (!v) return { kind: 'unknown' };
  const s = str(v);
  if (s === 'Active' || bool(v) === true) return { kind: 'active' };
  if (s === 'PassThrough' || bool(v) === false) return { kind: 'off', node, replaceWith: v === node ? replaceWith : undefined };
  return { kind: 'unknown' };
}

function fixFor(fn: FunctionModel, state: Extract<TracingState, { kind: 'off' }>): FixInput | undefined {
  const doc = fn.template;
  // SAM adds the X-Ray write policy to the role it generates, and the Serverless Framework to
  // its own role; a role written by hand needs xray:PutTraceSegments / PutTelemetryRecords first.
  const tracingRole = (f: FunctionModel): boolean =>
    f.role.kind === 'generated' || (f.resourceType === 'serverless' && f.role.kind === 'resource' && f.role.id === 'IamRoleLambdaExecution');
  let preferred = tracingRole(fn);
  let edits: EditInput[] | undefined;
  let title = 'Set Tracing: Active';
  if (state.node && fn.resourceType !== 'AWS::Lambda::Function' && fn.prop('Tracing')?.source !== 'function')
    preferred = doc.functions.filter((f) => f.resourceType === fn.resourceType).every(tracingRole);
  if (state.node && isScalar(state.node)) {
    if (state.replaceWith === undefined) return undefined;
    edits = [
      typeof state.replaceWith === 'boolean'
        ? { from: state.node.from, to: state.node.to, text: String(state.replaceWith) }
        : replaceScalar(doc, state.node, state.replaceWith),
    ];
    if (fn.resourceType === 'serverless') title = state.replaceWith === true ? 'Set provider tracing.lambda: true' : 'Set tracing: Active';
  } else if (state.node && isMap(state.node)) {
    // A TracingConfig without Mode, or a provider.tracing map without `lambda`.
    edits = fn.resourceType === 'serverless' ? addMapEntry(doc, state.node, 'lambda', true) : addMapEntry(doc, state.node, 'Mode', 'Active');
    title = fn.resourceType === 'serverless' ? 'Set provider tracing.lambda: true' : 'Set TracingConfig Mode: Active';
  } else if (fn.resourceType === 'AWS::Lambda::Function') {
    edits = fn.properties ? addMapEntry(doc, fn.properties, 'TracingConfig', { Mode: 'Active' }) : undefined;
    title = 'Set TracingConfig: {Mode: Active}';
  } else if (fn.resourceType === 'serverless') {
    const r = addFunctionSetting(fn, 'Tracing', 'tracing', 'Active', { key: 'tracing', value: { lambda: true } });
    edits = r?.edits;
    title = r?.target === 'provider' ? 'Set provider tracing.lambda: true for all functions' : 'Set tracing: Active';
    if (r?.target === 'provider') preferred = doc.functions.every(tracingRole);
  } else {
    const r = addFunctionSetting(fn, 'Tracing', 'Tracing', 'Active');
    edits = r?.edits;
    title = r?.target === 'globals' ? 'Set Tracing: Active in Globals for all functions' : 'Set Tracing: Active';
    if (r?.target === 'globals') preferred = doc.functions.filter((f) => f.resourceType === fn.resourceType).every(tracingRole);
  }
  if (!edits?.length) return undefined;
  return { title, preferred, edits };
}
