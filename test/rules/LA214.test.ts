import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnJson, cfnTemplate, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA214';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const cfn = cfnTemplate(cfnFn('Fn', { props: '      Role: arn:aws:iam::123456789012:role/fn\n', zipFile: 'exports.handler = async () => 1;' }), { version: true });

const cfnJsonText = cfnJson(
  { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.13', Code: { ZipFile: 'x' } } } },
  { version: true, depth: 2 },
);

describe('LA214 plain-cfn-function', () => {
  it('CFN YAML: fires on a plain AWS::Lambda::Function at its logical id, as info, recommending SAM', () => {
    const files = { 'template.yaml': cfn };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'Fn');
    assert.match(f.message, /^Fn is a plain AWS::Lambda::Function: consider SAM's AWS::Serverless::Function .*event sources.*generated role, Globals, safe deployment.*sam build\/local\/sync/);
    assert.equal(f.fixes, undefined);
  });

  it('CFN JSON: fires on the quoted id', () => {
    const files = { 'template.json': cfnJsonText };
    assert.deepEqual(run(files, 'template.json').map((f) => rangeText(files, f)), ['"Fn"']);
  });

  it('SAM YAML / JSON: only the plain function of a mixed template fires, not AWS::Serverless::Function', () => {
    const sam = samTemplate(samFn('Modern') + cfnFn('Legacy', { handler: 'app.handler', runtime: 'python3.13', zipFile: '"def handler(e, c): pass"' }));
    const files = { 'template.yaml': sam };
    assert.deepEqual(run(files, 'template.yaml').map((f) => rangeText(files, f)), ['Legacy']);
    const json = JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Modern: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'a.h', Runtime: 'python3.13' } } } });
    assert.equal(run({ 'template.json': json }, 'template.json').length, 0);
  });

  it('quiet: CDK output (a cdk.out path, or aws:cdk:path metadata on the resource)', () => {
    assert.equal(run({ 'cdk.out/App.template.json': cfnJsonText }, 'cdk.out/App.template.json').length, 0);
    const copied = cfn.replace('    Type: AWS::Lambda::Function\n', '    Type: AWS::Lambda::Function\n    Metadata:\n      aws:cdk:path: App/Fn/Resource\n');
    assert.equal(run({ 'template.yaml': copied }, 'template.yaml').length, 0);
  });

  it('serverless.yml: quiet (the framework generates the functions; resources are not functions it models)', () => {
    const sls = serverless(slsFn('hello', 'handler.hello'), {
      after: `resources:
  Resources:
    Extra:
      Type: AWS::Lambda::Function
      Properties:
        Handler: index.handler
        Runtime: nodejs22.x
        Code:
          ZipFile: x
`,
    });
    assert.equal(run({ 'serverless.yml': sls, 'handler.js': 'exports.hello = async () => 1;\n' }, 'serverless.yml').length, 0);
  });
});
