import * as vscode from 'vscode';

/**
 * Opens a rule's page: the Markdown shipped with the extension (docs/rules/LAxxx.md) in the
 * Markdown preview, so it works offline; the online page only when the file is missing.
 */
export async function showRuleDocs(extensionUri: vscode.Uri, ruleId?: unknown, href?: unknown): Promise<void> {
  let id = typeof ruleId === 'string' && /^LA\d{3}$/.test(ruleId) ? ruleId : undefined;
  const folder = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  if (!id) {
    let names: string[] = [];
    try {
      names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).filter((n) => /^LA\d{3}\.md$/.test(n));
    } catch {
      names = [];
    }
    const pick = await vscode.window.showQuickPick(names.map((n) => n.slice(0, -3)).sort(), { placeHolder: 'Rule to show' });
    if (!pick) return;
    id = pick;
  }
  const file = vscode.Uri.joinPath(folder, `${id}.md`);
  try {
    await vscode.workspace.fs.stat(file);
    await vscode.commands.executeCommand('markdown.showPreview', file);
  } catch {
    if (typeof href === 'string' && href.startsWith('https://')) await vscode.env.openExternal(vscode.Uri.parse(href));
    else void vscode.window.showWarningMessage(`Lambda Audit: no documentation found for ${id}.`);
  }
}
