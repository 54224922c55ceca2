import * as path from 'node:path';
import type { LambdaAuditConfig, RuleSetting } from '../engine/config';
import type { FileHost } from '../engine/host';
import { PROJECT_CONFIG_FILE, parseProjectConfig } from '../engine/projectConfig';
import type { ConfigProblem } from '../engine/projectConfig';
import { SourceText } from '../engine/text';
import type { RuleMeta, SeveritySetting } from '../engine/types';

export { PROJECT_CONFIG_FILE };
export const DEFAULT_DEBOUNCE_MS = 150;

/** The `lambdaAudit.*` settings of one workspace folder (VS Code settings or another editor's equivalent). */
export interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  exclude: string[];
  debounceMs: number;
  /** `lambdaAudit.codeLens.enable`: the lens above each handler function. */
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, exclude: [], debounceMs: DEFAULT_DEBOUNCE_MS, codeLens: true };

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** Settings from an untrusted JSON value: unknown keys and wrong types fall back to the defaults. */
export function normalizeSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  if (!raw || typeof raw !== 'object') return { ...base };
  const r = raw as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (r.rules && typeof r.rules === 'object')
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>))
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[id.toUpperCase()] = v as SeveritySetting;
  // The editor sends `codeLens: { enable }`; an already normalized Settings holds the boolean itself.
  const lens = r.codeLens && typeof r.codeLens === 'object' ? (r.codeLens as Record<string, unknown>).enable : r.codeLens;
  const debounce = typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) && r.debounceMs >= 0 ? r.debounceMs : base.debounceMs;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : base.enable,
    rules: r.rules !== undefined ? rules : { ...base.rules },
    exclude: r.exclude !== undefined ? stringList(r.exclude) : [...base.exclude],
    debounceMs: debounce,
    codeLens: typeof lens === 'boolean' ? lens : base.codeLens,
  };
}

/**
 * Reads `.lambda-audit.yaml` at a folder root with the engine's parser. A missing file is an
 * empty config; problems come back with the valid rest, so a typo in the project file never
 * silences or crashes the editor (the server shows them as diagnostics on the file).
 */
export function readProjectConfig(host: FileHost, root: string, rules: RuleMeta[]): { file: string; config: LambdaAuditConfig; problems: ConfigProblem[]; source?: SourceText } {
  const file = path.join(root, PROJECT_CONFIG_FILE);
  const text = host.readFile(file);
  if (text === undefined) return { file, config: {}, problems: [] };
  const { config, problems } = parseProjectConfig(text, rules);
  return { file, config, problems, source: new SourceText(file, text) };
}

/** The project file with this machine's settings on top: per-rule severities override, parameters stay. */
export function mergeConfig(project: LambdaAuditConfig, settings: Settings): LambdaAuditConfig {
  const rules: Record<string, RuleSetting> = { ...(project.rules ?? {}) };
  for (const [id, sev] of Object.entries(settings.rules)) {
    const cur = rules[id];
    rules[id] = cur && typeof cur === 'object' ? { ...cur, severity: sev } : sev;
  }
  return {
    rules,
    exclude: [...(project.exclude ?? []), ...settings.exclude],
    include: project.include,
  };
}
