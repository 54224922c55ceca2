// `lambda-audit --format html`: the editor's report as a page of its own (links to files relative
// to the page, docs links to the rule pages, no VS Code messaging).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { DOCS_BASE_URL } from '../../server/src/engine/rules/api';
import { cli, ensureBuilt, isolatingConfig, tmpDir } from './run';

before(ensureBuilt);

const EVIL = 'Orders<img src=x onerror=alert(1)>';

/** Two functions sharing a role (LA201 on each), one handler in a folder whose name needs URL-encoding (LA101). */
function project(): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'my src#1'));
  fs.writeFileSync(
    path.join(dir, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  SharedRole:
    Type: AWS::IAM::Role
  "${EVIL}":
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambda_handler
      CodeUri: "my src#1/"
      Runtime: python3.12
      Timeout: 10
      Role: !GetAtt SharedRole.Arn
  Quiet:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambda_handler
      CodeUri: "my src#1/"
      Runtime: python3.12
      Timeout: 10
      Role: !GetAtt SharedRole.Arn
`,
  );
  fs.writeFileSync(path.join(dir, 'my src#1', 'app.py'), 'import boto3\n\ndef lambda_handler(event, context):\n    s3 = boto3.client("s3")\n    return s3.list_buckets()\n');
  return dir;
}

const CONFIG = () => isolatingConfig({ LA101: 'warning', LA201: 'warning' });

describe('CLI: --format html', () => {
  it('writes the report to --output with links relative to the page, and nothing to stdout', () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'out'));
    const r = cli(['--format', 'html', '--output', 'out/report.html', '--config', CONFIG()], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, 'warnings only: below the default --fail-on error');
    const html = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('<title>Lambda Audit report</title>'));
    // Paths shown relative to the working directory, linked relative to the page, '#' and ' ' encoded, 1-based line.
    assert.ok(html.includes('<a href="../my%20src%231/app.py#L4">my src#1/app.py:4</a>'), 'LA101 location');
    assert.ok(html.includes('<a href="../template.yaml#L5">template.yaml:5</a>'), 'template link of the first function');
    assert.ok(html.includes('<a href="../template.yaml#L12">template.yaml:12</a>'), 'LA201 on the Role line');
    assert.ok(html.includes('<div class="card sev-warning"><span class="num">3</span> warnings</div>'));
    assert.ok(html.includes(`<option value="LA201">LA201 Several functions share one IAM role (2)</option>`));
    assert.ok(html.includes('<td>Several functions share one IAM role</td>'), 'rule titles in the by-rule table');
    assert.ok(html.includes('data-label="Timeout"><div>10 s</div>'));
  });

  it('is a standalone page: CSP without webview origins, no VS Code messaging, the only external URLs are rule docs', () => {
    const dir = project();
    const r = cli(['--format', 'html', '--output', 'report.html', '--config', CONFIG()], dir);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /content="default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)'; script-src 'nonce-\1';"/);
    assert.ok(!html.includes('acquireVsCodeApi'));
    assert.ok(!html.includes('postMessage'));
    assert.ok(!html.includes('data-uri='));
    assert.ok(!/\ssrc="/.test(html), 'nothing is loaded');
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    assert.ok(urls.length > 0);
    for (const u of urls) assert.ok(u.startsWith(DOCS_BASE_URL), `only rule docs leave the page: ${u}`);
    assert.ok(html.includes(`<a href="${DOCS_BASE_URL}LA201.md" target="_blank" rel="noopener noreferrer" title="LA201: Several functions share one IAM role">LA201</a>`));
    // Light and dark colours for a browser, following its colour scheme.
    assert.ok(html.includes('@media (prefers-color-scheme: dark)'));
    assert.ok(html.includes('--vscode-contrastBorder'), 'high-contrast borders are wired in the shared stylesheet');
  });

  it('escapes a hostile function name everywhere it appears', () => {
    const dir = project();
    const r = cli(['--format', 'html', '--config', CONFIG()], dir);
    assert.ok(!r.stdout.includes('<img'));
    const escaped = 'Orders&lt;img src=x onerror=alert(1)&gt;';
    assert.ok(r.stdout.includes(`data-name="${escaped}"`));
    assert.ok(r.stdout.includes(`<span class="bar-label" title="${escaped} (template.yaml)">${escaped}</span>`));
    assert.ok(r.stdout.includes(`${escaped} shares role SharedRole with 1 other function`));
  });

  it('goes to stdout without --output, linking relative to the working directory', () => {
    const dir = project();
    const r = cli(['--format', 'html', '--config', CONFIG(), '--fail-on', 'warning'], dir);
    assert.equal(r.code, 1, 'the exit code follows --fail-on as in every format');
    assert.ok(r.stdout.includes('<a href="my%20src%231/app.py#L4">my src#1/app.py:4</a>'));
    assert.ok(r.stdout.includes('<a href="template.yaml#L5">template.yaml:5</a>'));
    // Each run authorises its style and script with a fresh nonce.
    const again = cli(['--format', 'html', '--config', CONFIG()], dir).stdout;
    const nonce = (s: string) => /script-src 'nonce-([^']+)'/.exec(s)?.[1];
    assert.ok(nonce(r.stdout));
    assert.notEqual(nonce(r.stdout), nonce(again));
  });

  it('lists html among the formats in --help', () => {
    assert.match(cli(['--help'], tmpDir()).stdout, /--format <text\|json\|sarif\|html>/);
  });
});
