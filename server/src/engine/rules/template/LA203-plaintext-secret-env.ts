import { bool, get, intrinsicArg, intrinsicName, isScalar, str } from '../../parse/tree';
import type { TEntry, TNode } from '../../parse/tree';
import { contentEnd } from '../../template/edits';
import type { TemplateDoc } from '../../template/model';
import { subParts, subVariables } from '../../template/references';
import { isSecretName } from '../../secrets';
import { isPlaceholder, isSecureDynamicReference, secretValueKind } from '../../template/secrets';
import { resolveScalar } from '../../template/values';
import type { FixInput, TemplateRule } from '../api';

const RISK = 'anyone who can read the template, the stack or the function configuration can read it';

/** Why a variable's value is a plaintext secret (never the value itself), and whether the value written there can be swapped. */
interface Leak {
  why: string;
  fixable: boolean;
}

/**
 * LA203: an environment variable holds a secret in plain text: a literal under a secret's name
 * (DB_PASSWORD, API_KEY, ...), a value that is a secret by its shape (AWS key id, token, private
 * key, credentials in a URL, a long random string), or a Ref / Sub to a parameter without NoEcho.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA203',
    slug: 'plaintext-secret-env',
    title: 'Secret in plain text in environment variables',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'An environment variable of the function holds a secret in plain text (a literal password, key or token, or a parameter without NoEcho), so it is visible in source control, in the stack and in the function configuration. Store it in Secrets Manager or SSM SecureString and use a dynamic reference.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const seen = new Set<TEntry>();
    for (const fn of doc.functions) {
      for (const [name, { entry: e, source }] of fn.environment) {
        if (seen.has(e)) continue;
        seen.add(e);
        const leak = leakOf(doc, name, e.value);
        if (!leak) continue;
        const shared = source !== 'function';
        const secretId = shared ? name : `${fn.id}/${name}`;
        const fix = leak.fixable ? dynamicReferenceFix(doc, e.value, secretId) : undefined;
        ctx.report({
          from: e.value.from,
          to: contentEnd(doc.source, e.value),
          message:
            `${name} ${shared ? `(shared ${source === 'provider' ? 'provider' : 'Globals'} environment)` : `of ${fn.id}`} ${leak.why}: ${RISK}. ` +
            `Store it in Secrets Manager (e.g. as ${secretId}) and use a dynamic reference, or read it at run time`,
          fixes: fix ? [fix] : undefined,
          functionId: shared ? undefined : fn.id,
        });
      }
    }
  },
};

function leakOf(doc: TemplateDoc, name: string, v: TNode): Leak | undefined {
  if (isScalar(v)) {
    let literal: string | undefined = str(v);
    if (literal === undefined) return undefined;
    let fixable = true;
    if (doc.kind === 'serverless' && literal.includes('${')) {
      // `${ssm:...}`, `${env:...}` resolve at deploy time; only `${self:...}` pointing at a literal in the file is a literal.
      const resolved = resolveScalar(doc, v);
      if (!resolved || resolved === v) return undefined;
      literal = str(resolved);
      if (literal === undefined) return undefined;
      fixable = false; // the literal lives elsewhere in the file: replacing this value would leave it there
    }
    if (isSecureDynamicReference(literal)) return undefined;
    const kind = secretValueKind(literal);
    if (kind) return { why: `holds ${kind} in plain text`, fixable };
    if (isSecretName(name) && !isPlaceholder(literal) && typeof v.value === 'string')
      return { why: 'holds a literal secret in plain text', fixable };
    return undefined;
  }
  const fn = intrinsicName(v);
  if (fn === 'Ref') {
    const param = str(intrinsicArg(v));
    if (!param || !exposedParameter(doc, param)) return undefined;
    if (!isSecretName(name) && !isSecretName(param)) return undefined;
    return { why: `comes from parameter ${param}, which has no NoEcho: true, so its value shows in the stack's parameters`, fixable: true };
  }
  if (fn === 'Fn::Sub') {
    const parts = subParts(v);
    const template = str(parts?.template);
    if (template === undefined || isSecureDynamicReference(template)) return undefined;
    const params = subVariables(template).filter((p) => exposedParameter(doc, p) && (isSecretName(p) || isSecretName(name)));
    if (params.length) return { why: `is built from parameter ${params[0]}, which has no NoEcho: true, so its value shows in the stack's parameters`, fixable: true };
    const kind = secretValueKind(template);
    if (kind) return { why: `holds ${kind} in plain text`, fixable: true };
  }
  return undefined;
}

/** A template parameter whose value CloudFormation shows in plain text (not NoEcho, not resolved from SSM). */
function exposedParameter(doc: TemplateDoc, id: string): boolean {
  const p = doc.parameters.get(id);
  if (!p) return false;
  if (bool(get(p, 'NoEcho')) === true) return false;
  return !(str(get(p, 'Type')) ?? '').startsWith('AWS::SSM::Parameter::');
}

/** The value becomes `'{{resolve:secretsmanager:<id>}}'`: CloudFormation reads the secret at deploy time. */
function dynamicReferenceFix(doc: TemplateDoc, v: TNode, secretId: string): FixInput {
  const ref = `{{resolve:secretsmanager:${secretId}}}`;
  return {
    title: `Use a Secrets Manager dynamic reference (create the secret ${secretId} first)`,
    preferred: false,
    edits: [{ from: v.from, to: contentEnd(doc.source, v), text: doc.format === 'json' ? JSON.stringify(ref) : `'${ref}'` }],
  };
}
