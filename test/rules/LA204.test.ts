import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { API_GET, cfnFn, cfnTemplate, resource, samEvent, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA204';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const fixed = (files: Files, file: string): string => fixedText(run, files, file, 0, (fix) => assert.equal(fix.isPreferred, undefined, 'adds a resource: never a preferred fix'));

const sam = (event: string, extra = '') => samTemplate(resource('Bucket', 'AWS::S3::Bucket') + samFn('Thumbnail', { props: extra, events: event }));

const s3 = samEvent('Upload', 'S3', { Bucket: '!Ref Bucket', Events: 's3:ObjectCreated:*' });

describe('LA204 async-no-failure-destination', () => {
  it('SAM YAML: an S3-triggered function without DLQ fires at its id; the fix adds a queue and DeadLetterQueue', () => {
    const files = { 'template.yaml': sam(s3) };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeText(files, f), 'Thumbnail');
    assert.match(f.message, /^Thumbnail is invoked asynchronously \(S3 event Upload\) and has no failure destination.*add a DeadLetterQueue/);
    assert.equal(f.related?.[0].message, 'Asynchronous trigger: S3 event Upload');
    assert.equal(
      fixed(files, 'template.yaml'),
      sam(s3) +
        `      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt ThumbnailDeadLetterQueue.Arn
  ThumbnailDeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
`,
    );
  });

  it('quiet: DeadLetterQueue, an EventInvokeConfig OnFailure, or a separate EventInvokeConfig resource', () => {
    const dlq = sam(s3, '      DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }\n');
    assert.equal(run({ 'template.yaml': dlq }, 'template.yaml').length, 0);
    const dest = sam(s3, '      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure: { Type: SQS, Destination: !GetAtt Dlq.Arn }\n');
    assert.equal(run({ 'template.yaml': dest }, 'template.yaml').length, 0);
    const retriesOnly = sam(s3, '      EventInvokeConfig:\n        MaximumRetryAttempts: 0\n');
    assert.equal(run({ 'template.yaml': retriesOnly }, 'template.yaml').length, 1);
    const separate =
      sam(s3) +
      resource(
        'Invoke',
        'AWS::Lambda::EventInvokeConfig',
        `      FunctionName: !Ref Thumbnail
      Qualifier: $LATEST
      DestinationConfig:
        OnFailure: { Destination: !GetAtt Dlq.Arn }
`,
      );
    assert.equal(run({ 'template.yaml': separate }, 'template.yaml').length, 0);
  });

  it('quiet: an SQS-triggered function (a poller), an API function, SNS through an SQS subscription', () => {
    const sqs = samEvent('Jobs', 'SQS', '{ Queue: !GetAtt Q.Arn }');
    assert.equal(run({ 'template.yaml': sam(sqs) }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(API_GET) }, 'template.yaml').length, 0);
    const snsSqs = samEvent('Topic', 'SNS', '{ Topic: !Ref T, SqsSubscription: true }');
    assert.equal(run({ 'template.yaml': sam(snsSqs) }, 'template.yaml').length, 0);
    const sns = samEvent('Topic', 'SNS', '{ Topic: !Ref T }');
    assert.equal(run({ 'template.yaml': sam(sns) }, 'template.yaml').length, 1);
  });

  it('a schedule fires too; the queue name avoids an existing resource', () => {
    const sched = samEvent('Nightly', 'Schedule', '{ Schedule: rate(1 day) }');
    const text = sam(sched).replace('  Bucket:\n    Type: AWS::S3::Bucket\n', '  ThumbnailDeadLetterQueue:\n    Type: AWS::SNS::Topic\n');
    const files = { 'template.yaml': text };
    const out = fixed(files, 'template.yaml');
    assert.match(out, /TargetArn: !GetAtt ThumbnailDeadLetterQueue2\.Arn\n  ThumbnailDeadLetterQueue2:\n    Type: AWS::SQS::Queue\n/);
  });

  it('SAM JSON: the fix writes JSON with commas at the file indentation', () => {
    const text = samJson({
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Events: { Rule: { Type: 'EventBridgeRule', Properties: { Pattern: { source: ['shop'] } } } } } },
    });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '"Fn"');
    assert.equal(
      fixed(files, 'template.json'),
      text
        .replace(
          '"Pattern": { "source": ["shop"] } } } }\n',
          '"Pattern": { "source": ["shop"] } } } },\n        "DeadLetterQueue": {\n          "Type": "SQS",\n          "TargetArn": {"Fn::GetAtt": ["FnDeadLetterQueue", "Arn"]}\n        }\n',
        )
        .replace(
          '      }\n    }\n  }\n}\n',
          '      }\n    },\n    "FnDeadLetterQueue": {\n      "Type": "AWS::SQS::Queue",\n      "Properties": {\n        "MessageRetentionPeriod": 1209600\n      }\n    }\n  }\n}\n',
        ),
    );
  });

  const cfn = (extra = '') =>
    cfnTemplate(
      cfnFn('Fn', { props: extra }) +
        resource('S3Invoke', 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: '!GetAtt Fn.Arn', Principal: 's3.amazonaws.com' }),
    );

  it('CFN YAML: a Permission for s3.amazonaws.com makes it async; DeadLetterConfig quiets it (no fix offered)', () => {
    const files = { 'template.yaml': cfn() };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'Fn');
    assert.match(f.message, /s3\.amazonaws\.com through S3Invoke.*DeadLetterConfig/);
    assert.equal(f.fixes, undefined);
    assert.equal(run({ 'template.yaml': cfn('      DeadLetterConfig: { TargetArn: !GetAtt Q.Arn }\n') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': cfn().replace('s3.amazonaws.com', 'apigateway.amazonaws.com') }, 'template.yaml').length, 0);
  });

  it('CFN JSON: an EventBridge rule target, and an EventInvokeConfig with OnFailure', () => {
    const text = (extra: string) => `{
  "Resources": {
    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "i.h", "Runtime": "python3.13" } },
    "Rule": { "Type": "AWS::Events::Rule", "Properties": { "Targets": [{ "Id": "t", "Arn": { "Fn::GetAtt": ["Fn", "Arn"] } }] } }${extra}
  }
}
`;
    assert.equal(run({ 'template.json': text('') }, 'template.json').length, 1);
    const cfg = `,\n    "Cfg": { "Type": "AWS::Lambda::EventInvokeConfig", "Properties": { "FunctionName": { "Ref": "Fn" }, "Qualifier": "$LATEST", "DestinationConfig": { "OnFailure": { "Destination": "arn:aws:sqs:us-east-1:1:q" } } } }`;
    assert.equal(run({ 'template.json': text(cfg) }, 'template.json').length, 0);
  });

  it('Serverless: an s3 event without onError fires (no fix); onError or destinations.onFailure quiet it', () => {
    const text = (extra: string) =>
      serverless(slsFn('resize', 'h.resize', `${extra}    events:\n      - s3: photos\n`) + slsFn('api', 'h.api', '    events:\n      - httpApi: GET /\n'));
    const files = { 'serverless.yml': text('') };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['resize']);
    assert.match(fs[0].message, /onError or destinations\.onFailure/);
    assert.equal(run({ 'serverless.yml': text('    onError: arn:aws:sqs:us-east-1:1:dlq\n') }, 'serverless.yml').length, 0);
    assert.equal(run({ 'serverless.yml': text('    destinations:\n      onFailure: arn:aws:sqs:us-east-1:1:dlq\n') }, 'serverless.yml').length, 0);
  });
});
