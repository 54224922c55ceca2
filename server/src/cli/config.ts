import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LambdaAuditConfig } from '../engine/config';
import { parseProjectConfig, PROJECT_CONFIG_FILE } from '../engine/projectConfig';
import { SourceText } from '../engine/text';
import type { RuleMeta } from '../engine/types';
import { UsageError } from './args';

/**
 * The configuration for a run: `--config FILE` (which must exist), else `.lambda-audit.yaml`
 * in the working directory when there is one, else none. Any problem is a usage error naming
 * the file, line and column, so CI logs point straight at it.
 */
export function loadConfig(cwd: string, explicit: string | undefined, rules: RuleMeta[]): LambdaAuditConfig {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, PROJECT_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read configuration ${explicit ?? PROJECT_CONFIG_FILE}: ${reason(e)}`);
  }
  const { config, problems } = parseProjectConfig(text, rules);
  if (problems.length) {
    const src = new SourceText(file, text);
    const where = (o: number) => {
      const p = src.positionAt(o);
      return `${path.relative(cwd, file) || file}:${p.line + 1}:${p.character + 1}`;
    };
    // One line per problem, so that a single run shows them all.
    throw new UsageError(problems.map((p) => `invalid configuration ${where(p.from)}: ${p.message}`).join('\n'));
  }
  return config;
}

export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e as Error).message ?? String(e);
}
