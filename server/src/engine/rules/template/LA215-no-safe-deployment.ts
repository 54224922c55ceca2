import { addFunctionSetting } from '../../template/addProperty';
import { API_EVENT_TYPES } from '../../template/events';
import { eventSpan } from '../../template/eventSpan';
import type { TemplateRule } from '../api';

const ALIAS = 'live';

/**
 * LA215: a SAM function behind an API deployed in place: every release reaches all callers at
 * once, and going back means another deployment. AutoPublishAlias publishes a version per
 * deployment and points the API at an alias; DeploymentPreference then shifts traffic
 * gradually (canary / linear) with alarms and rolls back on its own.
 *
 * Only SAM functions with an API event: plain CloudFormation has no such switch (versions and
 * aliases are resources of their own, see LA214), and for the Serverless Framework gradual
 * deployment is a plugin whose configuration this rule cannot judge reliably.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA215',
    slug: 'no-safe-deployment',
    title: 'No safe (gradual, reversible) deployment',
    defaultSeverity: 'info',
    category: 'operations',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'A function that serves an API has neither AutoPublishAlias nor DeploymentPreference, so every deployment replaces the code for all callers at once and a bad release can only be undone by deploying again. Set AutoPublishAlias, then a DeploymentPreference (canary or linear, with alarms) for gradual deployments that roll back on their own.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    for (const fn of doc.functions) {
      if (fn.resourceType !== 'AWS::Serverless::Function') continue;
      const api = fn.events.find((e) => API_EVENT_TYPES.has(e.type));
      // Any value, even an unresolvable intrinsic, means the author chose a deployment strategy.
      if (!api || fn.prop('AutoPublishAlias') || fn.prop('DeploymentPreference')) continue;
      const setting = addFunctionSetting(fn, 'AutoPublishAlias', 'AutoPublishAlias', ALIAS);
      const where = setting?.target === 'globals' ? ' in Globals for all functions' : '';
      const span = eventSpan(fn, api);
      ctx.report({
        from: fn.entry.key.from,
        to: fn.entry.key.to,
        message: `${fn.id} has an ${api.type} event (${api.id}) and is deployed in place, so a bad release reaches every caller at once: set AutoPublishAlias (e.g. ${ALIAS}) and a DeploymentPreference (e.g. Canary10Percent5Minutes with alarms) so releases shift traffic gradually and roll back on their own`,
        related: [{ ...span, message: `${api.type} event ${api.id}` }],
        // Not preferred: publishing versions changes what the API invokes (the alias) and what a deployment does.
        fixes: setting?.edits.length ? [{ title: `Set AutoPublishAlias: ${ALIAS}${where}`, edits: setting.edits }] : undefined,
        functionId: fn.id,
      });
    }
  },
};
