import type { MetaRule } from '../api';

/** Reported by the engine for a `lambda-audit-ignore-*` comment that suppresses nothing. */
export const rule: MetaRule = {
  kind: 'meta',
  meta: {
    id: 'LA003',
    slug: 'unused-suppression',
    title: 'Suppression that suppresses nothing',
    defaultSeverity: 'info',
    category: 'meta',
    scope: 'meta',
    languages: ['python', 'javascript', 'typescript', 'yaml'],
    summary:
      'A lambda-audit-ignore comment no longer matches any finding (the code was fixed or moved). Remove it so that it cannot hide a future finding.',
  },
};
