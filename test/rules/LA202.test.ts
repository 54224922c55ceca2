import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnTemplate, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA202';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));
const ranges = (files: Files, file: string) => run(files, file).map((f) => rangeText(files, f));

const samRole = (statements: string, fn2 = '') =>
  samTemplate(
    samFn('Fn', { props: '      Role: !GetAtt FnRole.Arn\n' }) +
      fn2 +
      `  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: "*"
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}`,
  );

describe('LA202 wildcard-permission', () => {
  it('SAM YAML, role inline policy: service:* fires at the action; the trust policy is not read', () => {
    const files = {
      'template.yaml': samRole(`              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:*
                Resource: !Sub arn:aws:s3:::\${AWS::StackName}-data/*
`),
    };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].severity, 'warning');
    assert.equal(rangeText(files, fs[0]), 's3:*');
    assert.equal(fs[0].functionId, 'Fn');
    assert.equal(
      fs[0].message,
      'Action "s3:*" grants every s3 action (in inline policy app of role FnRole) (the role of Fn): grant only the actions the function calls, on the ARNs it uses',
    );
    assert.equal(fs[0].fixes, undefined);
  });

  it('Resource "*" fires only with write actions; reads and the actions that need "*" stay quiet', () => {
    const files = {
      'template.yaml': samRole(`              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:Query, s3:Get*, ssm:GetParameter]
                Resource: "*"
              - Effect: Allow
                Action: [xray:PutTraceSegments, xray:PutTelemetryRecords, cloudwatch:PutMetricData, logs:CreateLogStream, logs:PutLogEvents]
                Resource: '*'
              - Effect: Allow
                Action: [dynamodb:BatchGetItem, dynamodb:PutItem, dynamodb:BatchWriteItem]
                Resource: '*'
              - Effect: Deny
                Action: '*'
                Resource: '*'
`),
    };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ["'*'"]);
    assert.equal(fs[0].range.start.line, 29);
    assert.match(fs[0].message, /^Resource "\*" lets dynamodb:PutItem, dynamodb:BatchWriteItem write to every resource/);
  });

  it('an Allow with NotAction fires at its value; Action "*" on "*" is one finding, not two', () => {
    const files = {
      'template.yaml': samRole(`              - Effect: Allow
                NotAction: iam:*
                Resource: '*'
              - Effect: Allow
                Action: '*'
                Resource: '*'
`),
    };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['iam:*', "'*'"]);
    assert.match(fs[0].message, /^An Allow with NotAction .* grants every action except the ones listed on every resource/);
    assert.match(fs[1].message, /^Action "\*" grants every action of every service on every resource/);
  });

  it('a role shared by two functions gives one finding naming both; a role no function uses is not read', () => {
    const second = samFn('Other', { handler: 'app.other', props: '      Role: !GetAtt FnRole.Arn\n' });
    const st = `              - Effect: Allow\n                Action: sqs:*\n                Resource: !GetAtt Q.Arn\n`;
    const files = { 'template.yaml': samRole(st, second) };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.match(f.message, /\(the role of Fn, Other\)/);
    assert.equal(f.functionId, undefined);
    const unused = { 'template.yaml': samRole(st).replace('      Role: !GetAtt FnRole.Arn\n', '') };
    assert.equal(run(unused, 'template.yaml').length, 0);
  });

  it('SAM Policies: a FullAccess managed policy and a writing policy template given "*" fire; a read template with "*" does not', () => {
    const text = samTemplate(
      samFn('Fn', {
        runtime: null,
        props: `      Policies:
        - AWSLambdaBasicExecutionRole
        - AmazonS3FullAccess
        - S3ReadPolicy:
            BucketName: '*'
        - S3CrudPolicy:
            BucketName: "*"
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
        - Statement:
            - Effect: Allow
              Action: sns:Publish
              Resource: '*'
`,
      }),
    );
    const files = { 'template.yaml': text };
    assert.deepEqual(ranges(files, 'template.yaml'), ['AmazonS3FullAccess', '"*"', "'*'"]);
    const [managed, tpl, inline] = run(files, 'template.yaml');
    assert.match(managed.message, /^The AWS managed policy AmazonS3FullAccess grants every action of its service on every resource/);
    assert.match(tpl.message, /^S3CrudPolicy with BucketName "\*" grants its write actions on every resource/);
    assert.match(inline.message, /sns:Publish write to every resource \(in Policies of Fn\)/);
  });

  it('SAM JSON: a Policies statement with Action "*"', () => {
    const statement = { Effect: 'Allow', Action: ['dynamodb:*'], Resource: { 'Fn::GetAtt': ['T', 'Arn'] } };
    const text = samJson({ Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Policies: [{ Statement: [statement] }] } } });
    const files = { 'template.json': text };
    assert.deepEqual(ranges(files, 'template.json'), ['"dynamodb:*"']);
  });

  it('CFN YAML: an AWS::IAM::Policy attached through Roles, and arn:aws:iam::aws:policy/AdministratorAccess', () => {
    const text = cfnTemplate(
      cfnFn('Fn', { props: '      Role: !GetAtt Role.Arn\n' }) +
        `  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AdministratorAccess
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          Effect: Allow
          Action: [s3:PutObject, s3:DeleteObject]
          Resource: '*'
  Unattached:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: other
      Roles: [!Ref SomeOtherRole]
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: '*', Resource: '*' }]
`,
    );
    const files = { 'template.yaml': text };
    assert.deepEqual(ranges(files, 'template.yaml'), ['arn:aws:iam::aws:policy/AdministratorAccess', "'*'"]);
    assert.match(run(files, 'template.yaml')[1].message, /s3:PutObject, s3:DeleteObject write to every resource \(in IAM::Policy Extra\)/);
  });

  it('CFN JSON: an inline role policy with Resource "*" and a write wildcard pattern', () => {
    const text = (action: string) => `{
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "i.h", "Role": { "Fn::GetAtt": ["R", "Arn"] } } },
    "R": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "${action}", "Resource": "*" }] } }]
      }
    }
  }
}
`;
    assert.deepEqual(ranges({ 'template.json': text('s3:Put*') }, 'template.json'), ['"*"']);
    assert.equal(run({ 'template.json': text('s3:List*') }, 'template.json').length, 0);
  });

  it('Serverless: provider.iam.role.statements and iamRoleStatements; a function with its own role does not get them', () => {
    const text = (role: string) =>
      serverless(slsFn('worker', 'h.worker', role), {
        runtime: null,
        provider: `  iam:
    role:
      statements:
        - Effect: Allow
          Action: sqs:*
          Resource: arn:aws:sqs:us-east-1:1:q
  iamRoleStatements:
    - Effect: Allow
      Action:
        - sns:Publish
      Resource: '*'
`,
      });
    const files = { 'serverless.yml': text('') };
    assert.deepEqual(ranges(files, 'serverless.yml'), ['sqs:*', "'*'"]);
    assert.match(run(files, 'serverless.yml')[0].message, /in provider\.iam\.role\.statements\) \(the role of worker\)/);
    assert.equal(run({ 'serverless.yml': text('    role: arn:aws:iam::1:role/own\n') }, 'serverless.yml').length, 0);
  });

  it('AWS managed policies that write everywhere without FullAccess in their name: AWSLambdaExecute (SAM short name), AWSLambdaRole (ARN)', () => {
    // Modeled on an S3-thumbnail sample whose only policy is `Policies: AWSLambdaExecute`.
    const sam = samTemplate(samFn('Thumb', { runtime: null, policies: 'AWSLambdaExecute' }));
    const files = { 'template.yaml': sam };
    assert.deepEqual(ranges(files, 'template.yaml'), ['AWSLambdaExecute']);
    assert.equal(
      run(files, 'template.yaml')[0].message,
      'The AWS managed policy AWSLambdaExecute allows s3:PutObject on every S3 bucket (arn:aws:s3:::*) (the role of Thumb): grant only the actions the function calls, on the ARNs it uses',
    );
    const cfn = cfnTemplate(
      cfnFn('Fn', { handler: 'app.handler', runtime: 'python3.13', props: '      Role: !GetAtt R.Arn\n' }) +
        `  R:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/service-role/AWSLambdaRole
`,
    );
    assert.deepEqual(ranges({ 'template.yaml': cfn }, 'template.yaml'), ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole']);
    assert.match(run({ 'template.yaml': cfn }, 'template.yaml')[0].message, /^The AWS managed policy AWSLambdaRole allows lambda:InvokeFunction on every function/);
  });

  it('quiet: the basic execution role, and a customer managed policy that only shares the name', () => {
    const text = (policy: string) => samTemplate(samFn('Fn', { runtime: null, policies: [policy] }));
    assert.equal(run({ 'template.yaml': text('AWSLambdaBasicExecutionRole') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': text('arn:aws:iam::123456789012:policy/AWSLambdaExecute') }, 'template.yaml').length, 0);
  });
});
