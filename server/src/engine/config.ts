import type { Severity, SeveritySetting } from './types';

export type RuleSetting = SeveritySetting | ({ severity?: SeveritySetting } & Record<string, unknown>);

/** The project configuration (`.lambda-audit.yaml`) merged with per-user settings. */
export interface LambdaAuditConfig {
  rules?: Record<string, RuleSetting>;
  /** Globs (relative to the workspace root) of files and folders to skip. */
  exclude?: string[];
  /** Folders skipped by default that should be read (e.g. `cdk.out`). */
  include?: string[];
}

export function ruleSeverity(config: LambdaAuditConfig | undefined, id: string, def: Severity): SeveritySetting {
  const s = config?.rules?.[id];
  if (s === undefined) return def;
  if (typeof s === 'string') return s;
  return s.severity ?? def;
}

export function ruleParams(config: LambdaAuditConfig | undefined, id: string): Record<string, unknown> {
  const s = config?.rules?.[id];
  return s && typeof s === 'object' ? s : {};
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
