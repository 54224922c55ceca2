import { get, intrinsicArg, intrinsicName, isScalar, isSeq, str } from '../parse/tree';
import type { TNode, TScalar } from '../parse/tree';
import type { TemplateDoc } from './model';

/**
 * The literal a value stands for, where the template makes it knowable: a scalar, a
 * `Ref` to a parameter with a Default, a `Fn::Sub` without variables, a Serverless
 * `${self:...}` that points at a literal. Anything else (pseudo parameters, Fn::If,
 * ${ssm:...}, ${env:...}) is unknown: undefined, never a guess.
 */
export function resolveScalar(doc: TemplateDoc, n: TNode | undefined, depth = 0): TScalar | undefined {
  if (!n || depth > 10) return undefined;
  if (isScalar(n)) {
    if (doc.kind === 'serverless' && typeof n.value === 'string' && n.value.includes('${'))
      return resolveServerlessVariable(doc, n, depth);
    return n;
  }
  const name = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (name === 'Ref') {
    const p = doc.parameters.get(str(arg) ?? '');
    const d = get(p, 'Default');
    return isScalar(d) ? d : undefined;
  }
  if (name === 'Fn::Sub') {
    const s = isSeq(arg) ? undefined : str(arg);
    if (s !== undefined && !s.includes('${')) return { kind: 'scalar', value: s, from: n.from, to: n.to };
  }
  return undefined;
}

function resolveServerlessVariable(doc: TemplateDoc, n: TScalar, depth: number): TScalar | undefined {
  const s = String(n.value);
  // Only a whole-value `${self:a.b.c}` or `${self:a.b, default}` is resolved.
  const trimmed = s.trim();
  if (!trimmed.startsWith('${self:') || !trimmed.endsWith('}')) return undefined;
  const inner = trimmed.slice('${self:'.length, -1);
  const [pathPart, fallback] = splitOnce(inner, ',');
  const target = get(doc.root, ...pathPart.trim().split('.').filter(Boolean));
  const resolved = resolveScalar(doc, target, depth + 1);
  if (resolved) return resolved;
  if (fallback !== undefined) {
    const f = fallback.trim().replace(/^['"]|['"]$/g, '');
    const asNum = Number(f);
    return { kind: 'scalar', value: f !== '' && !isNaN(asNum) ? asNum : f, from: n.from, to: n.to };
  }
  return undefined;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
