// The audit report page (server/src/report/html.ts) as the VS Code webview shows it: pure HTML
// rendering, no VS Code needed. The CLI's standalone page is tested in test/cli/html.test.ts.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from '../../server/src/report/html';
import type { RenderOptions } from '../../server/src/report/html';
import type { AuditReport, ReportFinding, ReportFunction } from '../../server/src/lsp/protocol';

const WEBVIEW: RenderOptions = { mode: 'webview', nonce: 'NONCE123', cspSource: 'vscode-webview://abc' };
const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });
const finding = (over: Partial<ReportFinding> = {}): ReportFinding => ({
  ruleId: 'LA101',
  severity: 'warning',
  message: 'Create the <S3> client once & reuse it',
  uri: 'file:///ws/src/app.py',
  relPath: 'src/app.py',
  range: range(4),
  docsUrl: 'https://github.com/lambda-audit/lambda-audit/blob/main/docs/rules/LA101.md',
  functionId: 'OrdersFunction',
  ...over,
});
const fn = (over: Partial<ReportFunction> = {}): ReportFunction => ({
  id: 'OrdersFunction',
  folder: 'ws',
  templateUri: 'file:///ws/template.yaml',
  template: 'template.yaml',
  range: range(3),
  resourceType: 'AWS::Serverless::Function',
  runtime: 'python3.12',
  memorySize: 512,
  timeout: undefined,
  role: 'SharedRole',
  events: ['Api (GetOrders)'],
  handler: 'app.lambda_handler',
  handlerUri: 'file:///ws/src/app.py',
  handlerFile: 'src/app.py',
  handlerRange: range(3),
  findings: [],
  ...over,
});

const LA101 = finding();
const LA211 = finding({ ruleId: 'LA211', severity: 'error', message: 'python3.8 is deprecated', uri: 'file:///ws/template.yaml', relPath: 'template.yaml', range: range(9) });
const LA216 = finding({ ruleId: 'LA216', severity: 'info', message: 'tracing', uri: 'file:///ws/other.yaml', relPath: 'other.yaml', functionId: undefined });

const REPORT: AuditReport = {
  cancelled: false,
  folders: [{ name: 'ws', uri: 'file:///ws' }],
  templates: 1,
  codeFiles: 2,
  functions: [fn({ findings: [LA101, LA211] }), fn({ id: 'CleanFunction', runtime: undefined, events: [], findings: [] })],
  findings: [LA101, LA211, LA216],
  suppressed: 2,
  bySeverity: { error: 1, warning: 1, info: 1 },
  byRule: [
    { ruleId: 'LA211', severity: 'error', count: 1, docsUrl: '', title: 'Runtime deprecated or close to deprecation' },
    { ruleId: 'LA101', severity: 'warning', count: 1, docsUrl: '', title: 'SDK client created inside the handler' },
    { ruleId: 'LA216', severity: 'info', count: 1, docsUrl: '' },
  ],
  durationMs: 12,
};

/** The text between `start` and the next `end` after it. */
function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  return html.slice(i, html.indexOf(end, i + start.length));
}

