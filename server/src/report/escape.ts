// HTML escaping for the report. Everything that comes from the workspace (function names,
// messages, paths, roles) passes through here: a template can name a function anything.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "1 finding", "2 findings". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 error", "2 warnings", "3 info". */
export function severityCount(n: number, severity: string): string {
  return severity === 'info' ? `${n} info` : plural(n, severity);
}
