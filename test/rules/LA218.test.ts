import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA218';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));
const ranges = (files: Files, file: string) => run(files, file).map((f) => rangeText(files, f));

/** `url`: the lines of FunctionUrlConfig (at 8 spaces). */
const sam = (url: string) => samTemplate(samFn('Fn', { runtime: null, props: `      FunctionUrlConfig:\n${url}` }));

describe('LA218 function-url-public', () => {
  it('SAM YAML: AuthType NONE fires at the value; open CORS fires at the "*"; no fix', () => {
    const files = { 'template.yaml': sam("        AuthType: NONE\n        Cors:\n          AllowOrigins: ['*']\n") };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['NONE', "'*'"]);
    assert.equal(fs[0].severity, 'warning');
    assert.match(fs[0].message, /^The function URL of Fn has AuthType NONE: anyone with the URL can invoke it/);
    assert.match(fs[1].message, /allows CORS requests from every origin/);
    assert.ok(fs.every((f) => f.fixes === undefined));
  });

  it('quiet: AWS_IAM with listed origins; a parameterised AuthType defaulting to AWS_IAM', () => {
    assert.equal(run({ 'template.yaml': sam('        AuthType: AWS_IAM\n        Cors: { AllowOrigins: [https://app.example.com] }\n') }, 'template.yaml').length, 0);
    const param = `Parameters:\n  Auth:\n    Type: String\n    Default: AWS_IAM\n` + sam('        AuthType: !Ref Auth\n');
    assert.equal(run({ 'template.yaml': param }, 'template.yaml').length, 0);
    assert.deepEqual(ranges({ 'template.yaml': param.replace('Default: AWS_IAM', 'Default: NONE') }, 'template.yaml'), ['!Ref Auth']);
  });

  it('SAM JSON', () => {
    const text = `{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "a.h", "FunctionUrlConfig": {"AuthType": "NONE"}}}}}`;
    assert.deepEqual(ranges({ 'template.json': text }, 'template.json'), ['"NONE"']);
  });

  it('CFN YAML and JSON: AWS::Lambda::Url', () => {
    const yaml = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler }
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE
      Cors:
        AllowOrigins:
          - https://app.example.com
          - "*"
`;
    const files = { 'template.yaml': yaml };
    assert.deepEqual(ranges(files, 'template.yaml'), ['NONE', '"*"']);
    assert.equal(run(files, 'template.yaml')[0].functionId, 'Fn');
    const json = `{"Resources": {"U": {"Type": "AWS::Lambda::Url", "Properties": {"TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]}, "AuthType": "AWS_IAM"}}}}`;
    assert.equal(run({ 'template.json': json }, 'template.json').length, 0);
  });

  it('Serverless: url: true fires; url with authorizer aws_iam is quiet except for cors: true', () => {
    const text = (url: string) => serverless(slsFn('api', 'h.api', url), { runtime: null });
    const open = { 'serverless.yml': text('    url: true\n') };
    assert.deepEqual(ranges(open, 'serverless.yml'), ['true']);
    const iam = { 'serverless.yml': text('    url:\n      authorizer: aws_iam\n      cors: true\n') };
    assert.deepEqual(ranges(iam, 'serverless.yml'), ['true']);
    assert.match(run(iam, 'serverless.yml')[0].message, /cors: true/);
    const noAuth = { 'serverless.yml': text('    url:\n      cors:\n        allowedOrigins: [https://a.example.com]\n') };
    assert.deepEqual(ranges(noAuth, 'serverless.yml'), ['url']);
    assert.equal(run({ 'serverless.yml': text('    url:\n      authorizer: aws_iam\n') }, 'serverless.yml').length, 0);
  });
});