test('the report locks content down: CSP with a nonce, one script, no remote resources, workspace text escaped', () => {
  const html = renderReport(REPORT, WEBVIEW);
  assert.ok(
    html.includes(`content="default-src 'none'; img-src vscode-webview://abc; style-src 'nonce-NONCE123'; script-src 'nonce-NONCE123';"`),
  );
  assert.equal((html.match(/<script nonce="NONCE123">/g) ?? []).length, 1);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.equal((html.match(/<style nonce="NONCE123">/g) ?? []).length, 1);
  assert.ok(!/(src|href)="https?:/.test(html), 'nothing loads from the network, docs open through the extension');
  // The CSP would block inline handlers and style attributes: the page must not need them.
  assert.ok(!/\son[a-z]+="/.test(html), 'no inline event handlers');
  assert.ok(!/\sstyle="/.test(html), 'no style attributes');
  assert.ok(html.includes('Create the &lt;S3&gt; client once &amp; reuse it'));
  assert.ok(!html.includes('<S3>'));
  assert.ok(html.includes('acquireVsCodeApi()'), 'webview links go through the extension');
});

test('hostile names from a template stay text: in elements, in attributes and in the filter data', () => {
  const evil = `Evil"><img src=x onerror=alert(1)></script><script>alert(2)</script>`;
  const f = finding({ message: `${evil} message`, relPath: `src/${evil}.py`, uri: `file:///ws/${evil}.py`, ruleId: `LA101"><b>` });
  const html = renderReport(
    {
      ...REPORT,
      functions: [fn({ id: evil, role: evil, events: [evil], handler: evil, handlerFile: `${evil}.py`, template: evil, findings: [f] })],
      findings: [f],
      byRule: [{ ruleId: `LA101"><b>`, severity: 'warning', count: 1, docsUrl: '', title: evil }],
    },
    WEBVIEW,
  );
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(!html.includes('<b>'), 'no injected element from a rule id');
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'no injected script');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 1, 'no early end of the page script');
  const escaped = 'Evil&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;';
  assert.ok(html.includes(`data-name="${escaped}"`), 'the name filter reads the escaped attribute');
  assert.ok(html.includes(`<span class="bar-label" title="${escaped} (${escaped})">${escaped}</span>`), 'chart label');
  assert.ok(html.includes(`data-uri="file:///ws/${escaped}.py"`));
  assert.ok(html.includes(`<option value="LA101&quot;&gt;&lt;b&gt;">`));
});

test('the summary has totals by severity, the rules with their titles, and the suppressed count', () => {
  const html = renderReport(REPORT, WEBVIEW);
  assert.ok(html.includes('<title>Lambda Audit report</title>'));
  assert.ok(html.includes('2 functions in 1 template, 2 code files; 12 ms'));
  assert.ok(html.includes('<div class="card sev-error"><span class="num">1</span> error</div>'));
  assert.ok(html.includes('<div class="card sev-warning"><span class="num">1</span> warning</div>'));
  assert.ok(html.includes('<div class="card sev-info"><span class="num">1</span> info</div>'));
  assert.ok(html.includes('<div class="card"><span class="num">1</span> of 2 functions with findings</div>'));
  assert.ok(html.includes('<div class="card"><span class="num">2</span> suppressed in source</div>'));
  const rules = between(html, '<table class="rules">', '</table>');
  assert.deepEqual(
    [...rules.matchAll(/<tr><td><a [^>]*data-rule="(LA\d+)"[^>]*>LA\d+<\/a><\/td><td>([^<]*)<\/td><td><span class="sev sev-(\w+)">\w+<\/span><\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1)),
    [
      ['LA211', 'Runtime deprecated or close to deprecation', 'error', '1'],
      ['LA101', 'SDK client created inside the handler', 'warning', '1'],
      ['LA216', '', 'info', '1'],
    ],
  );
});

test('the chart has one bar per function, most findings first, segments sized by severity', () => {
  const many = fn({ id: 'Busy', findings: [LA101, LA211, finding({ range: range(7) }), finding({ range: range(8), severity: 'info' })] });
  const html = renderReport({ ...REPORT, functions: [fn({ id: 'Calm', findings: [LA101] }), many] }, WEBVIEW);
  const chart = between(html, '<div class="chart" id="chart"', '\n</div>');
  const rows = [...chart.matchAll(/<div class="bar-row" role="listitem" data-fn="(\d)"><span class="bar-label"[^>]*>(\w+)<\/span>(.*?)<span class="bar-count">(\d+)<\/span>/g)];
  assert.deepEqual(rows.map((m) => [m[1], m[2], m[4]]), [['1', 'Busy', '4'], ['0', 'Calm', '1']]);
  // Busy: 1 error, 2 warnings, 1 info of a maximum of 4 -> 25, 50, 25 units of 100, laid end to end.
  assert.ok(rows[0][3].includes('<rect class="seg-error" x="0" y="0" width="25" height="10"><title>1 error</title></rect>'));
  assert.ok(rows[0][3].includes('<rect class="seg-warning" x="25" y="0" width="50" height="10"><title>2 warnings</title></rect>'));
  assert.ok(rows[0][3].includes('<rect class="seg-info" x="75" y="0" width="25" height="10"><title>1 info</title></rect>'));
  assert.ok(rows[1][3].includes('<rect class="seg-warning" x="0" y="0" width="25" height="10">'));
  assert.ok(rows[1][3].includes('<rect class="seg-error" x="0" y="0" width="0" height="10">'));
});

test('the functions table has the settings of each function, then its findings (worst first) with links to the file and line', () => {
  const html = renderReport(REPORT, WEBVIEW);
  const head = between(html, '<table class="functions"><thead>', '</thead>');
  assert.deepEqual(
    [...head.matchAll(/<th scope="col">(\w+)<\/th>/g)].map((m) => m[1]),
    ['Function', 'Template', 'Runtime', 'Memory', 'Timeout', 'Role', 'Events', 'Handler', 'Findings'],
  );
  const orders = between(html, '<tbody class="fn-group" data-fn="0" data-name="OrdersFunction">', '</tbody>');
  const cell = (label: string) => between(orders, `data-label="${label}"><div>`, '</div></td>').slice(`data-label="${label}"><div>`.length);
  assert.equal(cell('Function'), 'OrdersFunction');
  assert.equal(cell('Template'), '<a href="#" class="open" data-uri="file:///ws/template.yaml" data-line="3" data-character="4">template.yaml:4</a><br><span class="muted">AWS::Serverless::Function</span>');
  assert.equal(cell('Runtime'), 'python3.12');
  assert.equal(cell('Memory'), '512 MB');
  assert.equal(cell('Timeout'), '<span class="muted">not set</span>');
  assert.equal(cell('Role'), 'SharedRole');
  assert.equal(cell('Events'), 'Api (GetOrders)');
  assert.ok(cell('Handler').startsWith('<a href="#" class="open" data-uri="file:///ws/src/app.py" data-line="3" data-character="4">src/app.py</a>'));
  assert.equal(cell('Findings'), '<span class="tally-error">1 error</span><br><span class="tally-warning">1 warning</span>');
  const findings = [...orders.matchAll(/<tr class="finding" data-severity="(\w+)" data-rule="(\w+)" data-key="(\d+)">/g)].map((m) => m.slice(1));
  assert.deepEqual(findings, [['error', 'LA211', '1'], ['warning', 'LA101', '0']], 'the error first; keys index report.findings');
  assert.ok(orders.includes('data-uri="file:///ws/src/app.py" data-line="4" data-character="4">src/app.py:5</a>'));
  const clean = between(html, 'data-name="CleanFunction">', '</tbody>');
  assert.ok(clean.includes('<p class="none muted">No findings.</p>'));
  assert.ok(clean.includes('data-label="Runtime"><div><span class="muted">not set</span>'));
  // A finding no function owns is listed under "Other files"; one a function owns is not repeated there.
  const other = between(html, '<section id="other-files"', '</section>');
  assert.ok(other.includes('other.yaml:5'));
  assert.ok(!other.includes('src/app.py:5'));
  assert.ok(other.includes('data-key="2"'));
});

test('the filters: severity boxes, a rule list with titles, a name box, and the elements the page script drives', () => {
  const html = renderReport(REPORT, WEBVIEW);
  const filters = between(html, '<div class="filters" role="search"', '\n</div>');
  assert.deepEqual(
    [...filters.matchAll(/<input type="checkbox" name="severity" value="(\w+)" checked>/g)].map((m) => m[1]),
    ['error', 'warning', 'info'],
  );
  assert.ok(filters.includes('<select id="filter-rule"><option value="">All rules</option><option value="LA211">LA211 Runtime deprecated or close to deprecation (1)</option>'));
  assert.ok(filters.includes('<option value="LA216">LA216 (1)</option>'));
  assert.ok(filters.includes('<input type="search" id="filter-name"'));
  assert.ok(filters.includes('id="filter-status" class="muted" role="status" data-total="3"'));
  // What the script looks up exists: every chart row has a function group with the same index.
  const groups = [...html.matchAll(/<tbody class="fn-group" data-fn="(\d+)"/g)].map((m) => m[1]).sort();
  const bars = [...html.matchAll(/<div class="bar-row" role="listitem" data-fn="(\d+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(bars, groups);
  assert.deepEqual(groups, ['0', '1']);
  const script = between(html, '<script nonce="NONCE123">', '</script>').slice('<script nonce="NONCE123">'.length);
  assert.doesNotThrow(() => new Function(script), 'the page script parses');
  for (const ref of ['filter-rule', 'filter-name', 'filter-status', 'input[name="severity"]', 'tbody.fn-group', '.bar-row', 'rect.seg-', 'other-files'])
    assert.ok(script.includes(ref), `the script uses ${ref}`);
});

test('a cancelled audit says its report is partial; an empty one says so', () => {
  assert.ok(renderReport({ ...REPORT, cancelled: true }, WEBVIEW).includes('The audit was cancelled'));
  assert.ok(!renderReport(REPORT, WEBVIEW).includes('The audit was cancelled'));
  const empty = renderReport({ ...REPORT, functions: [], findings: [], byRule: [], bySeverity: { error: 0, warning: 0, info: 0 } }, WEBVIEW);
  assert.ok(empty.includes('<p>No Lambda functions or handlers found.</p>'));
  assert.ok(!empty.includes('id="other-files"'));
});
