import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnTemplate, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA207';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Functions A and B, `a` and `b` more property lines of each. */
const sam = (a: string, b: string) => samTemplate(samFn('A', { handler: 'a.handler', props: a }) + samFn('B', { handler: 'b.handler', props: b }));

describe('LA207 reserved-concurrency', () => {
  it('SAM YAML: ReservedConcurrentExecutions 0 is an error on the value, suggesting a suppression for a pause', () => {
    const files = { 'template.yaml': sam('      ReservedConcurrentExecutions: 0\n', '') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeText(files, f), '0');
    assert.equal(f.functionId, 'A');
    assert.match(f.message, /^ReservedConcurrentExecutions is 0 for A, so every invocation is throttled and the function never runs: .*suppression \(lambda-audit-ignore-next-line LA207 -- paused\)/);
  });

  it('quiet: a positive reservation, an unresolvable one, and a suppressed pause', () => {
    assert.equal(run({ 'template.yaml': sam('      ReservedConcurrentExecutions: 10\n', '') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('      ReservedConcurrentExecutions: !If [IsProd, 0, 5]\n', '') }, 'template.yaml').length, 0);
    const suppressed = sam('      # lambda-audit-ignore-next-line LA207 -- paused during the migration\n      ReservedConcurrentExecutions: 0\n', '');
    const fs = run({ 'template.yaml': suppressed }, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.ok(fs[0].suppression, 'the pause is suppressed');
  });

  it('SAM: a 0 in Globals is one finding for every function that uses it', () => {
    const text = sam('', '').replace('Resources:\n', 'Globals:\n  Function:\n    ReservedConcurrentExecutions: 0\nResources:\n');
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /for every function that uses this default/);
  });

  it('the total above accountConcurrency - 100 fires once, at the largest reservation, with the others related', () => {
    const files = { 'template.yaml': sam('      ReservedConcurrentExecutions: 500\n', '      ReservedConcurrentExecutions: 401\n') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, f), '500');
    assert.match(f.message, /reserve 901 concurrent executions \(A 500, B 401\), more than the 900 an account with a quota of 1000 can reserve/);
    assert.deepEqual(f.related?.map((r) => r.message), ['B reserves 401']);
    // Exactly at the limit is fine.
    assert.equal(run({ 'template.yaml': sam('      ReservedConcurrentExecutions: 500\n', '      ReservedConcurrentExecutions: 400\n') }, 'template.yaml').length, 0);
  });

  it('the accountConcurrency parameter raises the limit', () => {
    const files = { 'template.yaml': sam('      ReservedConcurrentExecutions: 500\n', '      ReservedConcurrentExecutions: 401\n') };
    const withQuota = (accountConcurrency: number) =>
      findings(files, 'template.yaml', ID, { ...onlyRule(ID), config: { rules: { [ID]: { accountConcurrency } } } });
    assert.equal(withQuota(3000).length, 0);
    assert.match(withQuota(900)[0].message, /more than the 800 an account with a quota of 900 can reserve/);
  });

  it('CFN YAML / JSON: plain functions, a parameter Default resolves', () => {
    const cfn = cfnTemplate(cfnFn('Fn', { props: '      ReservedConcurrentExecutions: !Ref Reserved\n', zipFile: 'x' }), {
      version: true,
      before: 'Parameters:\n  Reserved:\n    Type: Number\n    Default: 0\n',
    });
    const files = { 'template.yaml': cfn };
    assert.equal(rangeText(files, run(files, 'template.yaml')[0]), '!Ref Reserved');
    const json = `{
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "a.h", "Runtime": "python3.13", "ReservedConcurrentExecutions": 0, "Code": { "ZipFile": "x" } } }
  }
}
`;
    const jf = { 'template.json': json };
    assert.equal(rangeText(jf, run(jf, 'template.json')[0]), '0');
    assert.equal(run({ 'template.json': json.replace('"ReservedConcurrentExecutions": 0', '"ReservedConcurrentExecutions": 5') }, 'template.json').length, 0);
  });

  it('serverless.yml: reservedConcurrency 0 fires; ${...} variables are unknown', () => {
    const sls = (v: string) => serverless(slsFn('hello', 'handler.hello', `    reservedConcurrency: ${v}\n`));
    const files = { 'serverless.yml': sls('0'), 'handler.js': 'exports.hello = async () => 1;\n' };
    const [f] = run(files, 'serverless.yml');
    assert.match(f.message, /^reservedConcurrency is 0 for hello/);
    assert.equal(run({ ...files, 'serverless.yml': sls('${param:reserved}') }, 'serverless.yml').length, 0);
  });
});
