// In-source suppressions: directive parsing, which line a directive covers, and the end-to-end
// behaviour (suppressed findings keep a `suppression`, unused directives become LA003).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeCodeText } from '../../server/src/engine/code/index';
import { calleePath, callsIn } from '../../server/src/engine/code/syntax';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import type { CodeRule, Rule, TemplateRule } from '../../server/src/engine/rules/api';
import { codeComments, collectDirectives, parseDirective, yamlComments } from '../../server/src/engine/suppress';
import { SourceText } from '../../server/src/engine/text';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';

describe('parseDirective', () => {
  it('reads kind, ids and reason', () => {
    assert.deepEqual(parseDirective(' lambda-audit-ignore-next-line LA002 -- generated file'), {
      kind: 'next-line',
      ids: ['LA002'],
      reason: 'generated file',
    });
  });

  it('accepts several ids separated by commas or spaces, in any case', () => {
    assert.deepEqual(parseDirective('lambda-audit-ignore-next-line LA101, la102 LA105'), {
      kind: 'next-line',
      ids: ['LA101', 'LA102', 'LA105'],
      reason: undefined,
    });
  });

  it('without ids means every rule; an empty reason is no reason', () => {
    assert.deepEqual(parseDirective('lambda-audit-ignore-next-line --'), { kind: 'next-line', ids: [], reason: undefined });
    assert.deepEqual(parseDirective('lambda-audit-ignore-next-line'), { kind: 'next-line', ids: [], reason: undefined });
  });

  it('keeps later dashes in the reason', () => {
    assert.equal(parseDirective('lambda-audit-ignore-next-line LA101 -- per-tenant client -- see ADR 7')?.reason, 'per-tenant client -- see ADR 7');
  });

  it('reads file-wide directives', () => {
    assert.deepEqual(parseDirective('lambda-audit-ignore-file LA208 -- load test stack'), { kind: 'file', ids: ['LA208'], reason: 'load test stack' });
  });

  it('ignores look-alikes', () => {
    assert.equal(parseDirective('lambda-audit-ignore-next-lines LA101'), undefined);
    assert.equal(parseDirective('lambda-audit-ignore LA101'), undefined);
    assert.equal(parseDirective('lambda-audit-ignore-filename'), undefined);
    assert.equal(parseDirective('TODO: add lambda-audit-ignore-next-line LA101'), undefined);
    assert.equal(parseDirective('eslint-disable-next-line no-console'), undefined);
  });
});

describe('collectDirectives', () => {
  it('targets the next code line, skipping blank lines and stacked comments (Python)', () => {
    const text = [
      'def lambda_handler(event, context):',
      '    # lambda-audit-ignore-next-line LA101 -- tenant-specific client',
      '    # the client depends on the tenant',
      '',
      '    s3 = make_client()',
      '    return s3',
      '',
    ].join('\n');
    const mod = analyzeCodeText('/ws/app.py', text)!;
    const dirs = collectDirectives(mod.source, codeComments(mod));
    assert.equal(dirs.length, 1);
    assert.equal(dirs[0].line, 1);
    assert.equal(dirs[0].target, 4);
    assert.deepEqual(dirs[0].ids, ['LA101']);
    assert.equal(text.slice(dirs[0].from, dirs[0].to), '# lambda-audit-ignore-next-line LA101 -- tenant-specific client');
  });

  it('reads // and /* */ comments in TypeScript, with CRLF line ends', () => {
    const text = [
      'export const handler = async () => {',
      '  // lambda-audit-ignore-next-line LA101',
      '  const a = make();',
      '  /* lambda-audit-ignore-next-line LA102 -- cache */',
      '  const b = make();',
      '};',
      '',
    ].join('\r\n');
    const mod = analyzeCodeText('/ws/app.ts', text)!;
    const dirs = collectDirectives(mod.source, codeComments(mod));
    assert.deepEqual(
      dirs.map((d) => [d.ids.join(), d.line, d.target]),
      [
        ['LA101', 1, 2],
        ['LA102', 3, 4],
      ],
    );
  });

  it('reads YAML comments from the YAML lexer, not from strings that contain a #', () => {
    const text = [
      'Resources:',
      '  Fn:',
      "    Description: '# lambda-audit-ignore-next-line LA201'",
      '    # lambda-audit-ignore-next-line LA201 -- one role on purpose',
      '    Role: !GetAtt R.Arn',
      '',
    ].join('\n');
    const dirs = collectDirectives(new SourceText('/ws/template.yaml', text), yamlComments(text));
    assert.equal(dirs.length, 1);
    assert.equal(dirs[0].line, 3);
    assert.equal(dirs[0].target, 4);
    assert.equal(dirs[0].reason, 'one role on purpose');
  });

  it('does not treat a directive inside a string literal as a comment', () => {
    const text = 'def lambda_handler(event, context):\n    note = "# lambda-audit-ignore-next-line LA101"\n    return note\n';
    const mod = analyzeCodeText('/ws/app.py', text)!;
    assert.deepEqual(collectDirectives(mod.source, codeComments(mod)), []);
  });
});

