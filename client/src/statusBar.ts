import * as vscode from 'vscode';

const SOURCE = 'lambda-audit';

/**
 * "$(shield) Lambda 3": the open findings (errors and warnings the server published) in the
 * status bar; clicking runs the audit. Info findings are left out: they are advice, not problems.
 */
export function createFindingsStatus(auditCommand: string): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lambdaAudit.findings', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Lambda Audit findings';
  item.command = { command: auditCommand, title: 'Audit Lambda' };
  const update = () => {
    let errors = 0;
    let warnings = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics())
      for (const d of diagnostics) {
        if (d.source !== SOURCE) continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    const total = errors + warnings;
    item.text = `$(shield) Lambda ${total}`;
    item.tooltip = `Lambda Audit: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in open and audited files. Click to audit the workspace.`;
    item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  update();
  item.show();
  const sub = vscode.languages.onDidChangeDiagnostics(update);
  return vscode.Disposable.from(item, sub);
}
