import type { MetaRule } from '../api';

/** Reported by the engine when a template does not parse (it has no check of its own). */
export const rule: MetaRule = {
  kind: 'meta',
  meta: {
    id: 'LA001',
    slug: 'template-parse-error',
    title: 'Template does not parse',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'The template is not valid YAML or JSON, so neither CloudFormation nor Lambda Audit can read it. The diagnostic points at the first error.',
  },
};
