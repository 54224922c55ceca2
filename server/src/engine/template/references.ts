/**
 * Where a template refers to one of its logical ids: `Ref`, `Fn::GetAtt`, `${Id}` / `${Id.Attr}`
 * inside `Fn::Sub`, and `DependsOn`. Rules use it to know whether a resource is still needed
 * after a fix, and to rewrite the references they move.
 */
import { intrinsicArg, intrinsicName, isMap, isScalar, isSeq, str, walk } from '../parse/tree';
import type { TMap, TNode, TScalar } from '../parse/tree';

export interface TemplateReference {
  kind: 'Ref' | 'GetAtt' | 'Sub' | 'DependsOn';
  /** The intrinsic (`{Ref: X}` / `!GetAtt X.Arn` / `!Sub ...`) or, for DependsOn, the scalar naming the id. */
  node: TNode;
  /** The scalar that holds the id (for Sub: the whole template string). */
  target: TScalar;
}

/** Variables a `${...}` Sub template string names, without `${!Literal}` escapes; `Id.Attr` gives `Id`. */
export function subVariables(template: string): string[] {
  const out: string[] = [];
  let i = template.indexOf('${');
  while (i >= 0) {
    const end = template.indexOf('}', i + 2);
    if (end < 0) break;
    const inner = template.slice(i + 2, end);
    if (!inner.startsWith('!')) out.push(inner.split('.')[0].trim());
    i = template.indexOf('${', end + 1);
  }
  return out;
}

/** Rewrites `${old}` and `${old.Attr}` in a Sub template string to `newId`. */
export function renameSubVariable(template: string, oldId: string, newId: string): string {
  let out = '';
  let last = 0;
  let i = template.indexOf('${');
  while (i >= 0) {
    const end = template.indexOf('}', i + 2);
    if (end < 0) break;
    const inner = template.slice(i + 2, end);
    const name = inner.split('.')[0];
    if (!inner.startsWith('!') && name === oldId) {
      out += template.slice(last, i + 2) + newId + inner.slice(name.length) + '}';
      last = end + 1;
    }
    i = template.indexOf('${', end + 1);
  }
  return out + template.slice(last);
}

/** The Sub template string node and its variable map of a `Fn::Sub` intrinsic. */
export function subParts(n: TNode): { template: TScalar; vars: TMap | undefined } | undefined {
  if (intrinsicName(n) !== 'Fn::Sub') return undefined;
  const arg = intrinsicArg(n);
  if (isScalar(arg)) return { template: arg, vars: undefined };
  if (isSeq(arg) && isScalar(arg.items[0])) return { template: arg.items[0], vars: isMap(arg.items[1]) ? arg.items[1] : undefined };
  return undefined;
}

/** Every reference to logical id `id` under `root`. */
export function referencesTo(root: TNode, id: string): TemplateReference[] {
  const out: TemplateReference[] = [];
  walk(root, (n) => {
    if (!isMap(n)) return;
    const name = intrinsicName(n);
    const arg = intrinsicArg(n);
    if (name === 'Ref' && isScalar(arg) && str(arg) === id) out.push({ kind: 'Ref', node: n, target: arg });
    else if (name === 'Fn::GetAtt') {
      const t = isSeq(arg) ? arg.items[0] : arg;
      const s = str(t);
      if (isScalar(t) && s !== undefined && (isSeq(arg) ? s === id : s.split('.')[0] === id)) out.push({ kind: 'GetAtt', node: n, target: t });
    } else if (name === 'Fn::Sub') {
      const parts = subParts(n);
      const s = parts && str(parts.template);
      // A variable of the Sub's own map shadows the logical id of the same name.
      if (parts && s !== undefined && !parts.vars?.entries.some((e) => e.key.value === id) && subVariables(s).includes(id))
        out.push({ kind: 'Sub', node: n, target: parts.template });
    } else if (!name) {
      for (const e of n.entries) {
        if (e.key.value !== 'DependsOn') continue;
        const items = isSeq(e.value) ? e.value.items : [e.value];
        for (const it of items) if (isScalar(it) && str(it) === id) out.push({ kind: 'DependsOn', node: it, target: it });
      }
    }
  });
  return out;
}
