// The JSON schema of `.lambda-audit.yaml` (schemas/lambda-audit.schema.json), built from the rule
// metadata so that editors complete every rule id with its title. It mirrors projectConfig.ts:
// that parser is the authority (and reports problems as diagnostics); the schema only helps typing.
import type { RuleMeta } from './types';

const SEVERITIES = ['off', 'info', 'warning', 'error'];

export function configSchema(rules: RuleMeta[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const m of [...rules].sort((a, b) => a.id.localeCompare(b.id)))
    ruleProps[m.id] = {
      description: `${m.slug}: ${m.title} (default: ${m.defaultSeverity}). ${m.summary}`,
      $ref: '#/definitions/ruleSetting',
    };
  const stringList = (what: string) => ({
    description: what,
    anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/lambda-audit/lambda-audit/blob/main/schemas/lambda-audit.schema.json',
    title: 'Lambda Audit project configuration (.lambda-audit.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        description: 'Per-rule settings: a severity, or { severity, ...parameters }.',
        type: ['object', 'null'],
        additionalProperties: false,
        properties: ruleProps,
      },
      exclude: stringList('Glob patterns (relative to the workspace folder) of files and folders to skip.'),
      include: stringList('Folders skipped by default that should be read, e.g. cdk.out.'),
    },
    definitions: {
      severity: { enum: SEVERITIES, description: 'off turns the rule off; info, warning and error set its severity.' },
      ruleSetting: {
        anyOf: [
          { $ref: '#/definitions/severity' },
          {
            type: 'object',
            description: 'The severity and the rule\'s parameters (see the rule\'s documentation).',
            properties: { severity: { $ref: '#/definitions/severity' } },
            additionalProperties: true,
          },
        ],
      },
    },
  };
}

/** The file's text: stable key order, two-space indentation, final newline. */
export function configSchemaText(rules: RuleMeta[]): string {
  return JSON.stringify(configSchema(rules), null, 2) + '\n';
}
