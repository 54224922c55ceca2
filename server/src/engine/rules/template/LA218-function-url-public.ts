import { bool, entry, get, isMap, isScalar, str } from '../../parse/tree';
import type { TEntry, TNode } from '../../parse/tree';
import { refTarget } from '../../template/load';
import { scalarItems } from '../../template/iam';
import { resolveScalar } from '../../template/values';
import type { TemplateDoc } from '../../template/model';
import type { TemplateRule, TemplateRuleContext } from '../api';

/**
 * LA218: a function URL anyone on the internet can call (AuthType NONE: no IAM signature, so the
 * code is the only gate), or one whose CORS allows every origin.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA218',
    slug: 'function-url-public',
    title: 'Public function URL',
    defaultSeverity: 'warning',
    category: 'security',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'The function has a URL with AuthType NONE, so anyone who finds the URL can invoke it (and run up its cost), or its CORS configuration allows every origin. Use AuthType AWS_IAM (or put API Gateway with an authorizer in front) and list the allowed origins.',
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    const seen = new Set<TNode>();
    for (const fn of doc.functions) {
      if (fn.resourceType === 'AWS::Serverless::Function') {
        const cfg = fn.prop('FunctionUrlConfig')?.node;
        if (!isMap(cfg) || seen.has(cfg)) continue;
        seen.add(cfg);
        checkUrl(ctx, doc, cfg, fn.id, 'AuthType', 'Cors', 'AllowOrigins');
      } else if (fn.resourceType === 'serverless') {
        checkServerlessUrl(ctx, doc, fn.id, entry(fn.properties, 'url'));
      }
    }
    for (const res of doc.resources.values()) {
      if (res.type !== 'AWS::Lambda::Url' || !res.properties) continue;
      const target = refTarget(get(res.properties, 'TargetFunctionArn')) ?? res.id;
      checkUrl(ctx, doc, res.properties, target, 'AuthType', 'Cors', 'AllowOrigins');
    }
  },
};

function checkUrl(ctx: TemplateRuleContext, doc: TemplateDoc, cfg: TNode, fnId: string, authKey: string, corsKey: string, originsKey: string): void {
  const auth = get(cfg, authKey);
  if (auth && str(resolveScalar(doc, auth)) === 'NONE')
    ctx.report({
      from: auth.from,
      to: auth.to,
      message: `The function URL of ${fnId} has AuthType NONE: anyone with the URL can invoke it, and only the code checks who calls. Use AWS_IAM, or an API with an authorizer`,
      functionId: fnId,
    });
  reportOpenOrigins(ctx, get(cfg, corsKey, originsKey), fnId);
}

function reportOpenOrigins(ctx: TemplateRuleContext, origins: TNode | undefined, fnId: string): void {
  for (const o of scalarItems(origins))
    if (str(o) === '*')
      ctx.report({
        from: o.from,
        to: o.to,
        message: `The function URL of ${fnId} allows CORS requests from every origin: any web page can call it from a visitor's browser. List the origins that need it`,
        functionId: fnId,
      });
}

/** Serverless `url: true` (AuthType NONE by default) or `url: { authorizer: aws_iam, cors: ... }`. */
function checkServerlessUrl(ctx: TemplateRuleContext, doc: TemplateDoc, fnId: string, e: TEntry | undefined): void {
  if (!e) return;
  const url = e.value;
  const on = isScalar(url) ? bool(url) === true : isMap(url);
  if (!on) return;
  const authorizer = isMap(url) ? str(resolveScalar(doc, get(url, 'authorizer'))) : undefined;
  if (authorizer !== 'aws_iam')
    ctx.report({
      // `url: true`: the value; `url: {...}` without an authorizer: the key.
      from: isMap(url) ? e.key.from : url.from,
      to: isMap(url) ? e.key.to : url.to,
      message: `The function URL of ${fnId} has no authorizer (AuthType NONE): anyone with the URL can invoke it. Set url.authorizer: aws_iam, or use an API with an authorizer`,
      functionId: fnId,
    });
  const cors = isMap(url) ? get(url, 'cors') : undefined;
  // `cors: true` allows every origin.
  if (cors && isScalar(cors) && bool(cors) === true)
    ctx.report({ from: cors.from, to: cors.to, message: `The function URL of ${fnId} allows CORS requests from every origin (cors: true): list allowedOrigins instead`, functionId: fnId });
  else reportOpenOrigins(ctx, get(cors, 'allowedOrigins'), fnId);
}
