// Findings per function as horizontal bars, one segment per severity. Inline SVG: bar widths are
// SVG attributes, which the webview's CSP allows (inline style attributes it would block). The
// page script rewrites the same attributes when a filter changes.
import type { Severity } from '../engine/types';
import type { ReportFunction } from '../lsp/protocol';
import { escapeHtml, severityCount } from './escape';

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function severityCounts(fn: ReportFunction): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fn.findings) c[f.severity]++;
  return c;
}

/** `index` is the function's position in the report: the rows and the function table share it. */
export function chart(functions: ReportFunction[]): string {
  if (!functions.length) return '<p class="muted">No functions.</p>';
  const rows = functions.map((fn, index) => ({ fn, index, c: severityCounts(fn), total: fn.findings.length }));
  const max = Math.max(1, ...rows.map((r) => r.total));
  // Most findings first: the functions that need attention lead.
  rows.sort((a, b) => b.total - a.total || a.fn.id.localeCompare(b.fn.id));
  const body = rows
    .map(({ fn, index, c, total }) => {
      let x = 0;
      const segments = SEVERITIES.map((s) => {
        const w = (c[s] / max) * 100;
        const rect = `<rect class="seg-${s}" x="${round(x)}" y="0" width="${round(w)}" height="10"><title>${severityCount(c[s], s)}</title></rect>`;
        x += w;
        return rect;
      }).join('');
      return (
        `<div class="bar-row" role="listitem" data-fn="${index}"><span class="bar-label" title="${escapeHtml(`${fn.id} (${fn.template})`)}">${escapeHtml(fn.id)}</span>` +
        `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="10"/>${segments}</svg>` +
        `<span class="bar-count">${total}</span></div>`
      );
    })
    .join('\n');
  const legend = SEVERITIES.map((s) => `<span><span class="swatch sev-${s}"></span> ${s}</span>`).join('');
  return `<div class="legend" aria-hidden="true">${legend}</div>\n<div class="chart" id="chart" role="list" aria-label="Findings per function">\n${body}\n</div>`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