// Test-only rules, so the suppression machinery is tested independently of the real rules:
// LA901 flags every call of `flag()` in a handler, LA902 every function's Handler value.
const FLAG_CALLS: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA901',
    slug: 'test-flag-call',
    title: 'flag() called',
    defaultSeverity: 'warning',
    category: 'correctness',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary: 'test rule',
  },
  check(ctx) {
    for (const h of ctx.handlers)
      for (const call of callsIn(ctx.module, h.fn))
        if (calleePath(ctx.module, call) === 'flag') ctx.report({ from: call.from, to: call.to, message: 'flag() called' });
  },
};

const FLAG_HANDLERS: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA902',
    slug: 'test-flag-handler',
    title: 'Handler set',
    defaultSeverity: 'warning',
    category: 'correctness',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary: 'test rule',
  },
  check(ctx) {
    for (const fn of ctx.template.functions) {
      const h = fn.prop('Handler');
      if (h?.source === 'function') ctx.report({ from: h.node.from, to: h.node.to, message: 'Handler set' });
    }
  },
};

const META = ALL_RULES.filter((r) => r.meta.scope === 'meta' || ['LA001', 'LA002', 'LA003'].includes(r.meta.id));
const TEST_RULES: Rule[] = [FLAG_CALLS, FLAG_HANDLERS, ...META];
const opts = { rules: TEST_RULES };

describe('suppression end to end (test rules)', () => {
  it('Python: marks the finding suppressed with its reason, and reports no LA003', () => {
    const files: Files = {
      'handler.py': [
        'def lambda_handler(event, context):',
        '    # lambda-audit-ignore-next-line LA901 -- intentional',
        '    flag()',
        '    flag()',
        '',
      ].join('\n'),
    };
    const all = findings(files, 'handler.py', undefined, opts);
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.range.start.line, f.suppression?.justification]),
      [
        ['LA901', 2, 'intentional'],
        ['LA901', 3, undefined],
      ],
    );
    assert.equal(rangeText(files, { ...all[0], range: all[0].suppression!.range }), '# lambda-audit-ignore-next-line LA901 -- intentional');
  });

  it('TypeScript: a directive for another rule suppresses nothing and is reported as LA003', () => {
    const files: Files = {
      'src/app.ts': [
        'export const handler = async (event: unknown) => {',
        '  // lambda-audit-ignore-next-line LA102 -- wrong id',
        '  flag();',
        '};',
        '',
      ].join('\n'),
    };
    const all = findings(files, 'src/app.ts', undefined, opts);
    const la901 = all.filter((f) => f.ruleId === 'LA901');
    assert.equal(la901.length, 1);
    assert.equal(la901[0].suppression, undefined);
    const la003 = all.filter((f) => f.ruleId === 'LA003');
    assert.equal(la003.length, 1);
    assert.deepEqual(la003[0].tags, ['unnecessary']);
    assert.equal(la003[0].severity, 'info');
    assert.equal(la003[0].message, 'This suppression of LA102 no longer suppresses anything; remove it.');
    assert.equal(rangeText(files, la003[0]), '// lambda-audit-ignore-next-line LA102 -- wrong id');
  });

  it('JavaScript: a directive without ids suppresses any rule on the next line', () => {
    const files: Files = {
      'index.mjs': 'export async function handler(event) {\n  // lambda-audit-ignore-next-line\n  flag();\n}\n',
    };
    const all = findings(files, 'index.mjs', undefined, opts);
    assert.deepEqual(
      all.map((f) => [f.ruleId, !!f.suppression]),
      [['LA901', true]],
    );
  });

  it('a file-wide directive covers every line', () => {
    const files: Files = {
      'handler.py': '# lambda-audit-ignore-file LA901 -- fixture\ndef lambda_handler(event, context):\n    flag()\n    flag()\n',
    };
    const all = findings(files, 'handler.py', undefined, opts);
    assert.equal(all.length, 2);
    assert.ok(all.every((f) => f.ruleId === 'LA901' && f.suppression?.justification === 'fixture'));
  });

  it('YAML: suppresses a template finding on the next line; a stale one becomes LA003', () => {
    const files: Files = {
      'template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  A:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: python3.12',
        '      # lambda-audit-ignore-next-line LA902 -- legacy name',
        '      Handler: a.handler',
        '  B:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      # lambda-audit-ignore-next-line LA902 -- nothing below it is a finding',
        '      Runtime: python3.12',
        '      Handler: b.handler',
        '',
      ].join('\n'),
    };
    const all = findings(files, 'template.yaml', undefined, opts);
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.range.start.line, !!f.suppression]),
      [
        ['LA902', 8, true],
        ['LA902', 14, false],
        ['LA003', 12, false],
      ],
    );
    assert.deepEqual(all[2].tags, ['unnecessary']);
  });

  it('an unused suppression in a handler with no findings at all is LA003, unless LA003 is off', () => {
    const files: Files = {
      'handler.py': 'def lambda_handler(event, context):\n    # lambda-audit-ignore-next-line LA901, LA101\n    return 1\n',
    };
    const all = findings(files, 'handler.py', undefined, opts);
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.message]),
      [['LA003', 'This suppression of LA901, LA101 no longer suppresses anything; remove it.']],
    );
    assert.deepEqual(findings(files, 'handler.py', undefined, { ...opts, config: { rules: { LA003: 'off' } } }), []);
  });

  it('a directive in a file that is not a handler is not checked', () => {
    const files: Files = { 'lib/util.py': 'def helper(x):\n    # lambda-audit-ignore-next-line LA901\n    return x\n' };
    assert.deepEqual(findings(files, 'lib/util.py', undefined, opts), []);
  });
});

