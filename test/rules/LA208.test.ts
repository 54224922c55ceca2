import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, fixedText, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnJson, cfnTemplate, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA208';
const run = (files: Files, file: string, params?: Record<string, unknown>) =>
  findings(files, file, ID, { ...onlyRule(ID), config: params ? { rules: { [ID]: params } } : undefined });

const fixed = (files: Files, file: string, params?: Record<string, unknown>): string =>
  fixedText((fs, f) => run(fs, f, params), files, file, 0, (fix) => assert.equal(fix.isPreferred, undefined, 'memory changes cost: never a preferred fix'));

const sam = (extra = '') => samTemplate(samFn('Fn', { props: extra }));

describe('LA208 memory-default', () => {
  it('SAM YAML: no MemorySize fires at the logical id; the fix sets the suggested size on the function', () => {
    const files = { 'template.yaml': sam() };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'Fn');
    assert.match(f.message, /^Fn runs with the default 128 MB: CPU scales with memory \(1,769 MB = 1 vCPU\).*Power Tuning.*MemorySize \(e\.g\. 512\)$/);
    assert.equal(fixed(files, 'template.yaml'), sam('      MemorySize: 512\n'));
    assert.equal(fixed(files, 'template.yaml', { suggested: 1024 }), sam('      MemorySize: 1024\n'));
  });

  it('an explicit 128 fires on the value and the fix replaces it; 129 and above are quiet', () => {
    const files = { 'template.yaml': sam('      MemorySize: 128\n') };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), '128');
    assert.match(f.message, /^MemorySize is 128 MB for Fn:/);
    assert.equal(fixed(files, 'template.yaml'), sam('      MemorySize: 512\n'));
    assert.equal(run({ 'template.yaml': sam('      MemorySize: 129\n') }, 'template.yaml').length, 0);
  });

  it('quiet: unresolvable values; a parameter Default of 128 fires without a fix', () => {
    const noDefault = `Parameters:\n  Mem:\n    Type: Number\n${sam('      MemorySize: !Ref Mem\n')}`;
    assert.equal(run({ 'template.yaml': noDefault }, 'template.yaml').length, 0);
    const withIf = sam('      MemorySize: !If [Big, 2048, 128]\n');
    assert.equal(run({ 'template.yaml': withIf }, 'template.yaml').length, 0);
    const withDefault = `Parameters:\n  Mem:\n    Type: Number\n    Default: 128\n${sam('      MemorySize: !Ref Mem\n')}`;
    const [f] = run({ 'template.yaml': withDefault }, 'template.yaml');
    assert.equal(f.fixes, undefined);
  });

  it('SAM: every function lacks MemorySize: the fix goes to Globals (created before Resources)', () => {
    const text = sam() + samFn('Other', { handler: 'other.handler' });
    const files = { 'template.yaml': text };
    assert.equal(run(files, 'template.yaml').length, 2);
    const [f] = run(files, 'template.yaml');
    assert.match(f.fixes![0].title, /Globals/);
    assert.equal(fixed(files, 'template.yaml'), text.replace('Resources:\n', 'Globals:\n  Function:\n    MemorySize: 512\nResources:\n'));
  });

  it('SAM: a low MemorySize in Globals is one finding at the value', () => {
    const text = sam().replace('Resources:\n', 'Globals:\n  Function:\n    MemorySize: 128\nResources:\n') + `  Other:
    Type: AWS::Serverless::Function
    Properties: { Handler: o.handler, Runtime: python3.13 }
`;
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /for every function that uses this default/);
    assert.equal(fixed(files, 'template.yaml'), text.replace('MemorySize: 128', 'MemorySize: 512'));
  });

  it('SAM JSON and CFN JSON', () => {
    const text = cfnJson({ Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } } });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '"Fn"');
    assert.equal(fixed(files, 'template.json'), text.replace('"nodejs22.x"\n', '"nodejs22.x",\n        "MemorySize": 512\n'));
    const samJson = text.replace('"AWS::Lambda::Function"', '"AWS::Serverless::Function"').replace('"nodejs22.x"\n', '"nodejs22.x",\n        "MemorySize": 128\n');
    const samFiles = { 'template.json': samJson };
    assert.equal(rangeText(samFiles, run(samFiles, 'template.json')[0]), '128');
    assert.equal(fixed(samFiles, 'template.json'), samJson.replace('"MemorySize": 128', '"MemorySize": 512'));
  });

  it('CFN YAML: a plain function never uses Globals', () => {
    const text = cfnTemplate(
      cfnFn('A', { handler: 'a.handler', runtime: 'python3.13' }) + cfnFn('B', { handler: 'b.handler', runtime: 'python3.13', props: '      MemorySize: 1024\n' }),
    );
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['A']);
    assert.equal(fixed(files, 'template.yaml'), text.replace('      Runtime: python3.13\n  B:', '      Runtime: python3.13\n      MemorySize: 512\n  B:'));
  });

  it('Serverless: no memorySize is quiet (framework default 1,024 MB); memorySize 128 fires', () => {
    const text = serverless(slsFn('hello', 'h.hello'));
    assert.equal(run({ 'serverless.yml': text }, 'serverless.yml').length, 0);
    const low = text.replace('  runtime: nodejs22.x\n', '  runtime: nodejs22.x\n  memorySize: 128\n');
    const files = { 'serverless.yml': low };
    const [f] = run(files, 'serverless.yml');
    assert.equal(rangeText(files, f), '128');
    assert.equal(fixed(files, 'serverless.yml'), low.replace('memorySize: 128', 'memorySize: 512'));
  });
});
