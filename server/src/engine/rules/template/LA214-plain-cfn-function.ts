import { get, isMap } from '../../parse/tree';
import type { FunctionModel } from '../../template/model';
import type { TemplateRule } from '../api';

/**
 * LA214: a plain AWS::Lambda::Function written by hand. SAM's AWS::Serverless::Function
 * expresses the same function with less to get wrong: event sources with their permissions,
 * a generated least-privilege role from policy templates, shared Globals, AutoPublishAlias /
 * DeploymentPreference for safe deployments, and the `sam build / local / sync` workflow.
 * Generated templates (CDK output) are not written by hand and are left alone.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA214',
    slug: 'plain-cfn-function',
    title: 'Plain CloudFormation function where SAM would serve',
    defaultSeverity: 'info',
    category: 'operations',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      "The function is a plain AWS::Lambda::Function. SAM's AWS::Serverless::Function declares the same function with its event sources, the permissions they need, a generated role, Globals, safe deployments (AutoPublishAlias, DeploymentPreference) and the sam build/local/sync workflow, with much less hand-written CloudFormation. Consider the SAM transform.",
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    if (generatedPath(doc.path)) return;
    for (const fn of doc.functions) {
      if (fn.resourceType !== 'AWS::Lambda::Function' || cdkGenerated(fn)) continue;
      ctx.report({
        from: fn.entry.key.from,
        to: fn.entry.key.to,
        message: `${fn.id} is a plain AWS::Lambda::Function: consider SAM's AWS::Serverless::Function (Transform: AWS::Serverless-2016-10-31), which gives event sources with their permissions, a generated role, Globals, safe deployment (AutoPublishAlias, DeploymentPreference) and sam build/local/sync`,
        functionId: fn.id,
      });
    }
  },
};

/** Templates that tools write: CDK's cloud assembly, SAM's build output. */
function generatedPath(p: string): boolean {
  return p.split(/[\\/]/).some((seg) => seg === 'cdk.out' || seg === '.aws-sam');
}

/** CDK marks every resource it synthesizes with `Metadata: aws:cdk:path`, wherever the template was copied to. */
function cdkGenerated(fn: FunctionModel): boolean {
  const res = fn.template.resources.get(fn.id);
  const meta = get(res?.node, 'Metadata');
  return isMap(meta) && !!get(meta, 'aws:cdk:path');
}
