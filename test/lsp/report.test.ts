// The audit report page the VS Code client shows (pure HTML rendering, no VS Code needed).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from '../../client/src/reportHtml';
import type { AuditReport, ReportFinding } from '../../server/src/lsp/protocol';

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

const REPORT: AuditReport = {
  cancelled: false,
  folders: [{ name: 'ws', uri: 'file:///ws' }],
  templates: 1,
  codeFiles: 2,
  functions: [
    {
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
      findings: [finding()],
    },
  ],
  findings: [finding(), finding({ ruleId: 'LA216', severity: 'info', message: 'tracing', uri: 'file:///ws/other.yaml', relPath: 'other.yaml', functionId: undefined })],
  suppressed: 2,
  bySeverity: { error: 0, warning: 1, info: 1 },
  byRule: [
    { ruleId: 'LA101', severity: 'warning', count: 1, docsUrl: '' },
    { ruleId: 'LA216', severity: 'info', count: 1, docsUrl: '' },
  ],
  durationMs: 12,
};

test('the report locks content down: CSP with a nonce, no remote resources, workspace text escaped', () => {
  const html = renderReport(REPORT, 'NONCE123', 'vscode-webview://abc');
  assert.ok(
    html.includes(`content="default-src 'none'; img-src vscode-webview://abc; style-src 'nonce-NONCE123'; script-src 'nonce-NONCE123';"`),
  );
  assert.equal((html.match(/<script nonce="NONCE123">/g) ?? []).length, 1);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/(src|href)="https?:/.test(html), 'nothing loads from the network');
  assert.ok(html.includes('Create the &lt;S3&gt; client once &amp; reuse it'));
  assert.ok(!html.includes('<S3>'));
});

test('the report has totals by severity and rule, then one table per function with its settings and linked findings', () => {
  const html = renderReport(REPORT, 'n', 'c');
  assert.ok(html.includes('<title>Lambda Audit report</title>'));
  assert.ok(html.includes('<span class="sev sev-warning">warning</span> 1'));
  assert.ok(html.includes('<span class="sev sev-info">info</span> 1'));
  assert.ok(html.includes('2 suppressed in source'));
  assert.ok(html.includes('<h2>OrdersFunction <span class="muted">— 1 finding</span></h2>'));
  assert.ok(html.includes('<th scope="row">Runtime</th><td>python3.12</td>'));
  assert.ok(html.includes('<th scope="row">Memory</th><td>512 MB</td>'));
  assert.ok(html.includes('<th scope="row">Timeout</th><td><span class="muted">not set</span></td>'));
  assert.ok(html.includes('<th scope="row">Role</th><td>SharedRole</td>'));
  assert.ok(html.includes('<th scope="row">Events</th><td>Api (GetOrders)</td>'));
  assert.ok(html.includes('data-uri="file:///ws/src/app.py" data-line="4" data-character="4">src/app.py:5</a>'));
  assert.ok(html.includes('data-uri="file:///ws/template.yaml" data-line="3" data-character="4">template.yaml</a>'));
  // A finding no function owns is listed under "Other files", one owned by a function is not repeated there.
  const other = html.slice(html.indexOf('<h2>Other files</h2>'));
  assert.ok(other.includes('other.yaml:5'));
  assert.ok(!other.includes('src/app.py:5'));
});

test('a cancelled audit says its report is partial', () => {
  assert.ok(renderReport({ ...REPORT, cancelled: true }, 'n', 'c').includes('The audit was cancelled'));
  assert.ok(!renderReport(REPORT, 'n', 'c').includes('The audit was cancelled'));
});
