import { entry, get, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { refTarget } from '../../template/load';
import type { ResourceInfo, TemplateDoc } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { TemplateRule } from '../api';

/**
 * LA219: an AWS::Lambda::Permission that lets an AWS service invoke the function without saying
 * which of that service's resources may do so. Without SourceArn, any S3 bucket, SNS topic,
 * EventBridge rule, API ... in any account can be pointed at the function by whoever owns it
 * (the confused deputy problem). S3 bucket ARNs carry no account id, so for S3 SourceAccount
 * is needed too: a bucket deleted and re-created under the same name in another account would
 * still match SourceArn.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA219',
    slug: 'invoke-permission-unscoped',
    title: 'Invoke permission for a service without SourceArn',
    defaultSeverity: 'warning',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'An AWS::Lambda::Permission grants an AWS service principal (s3, sns, events, apigateway, logs, ...) the right to invoke the function without SourceArn (and, for S3, without SourceAccount), so any resource of that service, in any account, can be configured to invoke it. Add SourceArn, and SourceAccount for S3.',
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    for (const res of doc.resources.values()) {
      if (res.type !== 'AWS::Lambda::Permission' || !res.properties) continue;
      const principalNode = get(res.properties, 'Principal');
      const principal = str(resolveScalar(doc, principalNode));
      // Account ids, role ARNs and unresolvable intrinsics are not service principals.
      if (!principalNode || !principal || !isServicePrincipal(principal)) continue;
      if (iamAuthFunctionUrl(doc, res)) continue;
      const hasArn = present(doc, get(res.properties, 'SourceArn'));
      const isS3 = principal.startsWith('s3.');
      const hasAccount = present(doc, get(res.properties, 'SourceAccount'));
      if (hasArn && (!isS3 || hasAccount)) continue;
      const fnId = refTarget(get(res.properties, 'FunctionName'));
      const target = fnId ?? str(resolveScalar(doc, get(res.properties, 'FunctionName'))) ?? 'the function';
      const missing = !hasArn && isS3 && !hasAccount ? 'SourceArn and SourceAccount' : !hasArn ? 'SourceArn' : 'SourceAccount';
      const what = sourceWhat(principal);
      const why = isS3
        ? `any S3 bucket in any account can be set up to invoke ${target}${hasArn ? ' (bucket ARNs carry no account id, so a bucket of the same name re-created in another account still matches SourceArn)' : ''}`
        : `any ${what} in any account can be set up to invoke ${target}`;
      const advice = isS3
        ? `add ${missing === 'SourceAccount' ? 'SourceAccount: !Ref AWS::AccountId' : `SourceArn (the bucket's ARN)${hasAccount ? '' : ' and SourceAccount: !Ref AWS::AccountId'}`}`
        : `add SourceArn with the ARN of the ${what} that should invoke it`;
      ctx.report({
        from: principalNode.from,
        to: principalNode.to,
        message: `Permission ${res.id} lets ${principal} invoke ${target} without ${missing}: ${why}. ${capitalize(advice)}`,
        related: [{ from: res.entry.key.from, to: res.entry.key.to, message: `The permission ${res.id}` }],
        functionId: fnId,
      });
    }
  },
};

/** `s3.amazonaws.com`, `events.amazonaws.com`, also the China partition's `.amazonaws.com.cn`. */
function isServicePrincipal(p: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(p);
}

/** Any value counts, intrinsics included: a Ref to the bucket or a Sub of the API's ARN scopes the grant. */
function present(doc: TemplateDoc, n: TNode | undefined): boolean {
  if (!n) return false;
  const literal = resolveScalar(doc, n);
  // An explicitly empty value (`SourceArn: ""`) scopes nothing.
  return !(literal && (literal.value === null || String(literal.value).trim() === ''));
}

/** `lambda:InvokeFunctionUrl` with FunctionUrlAuthType AWS_IAM: the caller signs with IAM credentials, and IAM decides. */
function iamAuthFunctionUrl(doc: TemplateDoc, res: ResourceInfo): boolean {
  const action = str(resolveScalar(doc, get(res.properties, 'Action')));
  const auth = entry(res.properties, 'FunctionUrlAuthType');
  return action === 'lambda:InvokeFunctionUrl' && !!auth && str(resolveScalar(doc, auth.value)) === 'AWS_IAM';
}

const SOURCES: Record<string, string> = {
  s3: 'S3 bucket',
  sns: 'SNS topic',
  events: 'EventBridge rule',
  scheduler: 'EventBridge schedule',
  apigateway: 'API Gateway API',
  logs: 'CloudWatch Logs subscription',
  iot: 'IoT rule',
  sqs: 'SQS queue',
  'elasticloadbalancing': 'load balancer target group',
  'cognito-idp': 'Cognito user pool',
  ses: 'SES receipt rule',
  codecommit: 'CodeCommit repository',
  config: 'AWS Config rule',
  'secretsmanager': 'Secrets Manager secret',
};

function sourceWhat(principal: string): string {
  const service = principal.split('.')[0];
  return SOURCES[service] ?? `${service} resource`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
