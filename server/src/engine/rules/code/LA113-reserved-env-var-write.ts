import { envWrites } from '../../code/envwrites';
import { isPython } from '../../code/syntax';
import { RESERVED_LAMBDA_ENV } from '../../data/lambdaEnv';
import type { CodeRule } from '../api';

/**
 * The runtime sets these variables for every invocation and the SDKs read them (region,
 * credentials, trace header); code that overwrites one changes what every later client in the
 * execution environment does, and the change outlives the invocation.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA113',
    slug: 'reserved-env-var-write',
    title: 'Code assigns a reserved Lambda environment variable',
    defaultSeverity: 'warning',
    category: 'correctness',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The code sets or deletes an environment variable that the Lambda runtime reserves (AWS_REGION, AWS_ACCESS_KEY_ID, _X_AMZN_TRACE_ID, LAMBDA_TASK_ROOT, ...). The runtime and the AWS SDKs read these values; overwriting them silently changes the region, the credentials or the tracing of every later call in the execution environment, including later invocations on a warm instance. Pass the value to the call that needs it instead.',
  },
  check(ctx) {
    const mod = ctx.module;
    for (const w of envWrites(mod)) {
      const what = RESERVED_LAMBDA_ENV.get(w.name);
      if (!what) continue;
      const verb = w.kind === 'delete' ? 'deletes' : 'overwrites';
      ctx.report({
        from: w.node.from,
        to: w.node.to,
        message: `This ${verb} ${w.name}, a reserved Lambda environment variable (${what}) that the runtime and the AWS SDKs read; ${advice(w.name, isPython(mod))}`,
      });
    }
  },
};

function advice(name: string, python: boolean): string {
  if (name === 'AWS_REGION' || name === 'AWS_DEFAULT_REGION')
    return python ? 'pass region_name= to the client that needs another Region instead.' : 'pass { region } to the client that needs another Region instead.';
  if (name.startsWith('AWS_ACCESS_KEY') || name === 'AWS_SECRET_ACCESS_KEY' || name === 'AWS_SESSION_TOKEN')
    return 'pass other credentials to the one client that needs them (for example from an assumed role) instead of replacing the execution role for the whole process.';
  return 'use a variable of your own instead.';
}
