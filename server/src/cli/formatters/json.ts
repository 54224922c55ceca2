import * as path from 'node:path';
import { docsUrl } from '../../engine/rules/api';
import type { Finding, Range, Severity } from '../../engine/types';
import { displayPath, sortFindings, summarize } from '../report';
import type { Report, Summary } from '../report';

/**
 * The JSON report (`--format json`). This shape is a public interface: add fields, never rename
 * or remove them without bumping `schemaVersion`. Paths are relative to the working directory
 * (forward slashes; absolute when outside it); lines and columns are 1-based, columns count
 * UTF-16 code units, and `endColumn` is exclusive.
 */
export interface JsonReport {
  /** Version of lambda-audit that wrote the report. */
  version: string;
  schemaVersion: 1;
  findings: JsonFinding[];
  functions: JsonFunction[];
  summary: Summary;
}

export interface JsonSpan {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonSpan {
  ruleId: string;
  /** The rule's slug, e.g. client-init-in-handler. */
  ruleName: string;
  severity: Severity;
  message: string;
  helpUri: string;
  functionId?: string;
  tags?: string[];
  related?: Array<JsonSpan & { message: string }>;
  fixes?: Array<{ title: string; isPreferred: boolean; changes: Array<{ path: string; edits: Array<Omit<JsonSpan, 'path'> & { newText: string }> }> }>;
  suppressed: boolean;
  /** Present when an in-source comment suppresses the finding (listed only with --show-suppressed). */
  suppression?: { kind: 'inSource'; justification?: string } & JsonSpan;
}

export interface JsonFunction {
  /** Logical id in the template. */
  id: string;
  template: string;
  line: number;
  column: number;
  resourceType: string;
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  role: string;
  events: string[];
  handler?: string;
  handlerFile?: string;
  handlerLine?: number;
  handlerColumn?: number;
  /** Indexes into `findings` of the findings about this function. */
  findings: number[];
}

export function formatJson(report: Report): string {
  const rel = (file: string) => displayPath(report.cwd, file).split(path.sep).join('/');
  const span = (file: string, r: Range): JsonSpan => ({ path: rel(file), ...lineCol(r) });
  const slugs = new Map(report.rules.map((r) => [r.id, r.slug]));
  const listed = sortFindings(report.result.findings).filter((f) => report.showSuppressed || !f.suppression);
  const index = new Map<Finding, number>(listed.map((f, i) => [f, i]));
  const findings = listed.map((f): JsonFinding => {
    const out: JsonFinding = {
      ruleId: f.ruleId,
      ruleName: slugs.get(f.ruleId) ?? f.ruleId,
      severity: f.severity,
      message: f.message,
      ...span(f.file, f.range),
      helpUri: docsUrl(f.ruleId),
      suppressed: !!f.suppression,
    };
    if (f.functionId) out.functionId = f.functionId;
    if (f.tags?.length) out.tags = [...f.tags];
    if (f.related?.length) out.related = f.related.map((r) => ({ ...span(r.file, r.range), message: r.message }));
    if (f.fixes?.length)
      out.fixes = f.fixes.map((fx) => ({
        title: fx.title,
        isPreferred: !!fx.isPreferred,
        changes: fx.changes.map((c) => ({ path: rel(c.file), edits: c.edits.map((e) => ({ ...lineCol(e.range), newText: e.newText })) })),
      }));
    if (f.suppression) {
      out.suppression = { kind: 'inSource', ...span(f.suppression.file, f.suppression.range) };
      if (f.suppression.justification) out.suppression.justification = f.suppression.justification;
    }
    return out;
  });
  const functions = report.result.functions.map((fn): JsonFunction => {
    const out: JsonFunction = {
      id: fn.id,
      template: rel(fn.template),
      line: fn.range.start.line + 1,
      column: fn.range.start.character + 1,
      resourceType: fn.resourceType,
      ...(fn.runtime !== undefined ? { runtime: fn.runtime } : {}),
      ...(fn.memorySize !== undefined ? { memorySize: fn.memorySize } : {}),
      ...(fn.timeout !== undefined ? { timeout: fn.timeout } : {}),
      role: fn.role,
      events: fn.events,
      ...(fn.handler !== undefined ? { handler: fn.handler } : {}),
      ...(fn.handlerFile !== undefined ? { handlerFile: rel(fn.handlerFile) } : {}),
      ...(fn.handlerRange ? { handlerLine: fn.handlerRange.start.line + 1, handlerColumn: fn.handlerRange.start.character + 1 } : {}),
      findings: fn.findings.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    };
    return out;
  });
  const doc: JsonReport = { version: report.version, schemaVersion: 1, findings, functions, summary: summarize(report.result) };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function lineCol(r: Range): Omit<JsonSpan, 'path'> {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}
