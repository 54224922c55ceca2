import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { AuditResult } from '../../server/src/engine/engine';
import { docsUrl } from '../../server/src/engine/rules/api';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import type { Finding } from '../../server/src/engine/types';
import { formatSarif, FINGERPRINT_KEY } from '../../server/src/cli/formatters/sarif';
import { formatText } from '../../server/src/cli/formatters/text';
import type { Report } from '../../server/src/cli/report';
import { cli, copyFixture, ensureBuilt, fixture, hasRule, isolatingConfig } from './run';

before(ensureBuilt);

// Parsed SARIF/JSON output: checked property by property below.
type Json = any;

describe('CLI: --format json', () => {
  it('has the documented shape: version, findings (1-based), functions, summary', () => {
    const r = cli(['--format', 'json'], fixture('broken'));
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc, {
      version: JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version,
      schemaVersion: 1,
      findings: [
        {
          ruleId: 'LA002',
          ruleName: 'code-parse-error',
          severity: 'error',
          message: "Syntax error near 'r'",
          path: 'app.py',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 6,
          helpUri: docsUrl('LA002'),
          suppressed: false,
        },
        {
          ruleId: 'LA001',
          ruleName: 'template-parse-error',
          severity: 'error',
          message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
          path: 'template.yaml',
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 17,
          helpUri: docsUrl('LA001'),
          suppressed: false,
        },
      ],
      functions: [],
      summary: { errors: 2, warnings: 0, info: 0, suppressed: 0, templates: 1, handlerFiles: 1, functions: 0 },
    });
  });

  it('lists each function with its settings, relative paths and its findings by index', () => {
    const r = cli(['--format', 'json', '--config', isolatingConfig()], fixture('sam'));
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.functions, [
      {
        id: 'HelloFunction',
        template: 'template.yaml',
        line: 6,
        column: 3,
        resourceType: 'AWS::Serverless::Function',
        runtime: 'python3.12',
        memorySize: 512,
        timeout: 10,
        role: '(generated per function)',
        events: ['Api (Hello)'],
        handler: 'app.lambda_handler',
        handlerFile: 'src/app.py',
        handlerLine: 6,
        handlerColumn: 5,
        findings: [],
      },
    ]);
    assert.deepEqual(doc.findings, []);
  });
});

/** Checks the properties SARIF 2.1.0 requires (and the ones code-scanning services rely on). */
function assertSarifShape(log: Json, cwd: string): void {
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'lambda-audit');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(
    driver.rules.map((r: Json) => r.id),
    ALL_RULES.map((r) => r.meta.id),
  );
  for (const [i, rule] of driver.rules.entries()) {
    const meta = ALL_RULES[i].meta;
    assert.equal(rule.name, meta.slug);
    assert.equal(rule.shortDescription.text, meta.title);
    assert.equal(rule.fullDescription.text, meta.summary);
    assert.equal(rule.helpUri, docsUrl(meta.id));
    assert.equal(rule.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[meta.defaultSeverity]);
    assert.deepEqual(rule.properties.tags, [meta.category]);
  }
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(cwd).href + '/' } });
  for (const res of run.results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.equal(typeof res.message.text, 'string');
    assert.equal(res.locations.length, 1);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes(':'), loc.artifactLocation.uri);
    assert.ok(fs.existsSync(path.join(cwd, decodeURIComponent(loc.artifactLocation.uri))), 'uri resolves against %SRCROOT%');
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
    assert.match(res.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}:\d+$/);
  }
}

describe('CLI: --format sarif', () => {
  it('is SARIF 2.1.0 with rule metadata, relative uris and 1-based regions', () => {
    const cwd = path.dirname(fixture('broken'));
    const r = cli(['broken', '--format', 'sarif'], cwd);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assertSarifShape(log, cwd);
    const results = log.runs[0].results.map((x: Json) => ({ ruleId: x.ruleId, level: x.level, uri: x.locations[0].physicalLocation.artifactLocation.uri, region: x.locations[0].physicalLocation.region }));
    assert.deepEqual(results, [
      { ruleId: 'LA002', level: 'error', uri: 'broken/app.py', region: { startLine: 6, startColumn: 5, endLine: 6, endColumn: 6 } },
      { ruleId: 'LA001', level: 'error', uri: 'broken/template.yaml', region: { startLine: 7, startColumn: 16, endLine: 7, endColumn: 17 } },
    ]);
  });

  it('keeps fingerprints when lines are added above a finding', () => {
    const dir = copyFixture('configured');
    const config = isolatingConfig();
    const before = JSON.parse(cli(['--format', 'sarif', '--config', config], dir).stdout).runs[0].results;
    const file = path.join(dir, 'app.py');
    fs.writeFileSync(file, '"""Handlers."""\nimport os\n' + fs.readFileSync(file, 'utf8'));
    const after = JSON.parse(cli(['--format', 'sarif', '--config', config], dir).stdout).runs[0].results;
    const la003 = (rs: Json[]) => rs.find((x) => x.ruleId === 'LA003');
    assert.equal(la003(after).locations[0].physicalLocation.region.startLine, la003(before).locations[0].physicalLocation.region.startLine + 2);
    assert.deepEqual(la003(after).partialFingerprints, la003(before).partialFingerprints);
    assert.notDeepEqual(before.find((x: Json) => x.ruleId === 'LA002').partialFingerprints, la003(before).partialFingerprints);
  });

  it('reports suppressed findings with suppressions (kind inSource, justification) instead of dropping them', () => {
    const cwd = fixture('suppressed');
    const config = isolatingConfig(hasRule('LA101') ? { LA101: 'warning' } : {});
    const sarif = cli(['--format', 'sarif', '--config', config], cwd);
    const log = JSON.parse(sarif.stdout);
    assertSarifShape(log, cwd);
    const results = log.runs[0].results;
    if (hasRule('LA101')) {
      // The client is created in the handler on line 8, under a suppression comment.
      assert.equal(results.length, 1);
      assert.equal(results[0].ruleId, 'LA101');
      assert.equal(results[0].locations[0].physicalLocation.region.startLine, 8);
      assert.deepEqual(results[0].suppressions, [{ kind: 'inSource', justification: 'tests swap the client per invocation' }]);
      // Suppressed findings never fail the run and are hidden from text unless asked for.
      const text = cli(['--fail-on', 'info', '--config', config], cwd);
      assert.equal(text.code, 0);
      assert.ok(!text.stdout.includes('LA101'));
      assert.match(text.stdout, /1 suppressed\n$/);
      const shown = cli(['--show-suppressed', '--config', config], cwd);
      assert.match(shown.stdout, /^src\/app\.py:8:\d+ warning LA101 .* \(suppressed: tests swap the client per invocation\)$/m);
    } else {
      // Before LA101 exists the comment suppresses nothing, which LA003 reports (unsuppressed).
      assert.deepEqual(
        results.map((x: Json) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine, x.suppressions]),
        [['LA003', 'note', 7, undefined]],
      );
    }
  });
});

