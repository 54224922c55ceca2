// The report page's only script (plain JS, authorised by the CSP nonce). The filters hide rows
// and recompute the chart from the rows still shown, so the chart always matches the tables.
// Nothing here writes HTML: names from the workspace are read from data attributes and compared.

const FILTERS = `
const sevBoxes = Array.from(document.querySelectorAll('input[name="severity"]'));
const ruleSelect = document.getElementById('filter-rule');
const nameInput = document.getElementById('filter-name');
const status = document.getElementById('filter-status');
const SEVERITIES = ['error', 'warning', 'info'];

function applyFilters() {
  const sevs = new Set(sevBoxes.filter((b) => b.checked).map((b) => b.value));
  const rule = ruleSelect.value;
  const text = nameInput.value.trim().toLowerCase();
  const narrowed = sevs.size < sevBoxes.length || rule !== '';
  const matches = (tr) => sevs.has(tr.dataset.severity) && (rule === '' || tr.dataset.rule === rule);
  const shownKeys = new Set();
  const counts = new Map();
  let shownFns = 0;
  const groups = document.querySelectorAll('tbody.fn-group');
  for (const group of groups) {
    const c = { error: 0, warning: 0, info: 0 };
    const keys = [];
    for (const tr of group.querySelectorAll('tr.finding')) {
      const ok = matches(tr);
      tr.classList.toggle('is-hidden', !ok);
      if (ok) { c[tr.dataset.severity]++; keys.push(tr.dataset.key); }
    }
    const total = c.error + c.warning + c.info;
    const visible = (text === '' || group.dataset.name.toLowerCase().includes(text)) && (!narrowed || total > 0);
    group.classList.toggle('is-hidden', !visible);
    if (visible) { shownFns++; for (const k of keys) shownKeys.add(k); }
    counts.set(group.dataset.fn, visible ? c : null);
  }
  const other = document.getElementById('other-files');
  if (other) {
    const keys = [];
    for (const tr of other.querySelectorAll('tr.finding')) {
      const ok = matches(tr);
      tr.classList.toggle('is-hidden', !ok);
      if (ok) keys.push(tr.dataset.key);
    }
    // Findings outside any function have no function name to match.
    const visible = keys.length > 0 && text === '';
    other.classList.toggle('is-hidden', !visible);
    if (visible) for (const k of keys) shownKeys.add(k);
  }
  updateChart(counts);
  const total = Number(status.dataset.total);
  status.textContent = 'Showing ' + shownKeys.size + ' of ' + total + ' finding' + (total === 1 ? '' : 's') +
    ' in ' + shownFns + ' of ' + groups.length + ' function' + (groups.length === 1 ? '' : 's');
  saveState({ severities: Array.from(sevs), rule, text: nameInput.value });
}

function updateChart(counts) {
  const rows = Array.from(document.querySelectorAll('.bar-row'));
  let max = 1;
  for (const c of counts.values()) if (c) max = Math.max(max, c.error + c.warning + c.info);
  for (const row of rows) {
    const c = counts.get(row.dataset.fn);
    row.classList.toggle('is-hidden', !c);
    if (!c) continue;
    let x = 0;
    for (const s of SEVERITIES) {
      const rect = row.querySelector('rect.seg-' + s);
      const w = (c[s] / max) * 100;
      rect.setAttribute('x', String(x));
      rect.setAttribute('width', String(w));
      rect.querySelector('title').textContent = c[s] + ' ' + s;
      x += w;
    }
    row.querySelector('.bar-count').textContent = String(c.error + c.warning + c.info);
  }
}

function restore(state) {
  if (!state) return;
  if (Array.isArray(state.severities)) for (const b of sevBoxes) b.checked = state.severities.includes(b.value);
  if (typeof state.rule === 'string' && Array.from(ruleSelect.options).some((o) => o.value === state.rule)) ruleSelect.value = state.rule;
  if (typeof state.text === 'string') nameInput.value = state.text;
}

for (const b of sevBoxes) b.addEventListener('change', applyFilters);
ruleSelect.addEventListener('change', applyFilters);
nameInput.addEventListener('input', applyFilters);
restore(loadState());
applyFilters();
`;

/** In VS Code: links go to the extension (which opens the file or the rule page), filters survive a re-render. */
const WEBVIEW = `
const vscode = acquireVsCodeApi();
const loadState = () => vscode.getState();
const saveState = (s) => vscode.setState(s);
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a') : null;
  if (!a) return;
  e.preventDefault();
  if (a.classList.contains('open')) vscode.postMessage({ type: 'open', uri: a.dataset.uri, line: Number(a.dataset.line), character: Number(a.dataset.character) });
  else if (a.classList.contains('docs')) vscode.postMessage({ type: 'docs', ruleId: a.dataset.rule });
});
`;

/** In a browser: plain links; the filters start from scratch on every load. */
const STANDALONE = `
const loadState = () => undefined;
const saveState = () => {};
`;

export function pageScript(mode: 'webview' | 'standalone'): string {
  return `(() => {${mode === 'webview' ? WEBVIEW : STANDALONE}${FILTERS}})();`;
}
