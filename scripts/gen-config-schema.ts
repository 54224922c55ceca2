// Writes schemas/lambda-audit.schema.json from the rule metadata.
// Usage: node scripts/gen-rule-index.mjs && node --import tsx scripts/gen-config-schema.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configSchemaText } from '../server/src/engine/configSchema';
import { ALL_RULES } from '../server/src/engine/rules/index.generated';

const out = path.resolve(__dirname, '../schemas/lambda-audit.schema.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, configSchemaText(ALL_RULES.map((r) => r.meta)));
console.log(`${path.relative(process.cwd(), out)}: ${ALL_RULES.length} rules`);
