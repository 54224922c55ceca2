import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, findings, fixedText, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnJson, cfnTemplate, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA217';
const run = (files: Files, file: string, options = onlyRule(ID)) => findings(files, file, ID, options);

const fixed = (files: Files, file: string, preferred: boolean): string => fixedText(run, files, file, 0, (fix) => assert.equal(!!fix.isPreferred, preferred));

/** Api, then `extra`: more of its property lines and / or more resources. */
const sam = (extra = '') => samTemplate(samFn('Api') + extra);

describe('LA217 log-retention-missing', () => {
  it('SAM YAML: no log group fires at the function; the fix adds <Fn>LogGroup with a Sub name and 30 days', () => {
    const files = { 'template.yaml': sam() };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'Api');
    assert.match(f.message, /^Api has no log group with a retention period in the template/);
    assert.equal(
      fixed(files, 'template.yaml', false),
      sam() +
        `  ApiLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/aws/lambda/\${Api}"
      RetentionInDays: 30
`,
    );
  });

  it('quiet: a log group named /aws/lambda/${Fn} with RetentionInDays, by Sub, Join or literal FunctionName', () => {
    const group = (name: string) => `  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: ${name}\n      RetentionInDays: 14\n`;
    assert.equal(run({ 'template.yaml': sam(group('!Sub /aws/lambda/${Api}')) }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(group("!Join ['', ['/aws/lambda/', !Ref Api]]")) }, 'template.yaml').length, 0);
    const named = sam(group('/aws/lambda/orders-api')).replace('      Runtime: python3.13\n', '      Runtime: python3.13\n      FunctionName: orders-api\n');
    assert.equal(run({ 'template.yaml': named }, 'template.yaml').length, 0);
    // A log group for another function does not count.
    assert.equal(run({ 'template.yaml': sam(group('!Sub /aws/lambda/${Other}')) }, 'template.yaml').length, 1);
  });

  it('a log group without RetentionInDays fires at the group; the preferred fix adds it (param days)', () => {
    const text = sam('  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub /aws/lambda/${Api}\n');
    const files = { 'template.yaml': text };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'Logs');
    assert.equal(fixed(files, 'template.yaml', true), text + '      RetentionInDays: 30\n');
    const days = run(files, 'template.yaml', { ...onlyRule(ID), config: { rules: { [ID]: { days: 90 } } } })[0];
    assert.equal(applyFix(files, days.fixes![0])['template.yaml'], text + '      RetentionInDays: 90\n');
  });

  it('LoggingConfig.LogGroup: a declared group with retention is quiet; one without fires; an external group is quiet', () => {
    const cfg = (group: string) => sam(`      LoggingConfig:\n        LogGroup: ${group}\n  Shared:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: app-logs\n`);
    assert.deepEqual(run({ 'template.yaml': cfg('!Ref Shared') }, 'template.yaml').map((f) => f.message.split(' of ')[0]), ['Log group Shared']);
    assert.equal(run({ 'template.yaml': cfg('!Ref Shared') + '      RetentionInDays: 7\n' }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': cfg('app-logs') + '      RetentionInDays: 7\n' }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': cfg('/org/central-logs') }, 'template.yaml').length, 0);
  });

  it('SAM JSON and CFN JSON: the fix writes a JSON resource', () => {
    const text = cfnJson({ Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } } }, { depth: 3 });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '"Fn"');
    assert.equal(
      fixed(files, 'template.json', false),
      text.replace(
        '    }\n  }\n}\n',
        '    },\n    "FnLogGroup": {\n      "Type": "AWS::Logs::LogGroup",\n      "Properties": {\n        "LogGroupName": {"Fn::Sub": "/aws/lambda/${Fn}"},\n        "RetentionInDays": 30\n      }\n    }\n  }\n}\n',
      ),
    );
    const sjson = `{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "a.h"}},
 "L": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/\${Fn}"}, "RetentionInDays": 7}}}}`;
    assert.equal(run({ 'template.json': sjson }, 'template.json').length, 0);
  });

  it('CFN YAML: a plain function fires the same way', () => {
    const text = cfnTemplate(cfnFn('Fn', { runtime: null }));
    const files = { 'template.yaml': text };
    assert.match(fixed(files, 'template.yaml', false), /  FnLogGroup:\n    Type: AWS::Logs::LogGroup\n/);
  });

  it('Serverless: provider.logRetentionInDays quiets every function; a function of its own settles only itself, so the fix goes on the other function', () => {
    const text = (p: string) => serverless(slsFn('a', 'h.a') + slsFn('b', 'h.b', '    logRetentionInDays: 7\n'), { runtime: null, provider: p });
    const files = { 'serverless.yml': text('') };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['a']);
    assert.equal(fs[0].fixes?.[0].title, 'Set logRetentionInDays: 30');
    assert.equal(fixed(files, 'serverless.yml', true), text('').replace('    handler: h.a\n', '    handler: h.a\n    logRetentionInDays: 30\n'));
    assert.equal(run({ 'serverless.yml': text('  logRetentionInDays: 14\n') }, 'serverless.yml').length, 0);
  });

  it('Serverless: no function and not the provider sets it: one finding on provider naming the functions, fixed on the provider', () => {
    // Modelled on serverless/examples aws-python-rest-api-with-dynamodb (five functions, no retention anywhere).
    const text = 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  create:\n    handler: todos/create.create\n  list:\n    handler: todos/list.list\n  get:\n    handler: todos/get.get\n';
    const files = { 'serverless.yml': text };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['provider']);
    assert.equal(
      fs[0].message,
      'None of the 3 functions (create, list and get) has logRetentionInDays, and provider does not set it, so their CloudWatch log groups keep logs forever: set logRetentionInDays (e.g. 30) on the provider',
    );
    assert.equal(fs[0].fixes?.[0].title, 'Set logRetentionInDays: 30 on the provider');
    assert.equal(fixed(files, 'serverless.yml', true), text.replace('  runtime: python3.12\n', '  runtime: python3.12\n  logRetentionInDays: 30\n'));
  });

  it('SAM near miss: three functions without log groups stay one finding each (Globals cannot set a retention)', () => {
    const text = samTemplate(samFn('A') + samFn('B') + samFn('C'));
    const files = { 'template.yaml': text };
    assert.deepEqual(run(files, 'template.yaml').map((f) => rangeText(files, f)), ['A', 'B', 'C']);
  });
});