describe('formatters (in process)', () => {
  const cwd = '/ws';
  const range = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });
  const finding: Finding = {
    ruleId: 'LA002',
    severity: 'warning',
    message: 'Something\n  on two lines',
    file: '/ws/src/my app.py',
    range: range(7, 4, 7, 27),
    related: [{ file: '/ws/template.yaml', range: range(5, 2, 5, 15), message: 'HelloFunction (python3.12) uses this handler' }],
    fixes: [{ title: 'Hoist it', isPreferred: true, changes: [{ file: '/ws/src/my app.py', edits: [{ range: range(7, 0, 8, 0), newText: '' }, { range: range(3, 0, 3, 0), newText: 's3 = x()\n' }] }] }],
    suppression: { kind: 'inSource', justification: 'on purpose', file: '/ws/src/my app.py', range: range(6, 4, 6, 60) },
    functionId: 'HelloFunction',
  };
  const result: AuditResult = { findings: [finding], functions: [], templates: ['/ws/template.yaml'], codeFiles: ['/ws/src/my app.py'], cancelled: false };
  const report = (showSuppressed: boolean): Report => ({
    cwd,
    version: '9.9.9',
    result,
    rules: ALL_RULES.map((r) => r.meta),
    lineText: (_f, line) => (line === 7 ? '    s3 = boto3.client("s3")' : undefined),
    showSuppressed,
  });

  it('SARIF: related locations, fixes as artifactChanges, suppressions, encoded relative uris', () => {
    const res = JSON.parse(formatSarif(report(false))).runs[0].results[0];
    const loc = (uri: string, region: Json) => ({ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region } });
    assert.deepEqual(res, {
      ruleId: 'LA002',
      ruleIndex: ALL_RULES.findIndex((r) => r.meta.id === 'LA002'),
      level: 'warning',
      message: { text: 'Something\n  on two lines' },
      locations: [loc('src/my%20app.py', { startLine: 8, startColumn: 5, endLine: 8, endColumn: 28 })],
      partialFingerprints: { [FINGERPRINT_KEY]: res.partialFingerprints[FINGERPRINT_KEY] },
      relatedLocations: [{ id: 0, ...loc('template.yaml', { startLine: 6, startColumn: 3, endLine: 6, endColumn: 16 }), message: { text: 'HelloFunction (python3.12) uses this handler' } }],
      fixes: [
        {
          description: { text: 'Hoist it' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'src/my%20app.py', uriBaseId: '%SRCROOT%' },
              replacements: [
                { deletedRegion: { startLine: 8, startColumn: 1, endLine: 9, endColumn: 1 }, insertedContent: { text: '' } },
                { deletedRegion: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 1 }, insertedContent: { text: 's3 = x()\n' } },
              ],
            },
          ],
        },
      ],
      suppressions: [{ kind: 'inSource', justification: 'on purpose' }],
      properties: { functionId: 'HelloFunction' },
    });
  });

  it('SARIF: files outside the working directory get absolute file uris', () => {
    const outside = { ...finding, file: '/elsewhere/app.py', related: undefined, fixes: undefined };
    const r = { ...report(false), result: { ...result, findings: [outside] } };
    const res = JSON.parse(formatSarif(r)).runs[0].results[0];
    assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/app.py' });
  });

  it('text: suppressed findings only with --show-suppressed, messages kept on one line, colors only when asked', () => {
    assert.equal(formatText(report(false), false), '0 errors, 0 warnings, 0 info in 1 template and 1 handler file (0 functions), 1 suppressed\n');
    assert.equal(
      formatText(report(true), false),
      'src/my app.py:8:5 warning LA002 Something on two lines (suppressed: on purpose)\n' +
        '0 errors, 0 warnings, 0 info in 1 template and 1 handler file (0 functions), 1 suppressed\n',
    );
    assert.equal(
      formatText(report(true), true),
      'src/my app.py:8:5 \x1b[33mwarning\x1b[0m \x1b[2mLA002\x1b[0m Something on two lines\x1b[2m (suppressed: on purpose)\x1b[0m\n' +
        '\x1b[1m0 errors, 0 warnings, 0 info in 1 template and 1 handler file (0 functions), 1 suppressed\x1b[0m\n',
    );
  });
});
