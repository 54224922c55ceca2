/**
 * Where a finding about a setting that no function has goes when it is one decision for the
 * whole template: the Serverless `provider` block, or SAM `Globals` (its `Function` section when
 * there is one; the `Resources` key when the template has no Globals yet). One finding with
 * the function names instead of one per function keeps a 20-function service readable.
 */
import { entry } from '../parse/tree';
import type { FunctionModel, TemplateDoc } from './model';

export interface DefaultsAnchor {
  from: number;
  to: number;
  /** How messages name the place: `provider` or `Globals`. */
  where: 'provider' | 'Globals';
}

/** Serverless: two functions or more; SAM: more than two (below that a finding per function reads as well). */
const MIN_FUNCTIONS = { serverless: 2, sam: 3 } as const;

/**
 * The functions the shared default would cover (SAM: AWS::Serverless::Function only; Globals
 * do not reach AWS::Lambda::Function), when every one of them lacks the setting and there are
 * enough of them; with the place to report. Undefined: report per function.
 */
export function missingEverywhere(doc: TemplateDoc, lacks: (fn: FunctionModel) => boolean): { anchor: DefaultsAnchor; functions: FunctionModel[] } | undefined {
  if (doc.kind === 'cloudformation') return undefined;
  const type = doc.kind === 'serverless' ? 'serverless' : 'AWS::Serverless::Function';
  const functions = doc.functions.filter((f) => f.resourceType === type);
  if (functions.length < MIN_FUNCTIONS[doc.kind] || !functions.every(lacks)) return undefined;
  const anchor = anchorOf(doc);
  return anchor ? { anchor, functions } : undefined;
}

function anchorOf(doc: TemplateDoc): DefaultsAnchor | undefined {
  if (doc.kind === 'serverless') {
    const provider = entry(doc.root, 'provider');
    return provider ? { from: provider.key.from, to: provider.key.to, where: 'provider' } : undefined;
  }
  const globals = entry(doc.root, 'Globals');
  const fnDefaults = globals ? entry(globals.value, 'Function') : undefined;
  const at = fnDefaults ?? globals ?? entry(doc.root, 'Resources');
  return at ? { from: at.key.from, to: at.key.to, where: 'Globals' } : undefined;
}

/** `a, b and c`, or the first few and how many more. */
export function functionNames(fns: FunctionModel[], max = 5): string {
  const ids = fns.map((f) => f.id);
  if (ids.length > max) return `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
  return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}` : ids.join('');
}
