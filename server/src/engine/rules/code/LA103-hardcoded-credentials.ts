import type { SyntaxNode } from '@lezer/common';
import { boundLiterals } from '../../code/literalbindings';
import type { CodeModule } from '../../code/model';
import { classifySecret } from '../../code/secrets';
import { kid, textOf } from '../../parse/code';
import type { SecretKind } from '../../secrets';
import type { CodeRule } from '../api';

/**
 * A credential in the code is in every copy of it: the repository, the deployment package
 * (downloadable with lambda:GetFunction), build logs. It cannot be rotated without a deploy.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA103',
    slug: 'hardcoded-credentials',
    title: 'Credentials are hardcoded in the handler module',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'A string literal in the handler module is a credential: an AWS access key id, secret access key or session token, a password, an API token or private key, recognised by its format, by the name it is bound to (password, secret, token, api_key, ...) or by its randomness. Anyone who can read the repository or download the deployment package has it, and it cannot be rotated without a deploy. Use the execution role for AWS access and read other secrets at run time from Secrets Manager or SSM Parameter Store.',
  },
  check(ctx) {
    const mod = ctx.module;
    if (isTestFile(mod.path)) return;
    for (const lit of boundLiterals(mod)) {
      const kind = classifySecret(lit.value, lit.name);
      if (!kind || inTestFunction(mod, lit.node)) continue;
      // The message names the binding, never the value.
      const where = lit.label ? `is assigned to ${lit.label}` : 'is written as a string literal here';
      ctx.report({
        from: lit.node.from,
        to: lit.node.to,
        message: `A hardcoded ${kind} ${where}; anyone with the code or the deployment package has it. ${advice(kind)}`,
      });
    }
  },
};

function advice(kind: SecretKind): string {
  if (kind.startsWith('AWS '))
    return 'Remove it and let the SDK use the function\'s execution role (grant that role the permissions instead), then deactivate the exposed key.';
  return 'Read it at run time from AWS Secrets Manager or SSM Parameter Store (SecureString), and rotate the exposed value.';
}

/** test_app.py, app_test.py, app.test.ts, app.spec.js, files under tests/ folders: fixtures, not deployed secrets. */
function isTestFile(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1].toLowerCase();
  if (parts.slice(0, -1).some((d) => d === 'tests' || d === 'test' || d === '__tests__')) return true;
  return base.startsWith('test_') || base.endsWith('_test.py') || base.includes('.test.') || base.includes('.spec.');
}

const FUNCTION_NODES = new Set(['FunctionDefinition', 'FunctionDeclaration']);

function inTestFunction(mod: CodeModule, n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (!FUNCTION_NODES.has(p.name)) continue;
    const name = textOf(mod.source.text, kid(p, 'VariableName') ?? kid(p, 'VariableDefinition'));
    if (name.startsWith('test_') || (name.startsWith('test') && /^[A-Z]$/.test(name.charAt(4)))) return true;
  }
  return false;
}
