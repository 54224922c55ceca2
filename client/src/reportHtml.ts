// The audit report as one self-contained HTML page for a webview. Pure (no vscode import) so it
// can be tested in Node; everything from the workspace is escaped, nothing is loaded from outside.
import type { AuditReport, ReportFinding, ReportFunction } from '../../server/src/lsp/protocol';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Links carry their target in data attributes; the page script posts them to the extension, which opens the file. */
function fileLink(label: string, uri: string | undefined, line = 0, character = 0): string {
  if (!uri) return escapeHtml(label);
  return `<a href="#" class="open" data-uri="${escapeHtml(uri)}" data-line="${line}" data-character="${character}">${escapeHtml(label)}</a>`;
}

function docsLink(ruleId: string): string {
  return `<a href="#" class="docs" data-rule="${escapeHtml(ruleId)}" title="Show documentation for ${escapeHtml(ruleId)}">${escapeHtml(ruleId)}</a>`;
}

function severityBadge(s: string): string {
  return `<span class="sev sev-${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}

function findingRows(findings: ReportFinding[]): string {
  if (!findings.length) return '<p class="none">No findings.</p>';
  const rows = findings
    .map(
      (f) =>
        `<tr><td>${severityBadge(f.severity)}</td><td>${docsLink(f.ruleId)}</td><td>${escapeHtml(f.message)}</td>` +
        `<td>${fileLink(`${f.relPath}:${f.range.start.line + 1}`, f.uri, f.range.start.line, f.range.start.character)}</td></tr>`,
    )
    .join('\n');
  return `<table class="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Location</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function dash(v: string | number | undefined, unit = ''): string {
  return v === undefined || v === '' ? '<span class="muted">not set</span>' : escapeHtml(`${v}${unit}`);
}

function functionSection(fn: ReportFunction): string {
  const handler = fn.handlerFile
    ? fileLink(`${fn.handlerFile}${fn.handler ? ` (${fn.handler})` : ''}`, fn.handlerUri, fn.handlerRange?.start.line, fn.handlerRange?.start.character)
    : fn.handler
      ? `${escapeHtml(fn.handler)} <span class="muted">(no file found)</span>`
      : '<span class="muted">none</span>';
  const props: Array<[string, string]> = [
    ['Template', fileLink(fn.template, fn.templateUri, fn.range.start.line, fn.range.start.character)],
    ['Type', escapeHtml(fn.resourceType)],
    ['Runtime', dash(fn.runtime)],
    ['Memory', dash(fn.memorySize, ' MB')],
    ['Timeout', dash(fn.timeout, ' s')],
    ['Role', dash(fn.role)],
    ['Events', fn.events.length ? fn.events.map(escapeHtml).join(', ') : '<span class="muted">none</span>'],
    ['Handler', handler],
  ];
  const counts = fn.findings.length ? `${fn.findings.length} finding${fn.findings.length === 1 ? '' : 's'}` : 'clean';
  return `<section class="function">
<h2>${escapeHtml(fn.id)} <span class="muted">— ${escapeHtml(counts)}</span></h2>
<table class="props"><tbody>${props.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
${findingRows(fn.findings)}
</section>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em 2em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { text-align: left; vertical-align: top; padding: .25em .8em .25em 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
th { font-weight: 600; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; } a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
.muted { color: var(--vscode-descriptionForeground); }
.sev { display: inline-block; min-width: 4.5em; padding: 0 .4em; border-radius: 3px; border: 1px solid var(--vscode-contrastBorder, transparent); }
.sev-error { color: var(--vscode-errorForeground); }
.sev-warning { color: var(--vscode-editorWarning-foreground); }
.sev-info { color: var(--vscode-editorInfo-foreground); }
.banner { padding: .5em .8em; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-textBlockQuote-background); }
.totals span { margin-right: 1.5em; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a') : null;
  if (!a) return;
  e.preventDefault();
  if (a.classList.contains('open')) vscode.postMessage({ type: 'open', uri: a.dataset.uri, line: Number(a.dataset.line), character: Number(a.dataset.character) });
  else if (a.classList.contains('docs')) vscode.postMessage({ type: 'docs', ruleId: a.dataset.rule });
});
`;

/**
 * The report page. `nonce` authorises the one inline style and script; `cspSource` is the
 * webview's own origin. Nothing else may load (no remote images, fonts or scripts).
 */
export function renderReport(report: AuditReport, nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  const sev = report.bySeverity;
  const byRule = report.byRule.length
    ? `<table class="rules"><thead><tr><th>Rule</th><th>Severity</th><th>Findings</th></tr></thead><tbody>${report.byRule
        .map((r) => `<tr><td>${docsLink(r.ruleId)}</td><td>${severityBadge(r.severity)}</td><td>${r.count}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const owned = new Set<string>();
  for (const fn of report.functions) for (const f of fn.findings) owned.add(`${f.uri}|${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.message}`);
  const other = report.findings.filter((f) => !owned.has(`${f.uri}|${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.message}`));
  const scope = `${report.functions.length} function${report.functions.length === 1 ? '' : 's'} in ${report.templates} template${report.templates === 1 ? '' : 's'}, ${report.codeFiles} code file${report.codeFiles === 1 ? '' : 's'}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Lambda Audit report</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>Lambda Audit report</h1>
${report.cancelled ? '<p class="banner">The audit was cancelled: this report covers only the files read before that.</p>' : ''}
<p class="muted">${escapeHtml(scope)}${report.folders.length > 1 ? ` across ${report.folders.length} folders` : ''}; ${report.durationMs} ms.</p>
<h2>Summary</h2>
<p class="totals"><span>${severityBadge('error')} ${sev.error}</span><span>${severityBadge('warning')} ${sev.warning}</span><span>${severityBadge('info')} ${sev.info}</span>${
    report.suppressed ? `<span class="muted">${report.suppressed} suppressed in source</span>` : ''
  }</p>
${byRule}
${report.functions.map(functionSection).join('\n')}
${other.length ? `<section><h2>Other files</h2>${findingRows(other)}</section>` : ''}
${!report.functions.length && !report.findings.length ? '<p>No Lambda functions or handlers found.</p>' : ''}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