describe('suppression end to end (real rules)', () => {
  it('Python: LA101 under a directive is kept, marked suppressed; the next one is not', () => {
    const files: Files = {
      'handler.py': [
        'import boto3',
        '',
        'def lambda_handler(event, context):',
        '    # lambda-audit-ignore-next-line LA101 -- fresh credentials per call, on purpose',
        '    sts = boto3.client("sts")',
        '    sqs = boto3.client("sqs")',
        '    return sts, sqs',
        '',
      ].join('\n'),
    };
    const all = findings(files, 'handler.py', undefined, onlyRule('LA101'));
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.range.start.line, f.suppression?.justification]),
      [
        ['LA101', 4, 'fresh credentials per call, on purpose'],
        ['LA101', 5, undefined],
      ],
    );
  });

  it('TypeScript: a // directive suppresses LA101; a stale one above a hoisted client is LA003', () => {
    const files: Files = {
      'src/app.ts': [
        "import { S3Client } from '@aws-sdk/client-s3';",
        '',
        '// lambda-audit-ignore-next-line LA101 -- left over from before the hoist',
        'const shared = new S3Client({});',
        '',
        'export const handler = async (event: unknown) => {',
        '  // lambda-audit-ignore-next-line LA101 -- test double swapped per call',
        '  const s3 = new S3Client({});',
        '  return [s3, shared];',
        '};',
        '',
      ].join('\n'),
    };
    const all = findings(files, 'src/app.ts', undefined, onlyRule('LA101'));
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.range.start.line, !!f.suppression]),
      [
        ['LA101', 7, true],
        ['LA003', 2, false],
      ],
    );
    assert.deepEqual(all[1].tags, ['unnecessary']);
  });

  it('YAML: a # directive suppresses LA201 on the Role line of one function only', () => {
    const role = (id: string, suppress: boolean) => [
      `  ${id}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: src/${id.toLowerCase()}/`,
      '      Handler: app.lambda_handler',
      ...(suppress ? ['      # lambda-audit-ignore-next-line LA201 -- same team, same data'] : []),
      '      Role: !GetAtt SharedRole.Arn',
    ];
    const files: Files = {
      'template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Runtime: python3.12',
        'Resources:',
        '  SharedRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {}',
        ...role('First', true),
        ...role('Second', false),
        '',
      ].join('\n'),
    };
    const all = findings(files, 'template.yaml', undefined, onlyRule('LA201'));
    const la201 = all.filter((f) => f.ruleId === 'LA201');
    assert.ok(la201.length >= 2, JSON.stringify(all));
    const suppressed = la201.filter((f) => f.suppression);
    assert.equal(suppressed.length, 1);
    assert.equal(suppressed[0].functionId, 'First');
    assert.equal(suppressed[0].suppression?.justification, 'same team, same data');
    assert.ok(la201.some((f) => f.functionId === 'Second' && !f.suppression));
    assert.deepEqual(all.filter((f) => f.ruleId === 'LA003'), []);
  });
});
