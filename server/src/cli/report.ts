import * as path from 'node:path';
import type { AuditResult } from '../engine/engine';
import type { Finding, RuleMeta, Severity } from '../engine/types';
import { SEVERITY_RANK } from '../engine/config';
import type { FailOn } from './args';

/** Everything a formatter needs: the audit result plus what the formatter cannot know itself. */
export interface Report {
  /** Paths are printed relative to this folder (the working directory). */
  cwd: string;
  version: string;
  result: AuditResult;
  rules: RuleMeta[];
  /** Text of a zero-based line of a file, for fingerprints; undefined when unreadable. */
  lineText(file: string, line: number): string | undefined;
  showSuppressed: boolean;
  /** How long the audit took (shown by the html report). */
  durationMs?: number;
}

export interface Summary {
  errors: number;
  warnings: number;
  info: number;
  suppressed: number;
  templates: number;
  handlerFiles: number;
  functions: number;
}

/** A path for people: relative to cwd when inside it, absolute otherwise. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** Stable order: by file, position, then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
}

export function summarize(result: AuditResult): Summary {
  const s: Summary = {
    errors: 0,
    warnings: 0,
    info: 0,
    suppressed: 0,
    templates: result.templates.length,
    handlerFiles: result.codeFiles.length,
    functions: result.functions.length,
  };
  for (const f of result.findings) {
    if (f.suppression) s.suppressed++;
    else if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.info++;
  }
  return s;
}

/** Whether the run fails: some unsuppressed finding at or above the threshold. */
export function reachesThreshold(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const min = SEVERITY_RANK[failOn as Severity];
  return findings.some((f) => !f.suppression && SEVERITY_RANK[f.severity] >= min);
}
