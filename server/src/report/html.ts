// The audit report as one self-contained HTML page: the VS Code webview shows it, and the CLI
// writes it with `--format html`. Pure (no vscode, no LSP, no engine code: only types), so the
// client bundle can import it and Node tests can render it. Everything from the workspace is
// escaped, and nothing loads from outside the page.
import type { Severity } from '../engine/types';
import type { AuditReport, ReportFinding, ReportFunction } from '../lsp/protocol';
import { chart, SEVERITIES, severityCounts } from './chart';
import { escapeHtml, plural, severityCount } from './escape';
import { standaloneLinks, webviewLinks } from './links';
import type { Links } from './links';
import { pageScript } from './script';
import { STANDALONE_THEME, STYLE } from './style';

export { escapeHtml } from './escape';

export type RenderOptions =
  /** In a VS Code webview: `cspSource` is the webview's own origin; file links carry URIs. */
  | { mode: 'webview'; nonce: string; cspSource: string }
  /** A page of its own: file links are the findings' `uri` fields, which hold paths relative to the page. */
  | { mode: 'standalone'; nonce: string; generator?: string };

interface Ctx {
  links: Links;
  titles: Map<string, string>;
  /** A finding's position in report.findings: the filter counts a finding listed under two functions once. */
  keyOf(f: ReportFinding): number;
}

