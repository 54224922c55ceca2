// Types and names shared by the language server and the VS Code client (the client imports them as types only).
import type { FunctionSummary } from '../engine/engine';
import type { Range, Severity } from '../engine/types';

export const AUDIT_COMMAND = 'lambdaAudit.audit';

/** Arguments of `lambdaAudit.audit` (all optional; other editors may send none). */
export interface AuditCommandArgs {
  /** Globs to skip in addition to `lambdaAudit.exclude` (VS Code passes its `files.exclude`). */
  filesExclude?: string[];
  /** Limit the audit to these workspace-folder URIs (default: every folder). */
  folders?: string[];
}

export interface ReportRelated {
  uri: string;
  range: Range;
  message: string;
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  uri: string;
  /** Path relative to its workspace folder, for display. */
  relPath: string;
  range: Range;
  docsUrl: string;
  functionId?: string;
  related?: ReportRelated[];
}

export interface ReportFunction {
  id: string;
  folder: string;
  templateUri: string;
  template: string;
  range: Range;
  resourceType: FunctionSummary['resourceType'];
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  role: string;
  events: string[];
  handler?: string;
  handlerUri?: string;
  handlerFile?: string;
  handlerRange?: Range;
  findings: ReportFinding[];
}

export interface AuditReport {
  cancelled: boolean;
  folders: Array<{ name: string; uri?: string }>;
  templates: number;
  codeFiles: number;
  functions: ReportFunction[];
  /** Every unsuppressed finding, also those of files no function owns. */
  findings: ReportFinding[];
  suppressed: number;
  bySeverity: Record<Severity, number>;
  /** `title` is the rule's title (absent for a rule id the server does not know). */
  byRule: Array<{ ruleId: string; severity: Severity; count: number; docsUrl: string; title?: string }>;
  durationMs: number;
  /** Worker threads the audit ran on; 0 when it ran on the server's main thread (a small workspace). */
  workerThreads?: number;
}

