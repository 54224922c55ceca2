import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnTemplate, resource, samEvent, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA219';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Fn and a permission Invoke on it; `permission`: its Principal and other lines (at 6 spaces). */
const cfn = (permission: string) =>
  cfnTemplate(
    cfnFn('Fn', { props: '      Role: arn:aws:iam::123456789012:role/fn\n', zipFile: 'exports.handler = async () => 1;' }) +
      resource('Invoke', 'AWS::Lambda::Permission', `      FunctionName: !GetAtt Fn.Arn\n      Action: lambda:InvokeFunction\n${permission}`),
    { version: true },
  );

describe('LA219 invoke-permission-unscoped', () => {
  it('CFN YAML: fires on an SNS principal without SourceArn, at the principal', () => {
    const files = { 'template.yaml': cfn('      Principal: sns.amazonaws.com\n') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeText(files, f), 'sns.amazonaws.com');
    assert.equal(f.functionId, 'Fn');
    assert.match(f.message, /^Permission Invoke lets sns\.amazonaws\.com invoke Fn without SourceArn: any SNS topic in any account .* Add SourceArn with the ARN of the SNS topic/);
  });

  it('quiet: a service principal with SourceArn (an intrinsic counts)', () => {
    const text = cfn('      Principal: events.amazonaws.com\n      SourceArn: !GetAtt Rule.Arn\n');
    assert.equal(run({ 'template.yaml': text }, 'template.yaml').length, 0);
  });

  it('S3: fires without SourceAccount even with SourceArn, and names both when both are missing', () => {
    const onlyArn = { 'template.yaml': cfn('      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt Bucket.Arn\n') };
    const [f] = run(onlyArn, 'template.yaml');
    assert.match(f.message, /without SourceAccount: .*bucket ARNs carry no account id.* Add SourceAccount: !Ref AWS::AccountId/);
    const neither = { 'template.yaml': cfn('      Principal: s3.amazonaws.com\n') };
    assert.match(run(neither, 'template.yaml')[0].message, /without SourceArn and SourceAccount/);
  });

  it('quiet: S3 with SourceArn and SourceAccount', () => {
    const text = cfn('      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt Bucket.Arn\n      SourceAccount: !Ref AWS::AccountId\n');
    assert.equal(run({ 'template.yaml': text }, 'template.yaml').length, 0);
  });

  it('quiet: account principals, unresolvable principals, and IAM-authenticated function URLs', () => {
    assert.equal(run({ 'template.yaml': cfn("      Principal: '123456789012'\n") }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': cfn('      Principal: !Ref CallerPrincipal\n') }, 'template.yaml').length, 0);
    const url = cfn('      Principal: cloudfront.amazonaws.com\n      FunctionUrlAuthType: AWS_IAM\n').replace('lambda:InvokeFunction\n', 'lambda:InvokeFunctionUrl\n');
    assert.equal(run({ 'template.yaml': url }, 'template.yaml').length, 0);
    // The same URL permission with AuthType NONE is not exempt.
    assert.equal(run({ 'template.yaml': url.replace('AWS_IAM', 'NONE') }, 'template.yaml').length, 1);
  });

  it('a parameter Default resolves the principal', () => {
    const text = `Parameters:\n  P:\n    Type: String\n    Default: logs.amazonaws.com\n${cfn('      Principal: !Ref P\n').replace("AWSTemplateFormatVersion: '2010-09-09'\n", '')}`;
    const files = { 'template.yaml': text };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), '!Ref P');
    assert.match(f.message, /CloudWatch Logs subscription/);
  });

  it('CFN JSON: fires on "apigateway.amazonaws.com" without SourceArn; quiet with it', () => {
    const text = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "index.handler", "Runtime": "nodejs22.x", "Code": { "ZipFile": "x" } } },
    "ApiInvoke": {
      "Type": "AWS::Lambda::Permission",
      "Properties": { "FunctionName": { "Ref": "Fn" }, "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com" }
    }
  }
}
`;
    const files = { 'template.json': text };
    const [f] = run(files, 'template.json');
    assert.equal(rangeText(files, f), '"apigateway.amazonaws.com"');
    assert.match(f.message, /any API Gateway API in any account/);
    const scoped = text.replace('"Principal": "apigateway.amazonaws.com"', '"Principal": "apigateway.amazonaws.com", "SourceArn": { "Fn::Sub": "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*" }');
    assert.equal(run({ 'template.json': scoped }, 'template.json').length, 0);
  });

  it('SAM YAML and JSON: a hand-written permission beside a SAM function fires; SAM events (scoped by SAM) do not', () => {
    const upload = samEvent('Upload', 'S3', { Bucket: '!Ref Bucket', Events: 's3:ObjectCreated:*' });
    const sam = samTemplate(samFn('Fn', { events: upload }) + resource('Bucket', 'AWS::S3::Bucket'));
    assert.equal(run({ 'template.yaml': sam }, 'template.yaml').length, 0);
    const withPermission =
      sam + resource('Invoke', 'AWS::Lambda::Permission', { FunctionName: '!Ref Fn', Action: 'lambda:InvokeFunction', Principal: 'iot.amazonaws.com' });
    const files = { 'template.yaml': withPermission };
    assert.equal(rangeText(files, run(files, 'template.yaml')[0]), 'iot.amazonaws.com');
    const json = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'python3.13' } },
        Invoke: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' } },
      },
    }, null, 2);
    assert.equal(run({ 'template.json': json }, 'template.json').length, 1);
  });

  it('serverless.yml: a permission under resources fires; function events are scoped by the framework', () => {
    const sls = serverless(slsFn('hello', 'handler.hello', '    events:\n      - sns: orders\n'), {
      service: 'shop',
      after: `resources:
  Resources:
    ExtraInvoke:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt HelloLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: sns.amazonaws.com
`,
    });
    const files = { 'serverless.yml': sls, 'handler.js': 'exports.hello = async () => 1;\n' };
    const fs = run(files, 'serverless.yml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'sns.amazonaws.com');
    assert.match(fs[0].message, /invoke HelloLambdaFunction without SourceArn/);
  });
});
