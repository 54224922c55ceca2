import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnTemplate, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA212';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const fixed = (files: Files, file: string, index = 0): string => fixedText(run, files, file, index);

const sam = (runtime: string, extra = '') => samTemplate(samFn('Orders', { handler: 'com.example.Orders::handleRequest', runtime, props: '      MemorySize: 1024\n' + extra }));

describe('LA212 cold-start-runtime', () => {
  it('SAM YAML: java21 without SnapStart fires on the runtime; the fix adds SnapStart and the message asks for AutoPublishAlias', () => {
    const text = sam('java21');
    const files = { 'template.yaml': text };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'java21');
    assert.match(f.message, /^Orders runs on java21 with neither SnapStart nor provisioned concurrency, .*JVM.*enable SnapStart \(ApplyOn: PublishedVersions; it applies to published versions only, so also set AutoPublishAlias\)/);
    assert.equal(f.fixes?.[0].isPreferred, undefined);
    assert.equal(f.fixes?.[0].title, 'Set SnapStart: {ApplyOn: PublishedVersions}');
    assert.equal(fixed(files, 'template.yaml'), text + '      SnapStart:\n        ApplyOn: PublishedVersions\n');
  });

  it('quiet: SnapStart on (also from Globals), provisioned concurrency, other runtimes, an unresolvable SnapStart', () => {
    assert.equal(run({ 'template.yaml': sam('java21', '      SnapStart:\n        ApplyOn: PublishedVersions\n') }, 'template.yaml').length, 0);
    const globals = sam('java17').replace('Resources:\n', 'Globals:\n  Function:\n    SnapStart:\n      ApplyOn: PublishedVersions\nResources:\n');
    assert.equal(run({ 'template.yaml': globals }, 'template.yaml').length, 0);
    const pc = sam('dotnet8', '      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 2\n');
    assert.equal(run({ 'template.yaml': pc }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('python3.13') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('java21', '      SnapStart:\n        ApplyOn: !Ref SnapMode\n') }, 'template.yaml').length, 0);
  });

  it('ApplyOn: None is off; low memory fires even with SnapStart', () => {
    assert.equal(run({ 'template.yaml': sam('java21', '      SnapStart:\n        ApplyOn: None\n') }, 'template.yaml').length, 1);
    const low = sam('java21', '      SnapStart:\n        ApplyOn: PublishedVersions\n').replace('MemorySize: 1024', 'MemorySize: 256');
    const [f] = run({ 'template.yaml': low }, 'template.yaml');
    assert.match(f.message, /with only 256 MB of memory.*raise MemorySize to at least 512 MB/);
    assert.equal(f.fixes, undefined);
  });

  it('no SnapStart fix where the runtime or the function cannot take it: java8.al2, EFS', () => {
    const [old] = run({ 'template.yaml': sam('java8.al2') }, 'template.yaml');
    assert.match(old.message, /use provisioned concurrency \(or a runtime version that supports SnapStart\)/);
    assert.equal(old.fixes, undefined);
    const efs = sam('java21', '      FileSystemConfigs:\n        - Arn: !GetAtt AccessPoint.Arn\n          LocalMountPath: /mnt/data\n');
    assert.equal(run({ 'template.yaml': efs }, 'template.yaml')[0].fixes, undefined);
  });

  it('SAM: two Java functions without SnapStart get it in Globals; a Python 3.11 peer keeps it on the function', () => {
    const mem = '      MemorySize: 1024\n';
    const two = samTemplate(samFn('A', { handler: 'a::h', runtime: 'java21', props: mem }) + samFn('B', { handler: 'b::h', runtime: 'java17', props: mem }));
    const files = { 'template.yaml': two };
    const out = applyFix(files, run(files, 'template.yaml')[0].fixes![0]);
    assert.equal(out['template.yaml'], two.replace('Resources:\n', 'Globals:\n  Function:\n    SnapStart:\n      ApplyOn: PublishedVersions\nResources:\n'));
    assert.equal(run(out, 'template.yaml').length, 0);
    const mixed = two.replace('Runtime: java17', 'Runtime: python3.11');
    const mf = { 'template.yaml': mixed };
    assert.equal(fixed(mf, 'template.yaml'), mixed.replace('      Runtime: java21\n      MemorySize: 1024\n', '      Runtime: java21\n      MemorySize: 1024\n      SnapStart:\n        ApplyOn: PublishedVersions\n'));
  });

  it('SAM JSON: adds a SnapStart object', () => {
    const text = samJson({ Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'Fn::Fn.Function::Handler', Runtime: 'dotnet8', MemorySize: 1024 } } });
    const files = { 'template.json': text };
    assert.match(run(files, 'template.json')[0].message, /\.NET runtime/);
    assert.equal(
      fixed(files, 'template.json'),
      text.replace('"MemorySize": 1024\n', '"MemorySize": 1024,\n        "SnapStart": {\n          "ApplyOn": "PublishedVersions"\n        }\n'),
    );
  });

  it('CFN YAML: default memory (128 MB) and no SnapStart; the message asks for a published version', () => {
    const cfn = cfnTemplate(
      cfnFn('Fn', { handler: 'example.Handler::handleRequest', runtime: 'java21', props: '      Code:\n        S3Bucket: artifacts\n        S3Key: fn.jar\n' }),
      { version: true },
    );
    const files = { 'template.yaml': cfn };
    const [f] = run(files, 'template.yaml');
    assert.match(f.message, /neither SnapStart nor provisioned concurrency and only 128 MB of memory.*publish an AWS::Lambda::Version/);
    const out = applyFix(files, f.fixes![0]);
    assertParses('template.yaml', out['template.yaml']);
    assert.equal(out['template.yaml'], cfn + '      SnapStart:\n        ApplyOn: PublishedVersions\n');
    // The memory problem stays after the fix.
    assert.match(run(out, 'template.yaml')[0].message, /^Fn runs on java21 with only 128 MB of memory/);
  });

  it('CFN JSON: an alias with provisioned concurrency keeps it quiet', () => {
    const text = JSON.stringify({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'h::h', Runtime: 'java21', MemorySize: 2048, Code: { S3Bucket: 'b', S3Key: 'k' } } },
        Live: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Fn' }, FunctionVersion: '1', Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 } } },
      },
    }, null, 2);
    assert.equal(run({ 'template.json': text }, 'template.json').length, 0);
    assert.equal(run({ 'template.json': text.replace('"ProvisionedConcurrencyConfig"', '"Description": "x", "Unused"') }, 'template.json').length, 1);
  });

  it('serverless.yml: provider runtime java21 fires at the function; the fix adds snapStart: true', () => {
    const sls = serverless(slsFn('orders', 'com.example.Orders'), { runtime: 'java21' });
    const files = { 'serverless.yml': sls };
    const [f] = run(files, 'serverless.yml');
    assert.equal(rangeText(files, f), 'orders');
    assert.match(f.message, /which the framework publishes/);
    assert.equal(fixed(files, 'serverless.yml'), sls + '    snapStart: true\n');
    assert.equal(run({ 'serverless.yml': sls + '    provisionedConcurrency: 2\n' }, 'serverless.yml').length, 0);
  });
});
