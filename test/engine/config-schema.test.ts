// schemas/lambda-audit.schema.json: generated from the rule metadata and in step with the parser.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { configSchema, configSchemaText } from '../../server/src/engine/configSchema';
import { parseProjectConfig } from '../../server/src/engine/projectConfig';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';

const FILE = path.resolve(__dirname, '../../schemas/lambda-audit.schema.json');
const metas = ALL_RULES.map((r) => r.meta);

describe('project configuration schema', () => {
  it('the shipped file is the generated one (run `node --import tsx scripts/gen-config-schema.ts` after adding a rule)', () => {
    assert.equal(fs.readFileSync(FILE, 'utf8'), configSchemaText(metas));
  });

  it('names every known rule id, describes it, and nothing else', () => {
    const s = configSchema(metas) as any;
    const props = s.properties.rules.properties;
    assert.deepEqual(Object.keys(props), metas.map((m) => m.id).sort());
    const la101 = metas.find((m) => m.id === 'LA101')!;
    assert.ok(props.LA101.description.startsWith(`${la101.slug}: ${la101.title}`));
    assert.equal(s.properties.rules.additionalProperties, false);
    assert.equal(s.additionalProperties, false);
  });

  it('allows what the parser allows: the same top-level keys and severities', () => {
    const s = configSchema(metas) as any;
    assert.deepEqual(Object.keys(s.properties), ['rules', 'exclude', 'include']);
    const unknown = parseProjectConfig('bogus: 1\n', metas).problems[0].message;
    assert.equal(unknown, `Unknown key 'bogus'. Allowed top-level keys: ${Object.keys(s.properties).join(', ')}.`);
    assert.deepEqual(s.definitions.severity.enum, ['off', 'info', 'warning', 'error']);
    for (const sev of s.definitions.severity.enum) assert.deepEqual(parseProjectConfig(`rules:\n  LA101: ${sev}\n`, metas).problems, []);
    assert.equal(parseProjectConfig('rules:\n  LA101: loud\n', metas).problems.length, 1);
  });
});
