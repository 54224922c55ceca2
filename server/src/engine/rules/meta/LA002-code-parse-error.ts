import type { MetaRule } from '../api';

/** Reported by the engine when a handler file does not parse; the other code rules skip that file. */
export const rule: MetaRule = {
  kind: 'meta',
  meta: {
    id: 'LA002',
    slug: 'code-parse-error',
    title: 'Handler code does not parse',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The handler file has a syntax error, so the function would fail at import time (Runtime.ImportModuleError / Runtime.UserCodeSyntaxError). The code rules wait until it parses.',
  },
};
