import type { Finding } from '../../engine/types';
import { displayPath, sortFindings, summarize } from '../report';
import type { Report, Summary } from '../report';

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };
const SEVERITY_COLOR = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan } as const;

/** `path:line:col severity ruleId message`, one line per finding (1-based), then a summary line. */
export function formatText(report: Report, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  for (const f of sortFindings(report.result.findings)) {
    if (f.suppression && !report.showSuppressed) continue;
    lines.push(findingLine(report.cwd, f, paint));
  }
  lines.push(paint(ANSI.bold, summaryLine(summarize(report.result))));
  return lines.join('\n') + '\n';
}

function findingLine(cwd: string, f: Finding, paint: (code: string, s: string) => string): string {
  const where = `${displayPath(cwd, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  // Parser messages can span lines; a finding stays on one line so that grep and editors can read it.
  const message = oneLine(f.message);
  let line = `${where} ${paint(SEVERITY_COLOR[f.severity], f.severity)} ${paint(ANSI.dim, f.ruleId)} ${message}`;
  if (f.suppression) line += paint(ANSI.dim, f.suppression.justification ? ` (suppressed: ${oneLine(f.suppression.justification)})` : ' (suppressed)');
  return line;
}

export function summaryLine(s: Summary): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  let line =
    `${n(s.errors, 'error', 'errors')}, ${n(s.warnings, 'warning', 'warnings')}, ${s.info} info` +
    ` in ${n(s.templates, 'template', 'templates')} and ${n(s.handlerFiles, 'handler file', 'handler files')}` +
    ` (${n(s.functions, 'function', 'functions')})`;
  if (s.suppressed) line += `, ${s.suppressed} suppressed`;
  return line;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}
