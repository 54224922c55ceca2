import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditReport } from '../../server/src/lsp/protocol';
import { renderReport } from '../../server/src/report/html';

/** The "Lambda Audit report" webview: one panel, reused by later audits. */
export class ReportPanel {
  private panel: vscode.WebviewPanel | undefined;
  html: string | undefined;

  constructor(private readonly openDocs: (ruleId: string) => Thenable<unknown>) {}

  show(report: AuditReport): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('lambdaAudit.report', 'Lambda Audit report', vscode.ViewColumn.Beside, {
        enableScripts: true,
        enableFindWidget: true,
        // The page loads nothing: no local or remote resources.
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m) => this.onMessage(m));
    }
    this.html = renderReport(report, { mode: 'webview', nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource });
    this.panel.webview.html = this.html;
    this.current = report;
    this.panel.reveal(undefined, true);
  }

  /** The report on screen: links are checked against it. */
  private current: AuditReport | undefined;

  private async onMessage(m: unknown): Promise<void> {
    const msg = m as { type?: string; uri?: string; line?: number; character?: number; ruleId?: string };
    const report = this.current;
    if (!report) return;
    if (msg.type === 'docs' && typeof msg.ruleId === 'string' && /^LA\d{3}$/.test(msg.ruleId)) {
      await this.openDocs(msg.ruleId);
      return;
    }
    if (msg.type !== 'open' || typeof msg.uri !== 'string') return;
    // Only files the report itself names can be opened from the page.
    const known =
      report.findings.some((f) => f.uri === msg.uri) ||
      report.functions.some((fn) => fn.templateUri === msg.uri || fn.handlerUri === msg.uri);
    if (!known) return;
    const pos = new vscode.Position(Math.max(0, msg.line ?? 0), Math.max(0, msg.character ?? 0));
    await vscode.window.showTextDocument(vscode.Uri.parse(msg.uri), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