/** The report page. `nonce` authorises the one inline style and the one script. */
export function renderReport(report: AuditReport, options: RenderOptions): string {
  const { nonce } = options;
  const csp =
    options.mode === 'webview'
      ? `default-src 'none'; img-src ${options.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`
      : `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  const identity = (f: ReportFinding) => `${f.uri}|${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
  const keys = new Map(report.findings.map((f, i) => [identity(f), i] as const));
  const ctx: Ctx = {
    links: options.mode === 'webview' ? webviewLinks : standaloneLinks,
    titles: new Map(report.byRule.filter((r) => r.title).map((r) => [r.ruleId, r.title!])),
    keyOf: (f) => keys.get(identity(f)) ?? -1,
  };
  const owned = new Set(report.functions.flatMap((fn) => fn.findings.map(identity)));
  const other = report.findings.filter((f) => !owned.has(identity(f)));
  const scope =
    `${plural(report.functions.length, 'function')} in ${plural(report.templates, 'template')}, ${plural(report.codeFiles, 'code file')}` +
    (report.folders.length > 1 ? ` across ${report.folders.length} folders` : '');
  const generator = options.mode === 'standalone' && options.generator ? ` · ${escapeHtml(options.generator)}` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Lambda Audit report</title>
<style nonce="${nonce}">${options.mode === 'standalone' ? STANDALONE_THEME : ''}${STYLE}</style>
</head>
<body>
<h1>Lambda Audit report</h1>
<p class="muted">${escapeHtml(scope)}; ${report.durationMs} ms${generator}</p>
${report.cancelled ? '<p class="banner">The audit was cancelled: this report covers only the files read before that.</p>' : ''}
<section aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
${summaryCards(report)}
</section>
${filters(report, ctx)}
<section aria-labelledby="h-chart">
<h2 id="h-chart">Findings per function</h2>
${chart(report.functions)}
</section>
<section aria-labelledby="h-rules">
<h2 id="h-rules">Findings by rule</h2>
${rulesTable(report, ctx)}
</section>
<section aria-labelledby="h-functions">
<h2 id="h-functions">Functions</h2>
${functionsTable(report.functions, ctx)}
</section>
${
  other.length
    ? `<section id="other-files" aria-labelledby="h-other">\n<h2 id="h-other">Other files</h2>\n<p class="muted">Findings in files no function of a template points at.</p>\n${findingsTable(other, ctx)}\n</section>`
    : ''
}
${!report.functions.length && !report.findings.length ? '<p>No Lambda functions or handlers found.</p>' : ''}
<script nonce="${nonce}">${pageScript(options.mode)}</script>
</body>
</html>
`;
}

function summaryCards(report: AuditReport): string {
  const sev = report.bySeverity;
  const card = (cls: string, n: number, label: string) => `<div class="card${cls ? ` ${cls}` : ''}"><span class="num">${n}</span> ${escapeHtml(label)}</div>`;
  return `<div class="cards">
${card('sev-error', sev.error, sev.error === 1 ? 'error' : 'errors')}
${card('sev-warning', sev.warning, sev.warning === 1 ? 'warning' : 'warnings')}
${card('sev-info', sev.info, 'info')}
${card('', report.functions.filter((fn) => fn.findings.length).length, `of ${plural(report.functions.length, 'function')} with findings`)}
${card('', report.suppressed, 'suppressed in source')}
</div>`;
}

function filters(report: AuditReport, ctx: Ctx): string {
  const sevBoxes = SEVERITIES.map(
    (s) => `<label><input type="checkbox" name="severity" value="${s}" checked> <span class="swatch sev-${s}"></span> ${s} (${report.bySeverity[s]})</label>`,
  ).join('\n');
  const ruleOptions = report.byRule
    .map((r) => `<option value="${escapeHtml(r.ruleId)}">${escapeHtml(`${r.ruleId}${ctx.titles.has(r.ruleId) ? ` ${ctx.titles.get(r.ruleId)}` : ''} (${r.count})`)}</option>`)
    .join('');
  return `<div class="filters" role="search" aria-label="Filter findings">
<fieldset><legend>Severity</legend>
${sevBoxes}
</fieldset>
<label><span class="label">Rule</span> <select id="filter-rule"><option value="">All rules</option>${ruleOptions}</select></label>
<label><span class="label">Function</span> <input type="search" id="filter-name" placeholder="Filter by name" autocomplete="off" spellcheck="false"></label>
<span id="filter-status" class="muted" role="status" data-total="${report.findings.length}">${plural(report.findings.length, 'finding')}</span>
</div>`;
}

function severityBadge(s: Severity): string {
  return `<span class="sev sev-${s}">${s}</span>`;
}

function rulesTable(report: AuditReport, ctx: Ctx): string {
  if (!report.byRule.length) return '<p class="none">No findings.</p>';
  const rows = report.byRule
    .map(
      (r) =>
        `<tr><td>${ctx.links.docs(r.ruleId, r.docsUrl, ctx.titles.get(r.ruleId))}</td><td>${escapeHtml(ctx.titles.get(r.ruleId) ?? '')}</td>` +
        `<td>${severityBadge(r.severity)}</td><td class="num">${r.count}</td></tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table class="rules"><thead><tr><th>Rule</th><th>Title</th><th>Severity</th><th class="num">Findings</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function findingsTable(findings: ReportFinding[], ctx: Ctx): string {
  if (!findings.length) return '<p class="none muted">No findings.</p>';
  // Worst first; within a severity, the order the report gave (by file and line).
  const rows = [...findings]
    .sort((a, b) => RANK[a.severity] - RANK[b.severity])
    .map(
      (f) =>
        `<tr class="finding" data-severity="${f.severity}" data-rule="${escapeHtml(f.ruleId)}" data-key="${ctx.keyOf(f)}">` +
        `<td>${severityBadge(f.severity)}</td><td>${ctx.links.docs(f.ruleId, f.docsUrl, ctx.titles.get(f.ruleId))}</td><td>${escapeHtml(f.message)}</td>` +
        `<td>${ctx.links.file(`${f.relPath}:${f.range.start.line + 1}`, f.uri, f.range.start.line, f.range.start.character)}</td></tr>`,
    )
    .join('\n');
  return `<table class="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Location</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const COLUMNS = ['Function', 'Template', 'Runtime', 'Memory', 'Timeout', 'Role', 'Events', 'Handler', 'Findings'];

function functionsTable(functions: ReportFunction[], ctx: Ctx): string {
  if (!functions.length) return '<p class="none muted">No functions.</p>';
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>`;
  return `<div class="scroll"><table class="functions">${head}\n${functions.map((fn, i) => functionGroup(fn, i, ctx)).join('\n')}\n</table></div>`;
}

function notSet(v: string | number | undefined, unit = ''): string {
  return v === undefined || v === '' ? '<span class="muted">not set</span>' : escapeHtml(`${v}${unit}`);
}

/** One function: a row of its settings, then a row with its findings (one tbody, shown or hidden together). */
function functionGroup(fn: ReportFunction, index: number, ctx: Ctx): string {
  const { links } = ctx;
  const handler = fn.handlerFile
    ? links.file(fn.handlerFile, fn.handlerUri, fn.handlerRange?.start.line, fn.handlerRange?.start.character) +
      (fn.handler ? `<br><code class="muted">${escapeHtml(fn.handler)}</code>` : '')
    : fn.handler
      ? `<code>${escapeHtml(fn.handler)}</code> <span class="muted">(no file found)</span>`
      : '<span class="muted">none</span>';
  const c = severityCounts(fn);
  const counts = fn.findings.length
    ? SEVERITIES.filter((s) => c[s]).map((s) => `<span class="tally-${s}">${severityCount(c[s], s)}</span>`).join('<br>')
    : '<span class="muted">none</span>';
  const cells = [
    escapeHtml(fn.id),
    links.file(`${fn.template}:${fn.range.start.line + 1}`, fn.templateUri, fn.range.start.line, fn.range.start.character) +
      `<br><span class="muted">${escapeHtml(fn.resourceType)}</span>`,
    notSet(fn.runtime),
    notSet(fn.memorySize, ' MB'),
    notSet(fn.timeout, ' s'),
    notSet(fn.role),
    fn.events.length ? fn.events.map(escapeHtml).join('<br>') : '<span class="muted">none</span>',
    handler,
    counts,
  ];
  const wrap = new Set([5, 6, 7]);
  return `<tbody class="fn-group" data-fn="${index}" data-name="${escapeHtml(fn.id)}">
<tr class="fn">${cells
    // The div keeps a cell's content one grid item when a narrow panel lays the row out as label/value lines.
    .map((v, i) => `<td${wrap.has(i) ? ' class="wrap"' : ''} data-label="${COLUMNS[i]}"><div>${v}</div></td>`)
    .join('')}</tr>
<tr class="fn-findings"><td colspan="${COLUMNS.length}">${findingsTable(fn.findings, ctx)}</td></tr>
</tbody>`;
}
