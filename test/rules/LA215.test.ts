import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { API_GET, cfnFn, cfnTemplate, resource, samEvent, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA215';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const fixed = (files: Files, file: string, index = 0): string => fixedText(run, files, file, index);

const samOne = samTemplate(samFn('Api', { events: API_GET }));

const samTwo = samTemplate(samFn('A', { handler: 'a.handler', events: samEvent('Get', 'HttpApi') }) + samFn('B', { handler: 'b.handler' }));

describe('LA215 no-safe-deployment', () => {
  it('SAM YAML: fires on an API function without AutoPublishAlias; the fix adds AutoPublishAlias: live (not preferred)', () => {
    const files = { 'template.yaml': samOne };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'Api');
    assert.match(f.message, /^Api has an Api event \(Get\) and is deployed in place.*set AutoPublishAlias \(e\.g\. live\) and a DeploymentPreference/);
    assert.equal(f.related?.[0].message, 'Api event Get');
    assert.equal(f.related?.length, 1);
    assert.equal(f.fixes?.[0].isPreferred, undefined);
    assert.equal(f.fixes?.[0].title, 'Set AutoPublishAlias: live');
    assert.equal(fixed(files, 'template.yaml'), samOne + '      AutoPublishAlias: live\n');
  });

  it('SAM YAML: when every function lacks it, the fix goes to Globals (non-API functions are not reported)', () => {
    const files = { 'template.yaml': samTwo };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['A']);
    assert.equal(fs[0].fixes?.[0].title, 'Set AutoPublishAlias: live in Globals for all functions');
    assert.equal(fixed(files, 'template.yaml'), samTwo.replace('Resources:\n', 'Globals:\n  Function:\n    AutoPublishAlias: live\nResources:\n'));
  });

  it('quiet: AutoPublishAlias in Globals, DeploymentPreference, an intrinsic alias, or no API event', () => {
    assert.equal(run({ 'template.yaml': samTwo.replace('Resources:\n', 'Globals:\n  Function:\n    AutoPublishAlias: prod\nResources:\n') }, 'template.yaml').length, 0);
    const pref = samOne.replace('      Handler: app.handler\n', '      Handler: app.handler\n      DeploymentPreference:\n        Type: AllAtOnce\n');
    assert.equal(run({ 'template.yaml': pref }, 'template.yaml').length, 0);
    const param = samOne.replace('      Handler: app.handler\n', '      Handler: app.handler\n      AutoPublishAlias: !Ref Stage\n');
    assert.equal(run({ 'template.yaml': param }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': samOne.replace('Type: Api', 'Type: SQS') }, 'template.yaml').length, 0);
  });

  it('SAM JSON: adds "AutoPublishAlias": "live" to the function', () => {
    const text = samJson({
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs22.x', Events: { Get: { Type: 'HttpApi' } } } },
    });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '"Fn"');
    assert.equal(
      fixed(files, 'template.json'),
      text.replace('"Events": { "Get": { "Type": "HttpApi" } }\n', '"Events": { "Get": { "Type": "HttpApi" } },\n        "AutoPublishAlias": "live"\n'),
    );
  });

  it('CFN YAML / JSON and serverless.yml: quiet (no SAM switch to recommend)', () => {
    const perm = resource('Perm', 'AWS::Lambda::Permission', { FunctionName: '!Ref Fn', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    const cfn = cfnTemplate(cfnFn('Fn', { zipFile: 'x' }) + perm, { version: true });
    assert.equal(run({ 'template.yaml': cfn }, 'template.yaml').length, 0);
    const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'a.h', Runtime: 'python3.13', Code: { ZipFile: 'x' } } } } });
    assert.equal(run({ 'template.json': json }, 'template.json').length, 0);
    const sls = serverless(slsFn('hello', 'handler.hello', '    events:\n      - httpApi: GET /\n'));
    assert.equal(run({ 'serverless.yml': sls, 'handler.js': 'exports.hello = async () => 1;\n' }, 'serverless.yml').length, 0);
  });

  it('names the event type and the event: an HttpApi event reads as such; B (no API event) stays quiet', () => {
    const files = { 'template.yaml': samTwo };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['A']);
    assert.match(fs[0].message, /^A has an HttpApi event \(Get\) and is deployed in place/);
  });
});
