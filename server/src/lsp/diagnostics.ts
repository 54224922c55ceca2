import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { docsUrl } from '../engine/rules/api';
import type { Finding, Severity } from '../engine/types';

export const SOURCE = 'lambda-audit';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

export interface DiagnosticOptions {
  /** Whether the client shows relatedInformation; otherwise it is folded into the message. */
  relatedInformation: boolean;
}

export function toDiagnostic(f: Finding, toUri: (file: string) => string, opts: DiagnosticOptions = { relatedInformation: true }): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    source: SOURCE,
    message: f.message,
  };
  if (f.tags?.length) d.tags = f.tags.map((t) => TAG[t]);
  if (f.related?.length) {
    if (opts.relatedInformation) {
      d.relatedInformation = f.related.map(
        (r): DiagnosticRelatedInformation => ({ location: { uri: toUri(r.file), range: r.range }, message: r.message }),
      );
    } else {
      d.message += '\n' + f.related.map((r) => r.message).join('\n');
    }
  }
  return d;
}

/** Findings a user should see: in-source suppressions hide them from the editor. */
export function visible(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

/** Whether a diagnostic the client sent back (code action context) is this finding's. */
export function matches(d: Diagnostic, f: Finding): boolean {
  return d.source === SOURCE && d.code === f.ruleId && sameRange(d.range, f.range);
}
