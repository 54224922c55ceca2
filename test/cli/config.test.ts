import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseProjectConfig } from '../../server/src/engine/projectConfig';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import { cli, ensureBuilt, fixture, tmpDir } from './run';

const metas = ALL_RULES.map((r) => r.meta);
const knownIds = metas.map((m) => m.id).sort().join(', ');

/** Problems as [text at the reported span, message]. */
function problems(text: string): Array<[string, string]> {
  return parseProjectConfig(text, metas).problems.map((p) => [text.slice(p.from, p.to), p.message]);
}

describe('parseProjectConfig', () => {
  it('reads severities, rule parameters, exclude and include', () => {
    const text = 'rules:\n  LA001: off\n  la003: { severity: error, maxAge: 29, names: [a, b] }\n  LA002:\n    severity: warning\nexclude: ["legacy/**", build]\ninclude: [cdk.out]\n';
    assert.deepEqual(parseProjectConfig(text, metas), {
      config: {
        rules: { LA001: 'off', LA003: { severity: 'error', maxAge: 29, names: ['a', 'b'] }, LA002: { severity: 'warning' } },
        exclude: ['legacy/**', 'build'],
        include: ['cdk.out'],
      },
      problems: [],
    });
  });

  it('accepts a rule slug for its id, and an empty file', () => {
    assert.deepEqual(parseProjectConfig('rules:\n  code-parse-error: info\n', metas).config, { rules: { LA002: 'info' } });
    assert.deepEqual(parseProjectConfig('', metas), { config: {}, problems: [] });
    assert.deepEqual(parseProjectConfig('# nothing yet\n', metas), { config: {}, problems: [] });
  });

  it('names the wrong key or value and lists what is allowed, keeping the valid settings', () => {
    const text = 'rulez:\n  LA001: off\nrules:\n  LA001: disabled\n  LA999: off\n  LA002: { severity: fatal }\n  LA003: warning\nexclude: 12\n';
    assert.deepEqual(problems(text), [
      ['rulez', 'Unknown key \'rulez\'. Allowed top-level keys: rules, exclude, include.'],
      ['disabled', 'Invalid setting for LA001: "disabled". Allowed: off, info, warning, error, or a mapping like { severity: warning, <parameter>: <value> }.'],
      ['LA999', `Unknown rule 'LA999'. Rules are named by id; known ids: ${knownIds}.`],
      ['fatal', 'Invalid severity for LA002: "fatal". Allowed: off, info, warning, error.'],
      ['12', "'exclude' must be a list of glob patterns."],
    ]);
    assert.deepEqual(parseProjectConfig(text, metas).config, { rules: { LA003: 'warning' } });
  });

  it('reports YAML errors and a root that is not a mapping', () => {
    const [[, yamlMessage]] = problems('rules:\n  LA001: [off\n');
    assert.match(yamlMessage, /^Not valid YAML: /);
    assert.deepEqual(problems('- LA001\n'), [['- LA001\n', 'The configuration must be a mapping with the keys rules, exclude, include.']]);
  });

  it('without rule metadata checks the id shape only', () => {
    assert.deepEqual(parseProjectConfig('rules:\n  LA123: off\n').config, { rules: { LA123: 'off' } });
    assert.deepEqual(parseProjectConfig('rules:\n  nope: off\n').problems.map((p) => p.message), ["Unknown rule 'nope'. Rules are named by id, like LA101."]);
  });
});

describe('CLI: configuration', () => {
  before(ensureBuilt);

  it('reads .lambda-audit.yaml from the working directory', () => {
    // configured/.lambda-audit.yaml turns LA002 off and raises LA003 to warning.
    const r = cli([], fixture('configured'));
    const lines = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ \S+ LA00\d /.test(l));
    assert.deepEqual(lines, ['app.py:5:5 warning LA003 This suppression of LA113 no longer suppresses anything; remove it.']);
    assert.equal(cli(['--fail-on', 'warning'], fixture('configured')).code, 1);
  });

  it('a wrong key is exit 2 with file:line:col and what is allowed', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'app.py'), 'def handler(event, context):\n    return 1\n');
    fs.writeFileSync(path.join(dir, '.lambda-audit.yaml'), 'rules:\n  LA001: off\nignore: [x]\n');
    const r = cli([], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "lambda-audit: invalid configuration .lambda-audit.yaml:3:1: Unknown key 'ignore'. Allowed top-level keys: rules, exclude, include.\n");
  });

  it('--config names another file; every problem gets its own line', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ci.yaml'), 'rules:\n  LA002: loud\n  LA003: [x]\n');
    const r = cli(['--config', 'ci.yaml', fixture('broken')], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'lambda-audit: invalid configuration ci.yaml:2:10: Invalid setting for LA002: "loud". Allowed: off, info, warning, error, or a mapping like { severity: warning, <parameter>: <value> }.\n' +
        'lambda-audit: invalid configuration ci.yaml:3:10: Invalid setting for LA003: a list. Allowed: off, info, warning, error, or a mapping like { severity: warning, <parameter>: <value> }.\n',
    );
  });

  it('exclude globs skip files', () => {
    const dir = tmpDir();
    fs.cpSync(fixture('broken'), path.join(dir, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'cfg.yaml'), 'exclude: ["**/template.yaml"]\n');
    const r = cli(['--config', 'cfg.yaml', 'broken'], dir);
    assert.equal(r.stdout, "broken/app.py:6:5 error LA002 Syntax error near 'r'\n1 error, 0 warnings, 0 info in 0 templates and 1 handler file (0 functions)\n");
  });
});
