import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { cli, ensureBuilt, fixture, FIXTURES, isolatingConfig, tmpDir } from './run';

const BROKEN_TEXT =
  'app.py:6:5 error LA002 Syntax error near \'r\'\n' +
  'template.yaml:7:16 error LA001 YAML syntax error: Nested mappings are not allowed in compact mappings\n' +
  '2 errors, 0 warnings, 0 info in 1 template and 1 handler file (0 functions)\n';

before(ensureBuilt);

describe('CLI: text output', () => {
  it('prints one line per finding (1-based, relative paths) and a summary, exit 1 on errors', () => {
    const r = cli([], fixture('broken'));
    assert.equal(r.stdout, BROKEN_TEXT);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
  });

  it('prints paths relative to the working directory, not to the audited folder', () => {
    const r = cli(['fixtures/broken'], path.dirname(FIXTURES));
    assert.equal(
      r.stdout,
      'fixtures/broken/app.py:6:5 error LA002 Syntax error near \'r\'\n' +
        'fixtures/broken/template.yaml:7:16 error LA001 YAML syntax error: Nested mappings are not allowed in compact mappings\n' +
        '2 errors, 0 warnings, 0 info in 1 template and 1 handler file (0 functions)\n',
    );
  });

  it('audits single files given as paths', () => {
    const r = cli(['template.yaml'], fixture('broken'));
    assert.equal(
      r.stdout,
      'template.yaml:7:16 error LA001 YAML syntax error: Nested mappings are not allowed in compact mappings\n' +
        '1 error, 0 warnings, 0 info in 1 template and 0 handler files (0 functions)\n',
    );
    assert.equal(r.code, 1);
  });

  it('counts templates, handler files and functions of a clean project, exit 0', () => {
    const r = cli(['--config', isolatingConfig()], fixture('sam'));
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 info in 1 template and 1 handler file (1 function)\n');
    assert.equal(r.code, 0);
  });

  it('never colors output that is not a terminal', () => {
    const r = cli([], fixture('broken'), { FORCE_COLOR: '1' });
    assert.ok(!r.stdout.includes('\x1b['), r.stdout);
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const out = path.join(tmpDir(), 'report.txt');
    const r = cli(['--output', out], fixture('broken'));
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(out, 'utf8'), BROKEN_TEXT);
    assert.equal(r.code, 1);
  });
});

describe('CLI: exit codes by --fail-on', () => {
  // configured/: app.py has a stale suppression (LA003), broken.py a syntax error (LA002).
  const cases: Array<[string, Record<string, string>, string, number]> = [
    ['error + info', {}, 'error', 1],
    ['error + info', {}, 'warning', 1],
    ['error + info', {}, 'info', 1],
    ['error + info', {}, 'never', 0],
    ['info only', { LA002: 'off' }, 'error', 0],
    ['info only', { LA002: 'off' }, 'warning', 0],
    ['info only', { LA002: 'off' }, 'info', 1],
    ['warning only', { LA002: 'off', LA003: 'warning' }, 'error', 0],
    ['warning only', { LA002: 'off', LA003: 'warning' }, 'warning', 1],
    ['warning only', { LA002: 'off', LA003: 'warning' }, 'info', 1],
  ];
  for (const [what, rules, failOn, code] of cases) {
    it(`${what} with --fail-on ${failOn} exits ${code}`, () => {
      const r = cli(['--config', isolatingConfig(rules), '--fail-on', failOn], fixture('configured'));
      assert.equal(r.code, code, r.stdout + r.stderr);
    });
  }

  it('defaults to --fail-on error', () => {
    assert.equal(cli(['--config', isolatingConfig({ LA002: 'off', LA003: 'warning' })], fixture('configured')).code, 0);
    assert.equal(cli(['--config', isolatingConfig()], fixture('configured')).code, 1);
  });

  it('the configured severity is what is printed and what counts', () => {
    const r = cli(['--config', isolatingConfig({ LA002: 'off', LA003: 'warning' })], fixture('configured'));
    assert.equal(
      r.stdout,
      'app.py:5:5 warning LA003 This suppression of LA113 no longer suppresses anything; remove it.\n' +
        '0 errors, 1 warning, 0 info in 0 templates and 2 handler files (0 functions)\n',
    );
  });
});

describe('CLI: usage errors exit 2 with one line on stderr', () => {
  const usage = (args: string[], message: string) => {
    const r = cli(args, fixture('broken'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${message}\n`);
  };

  it('unknown option', () => usage(['--frobnicate'], "lambda-audit: unknown option '--frobnicate' (see 'lambda-audit --help')"));
  it('unknown short option', () => usage(['-z'], "lambda-audit: unknown option '-z' (see 'lambda-audit --help')"));
  it('bad --format value', () =>
    usage(['--format', 'xml'], "lambda-audit: invalid --format 'xml' (expected one of: text, json, sarif, html) (see 'lambda-audit --help')"));
  it('bad --fail-on value', () =>
    usage(['--fail-on', 'warn'], "lambda-audit: invalid --fail-on 'warn' (expected one of: error, warning, info, never) (see 'lambda-audit --help')"));
  it('option without its value', () => usage(['--format'], "lambda-audit: option '--format' needs a value (see 'lambda-audit --help')"));
  it('a path that does not exist', () =>
    usage(['.', 'no-such-dir'], "lambda-audit: cannot read 'no-such-dir': no such file or directory (see 'lambda-audit --help')"));
  it('a --config file that does not exist', () =>
    usage(['--config', 'nope.yaml'], "lambda-audit: cannot read configuration nope.yaml: no such file or directory (see 'lambda-audit --help')"));
  it('an --output file that cannot be written', () => {
    const target = path.join(tmpDir(), 'missing-dir', 'out.txt');
    usage(['--output', target], `lambda-audit: cannot write ${target}: no such file or directory (see 'lambda-audit --help')`);
  });
});

describe('CLI: --help and --version', () => {
  it('--help lists every option, the defaults and the exit codes', () => {
    const r = cli(['--help'], fixture('broken'));
    assert.equal(r.code, 0);
    for (const s of ['--format', '--fail-on', '--output', '--config', '--no-color', '--show-suppressed', '--version', '--help', 'default: text', 'default: error', '.lambda-audit.yaml'])
      assert.ok(r.stdout.includes(s), `help mentions ${s}`);
    for (const code of ['0', '1', '2', '3']) assert.match(r.stdout, new RegExp(`^  ${code}  `, 'm'));
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const r = cli(['--version'], fixture('broken'));
    assert.equal(r.stdout, `${pkg.version}\n`);
    assert.equal(r.code, 0);
  });
});
