// `--format html`: the report VS Code shows, as a page of its own. File links are paths relative
// to the page (so the report keeps working when the folder is moved or published as a CI
// artifact together with the sources) with #L<line>.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEVERITY_RANK } from '../../engine/config';
import type { FunctionSummary } from '../../engine/engine';
import { docsUrl } from '../../engine/rules/api';
import type { Finding } from '../../engine/types';
import type { AuditReport, ReportFinding, ReportFunction } from '../../lsp/protocol';
import { renderReport } from '../../report/html';
import { displayPath, sortFindings } from '../report';
import type { Report } from '../report';

/** `pageDir`: the folder the page is written to (the working directory when it goes to stdout). */
export function formatHtml(report: Report, pageDir: string, nonce = randomBytes(16).toString('base64')): string {
  return renderReport(toAuditReport(report, pageDir), { mode: 'standalone', nonce, generator: `lambda-audit ${report.version}` });
}

export function toAuditReport(report: Report, pageDir: string): AuditReport {
  const { cwd, result } = report;
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const finding = (f: Finding): ReportFinding => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    uri: href(pageDir, f.file),
    relPath: shown(cwd, f.file),
    range: f.range,
    docsUrl: docsUrl(f.ruleId),
    functionId: f.functionId,
  });
  const fn = (s: FunctionSummary): ReportFunction => ({
    id: s.id,
    folder: path.basename(cwd),
    templateUri: href(pageDir, s.template),
    template: shown(cwd, s.template),
    range: s.range,
    resourceType: s.resourceType,
    runtime: s.runtime,
    memorySize: s.memorySize,
    timeout: s.timeout,
    role: s.role,
    events: s.events,
    handler: s.handler,
    handlerUri: s.handlerFile ? href(pageDir, s.handlerFile) : undefined,
    handlerFile: s.handlerFile ? shown(cwd, s.handlerFile) : undefined,
    handlerRange: s.handlerRange,
    findings: sortFindings(s.findings.filter((f) => !f.suppression)).map(finding),
  });
  const open = sortFindings(result.findings.filter((f) => !f.suppression));
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, AuditReport['byRule'][number]>();
  for (const f of open) {
    bySeverity[f.severity]++;
    const r = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, severity: f.severity, count: 0, docsUrl: docsUrl(f.ruleId), title: titles.get(f.ruleId) };
    r.count++;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[r.severity]) r.severity = f.severity;
    byRule.set(f.ruleId, r);
  }
  return {
    cancelled: result.cancelled,
    folders: [{ name: path.basename(cwd) }],
    templates: result.templates.length,
    codeFiles: result.codeFiles.length,
    functions: result.functions.map(fn),
    findings: open.map(finding),
    suppressed: result.findings.length - open.length,
    bySeverity,
    // Same order as the editor's report: worst severity, then most findings.
    byRule: [...byRule.values()].sort(
      (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count || a.ruleId.localeCompare(b.ruleId),
    ),
    durationMs: report.durationMs ?? 0,
  };
}

function shown(cwd: string, file: string): string {
  return displayPath(cwd, file).split(path.sep).join('/');
}

/** A link from the page to a file: relative, each segment URL-encoded (a name may hold '#', '?' or spaces). */
export function href(pageDir: string, file: string): string {
  const rel = path.relative(pageDir, file);
  // Another drive on Windows has no relative path.
  if (path.isAbsolute(rel)) return pathToFileURL(file).href;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}
