import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { resource, samEvent, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA205';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Applies fix `title` of the finding whose message matches `which`, checks it parses and that finding is gone. */
function fixed(files: Files, file: string, which: RegExp): string {
  const before = run(files, file);
  const f = before.find((x) => which.test(x.message));
  assert.ok(f, `no finding matching ${which}`);
  const fix = f.fixes?.[0];
  assert.ok(fix, 'expected a fix');
  const out = applyFix(files, fix);
  assertParses(file, out[file]);
  const after = run(out, file);
  assert.equal(after.filter((x) => which.test(x.message)).length, 0, `still fires after the fix:\n${out[file]}`);
  assert.equal(after.length, before.length - 1);
  return out[file];
}

const sam = (queueProps: string, fnExtra = '') =>
  samTemplate(samFn('Worker', { props: fnExtra, events: samEvent('Jobs', 'SQS', { Queue: '!GetAtt Jobs.Arn' }) }) + resource('Jobs', 'AWS::SQS::Queue') + queueProps);

/** What the redrive fix adds for queue Jobs: the policy in its Properties, then the new queue; `pad` nests it deeper. */
const redriveAdded = (pad = '') =>
  `      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDeadLetterQueue.Arn
        maxReceiveCount: 5
  JobsDeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
`
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');

describe('LA205 queue-source-misconfigured', () => {
  it('SAM YAML: a queue without RedrivePolicy fires at its id; the fix adds a DLQ and the policy', () => {
    const files = { 'template.yaml': sam('    Properties:\n      VisibilityTimeout: 60\n') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeText(files, f), 'Jobs');
    assert.equal(f.range.start.line, 12, "the queue resource, not the event named Jobs");
    assert.match(f.message, /^Jobs triggers Worker but has no RedrivePolicy/);
    assert.equal(f.related?.[0].message, 'Worker consumes Jobs here');
    assert.ok(!f.fixes?.[0].isPreferred);
    assert.equal(
      fixed(files, 'template.yaml', /RedrivePolicy/),
      sam('    Properties:\n      VisibilityTimeout: 60\n' + redriveAdded()),
    );
  });

  it('visibility under 6 × timeout fires at the value; the preferred fix sets 6 × timeout; exactly 6 × is quiet', () => {
    const redrive = '      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3 }\n';
    const files = { 'template.yaml': sam(`    Properties:\n      VisibilityTimeout: 100\n${redrive}`, '      Timeout: 20\n') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, f), '100');
    assert.match(f.message, /^Jobs has a visibility timeout of 100 s, under 6 × the 20 s timeout of Worker.*at least 120$/);
    assert.equal(f.fixes?.[0].isPreferred, true);
    assert.equal(fixed(files, 'template.yaml', /visibility/), sam(`    Properties:\n      VisibilityTimeout: 120\n${redrive}`, '      Timeout: 20\n'));
    assert.equal(run({ 'template.yaml': sam(`    Properties:\n      VisibilityTimeout: 120\n${redrive}`, '      Timeout: 20\n') }, 'template.yaml').length, 0);
  });

  it('defaults: 30 s visibility is enough for the 3 s default timeout but not for Timeout: 10; a queue without Properties gets them', () => {
    const dflt = { 'template.yaml': sam('') };
    assert.deepEqual(run(dflt, 'template.yaml').map((f) => f.message.split(':')[0]), ['Jobs triggers Worker but has no RedrivePolicy']);
    const files = { 'template.yaml': sam('', '      Timeout: 10\n') };
    const vis = run(files, 'template.yaml').find((f) => /visibility/.test(f.message));
    assert.ok(vis);
    assert.match(vis.message, /visibility timeout of 30 s \(the default\)/);
    assert.equal(fixed(files, 'template.yaml', /visibility/), sam('    Properties:\n      VisibilityTimeout: 60\n', '      Timeout: 10\n'));
    // Both fixes add Properties at the same place when the queue has none: the redrive fix still yields valid YAML.
    assert.match(fixed(files, 'template.yaml', /RedrivePolicy/), /  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt JobsDeadLetterQueue\.Arn\n        maxReceiveCount: 5\n  JobsDeadLetterQueue:\n/);
  });

  it('quiet: a queue defined elsewhere (ARN), a parameterised visibility timeout, a function timeout from a parameter', () => {
    const byArn = sam('').replace('Queue: !GetAtt Jobs.Arn', 'Queue: arn:aws:sqs:us-east-1:123456789012:jobs');
    assert.equal(run({ 'template.yaml': byArn }, 'template.yaml').length, 0);
    const redrive = '      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3 }\n';
    const param = sam(`    Properties:\n      VisibilityTimeout: !Ref Vis\n${redrive}`, '      Timeout: 60\n');
    assert.equal(run({ 'template.yaml': param }, 'template.yaml').length, 0);
    const fnParam = sam(`    Properties:\n${redrive}`, '      Timeout: !Ref Seconds\n');
    assert.equal(run({ 'template.yaml': fnParam }, 'template.yaml').length, 0);
  });

  it('a FIFO queue gets a FIFO dead-letter queue', () => {
    const files = { 'template.yaml': sam('    Properties:\n      FifoQueue: true\n') };
    assert.match(fixed(files, 'template.yaml', /RedrivePolicy/), /  JobsDeadLetterQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n      MessageRetentionPeriod: 1209600\n$/);
  });

  it('SAM JSON: the fix writes JSON', () => {
    const text = `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Worker": {
      "Type": "AWS::Serverless::Function",
      "Properties": { "Handler": "app.handler", "Events": { "Jobs": { "Type": "SQS", "Properties": { "Queue": { "Fn::GetAtt": ["Jobs", "Arn"] } } } } }
    },
    "Jobs": {
      "Type": "AWS::SQS::Queue",
      "Properties": {
        "VisibilityTimeout": 30
      }
    }
  }
}
`;
    const files = { 'template.json': text };
    assert.equal(
      fixed(files, 'template.json', /RedrivePolicy/),
      text.replace(
        '        "VisibilityTimeout": 30\n      }\n    }\n',
        '        "VisibilityTimeout": 30,\n        "RedrivePolicy": {\n          "deadLetterTargetArn": {"Fn::GetAtt": ["JobsDeadLetterQueue", "Arn"]},\n          "maxReceiveCount": 5\n        }\n      }\n    },\n    "JobsDeadLetterQueue": {\n      "Type": "AWS::SQS::Queue",\n      "Properties": {\n        "MessageRetentionPeriod": 1209600\n      }\n    }\n',
      ),
    );
  });

  it('CFN YAML: an EventSourceMapping; CFN JSON: visibility with the fix', () => {
    const yaml = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler, Runtime: nodejs22.x, Timeout: 30 }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Q.Arn
  Q:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: !GetAtt D.Arn, maxReceiveCount: 5 }
`;
    const yfiles = { 'template.yaml': yaml };
    const [f] = run(yfiles, 'template.yaml');
    assert.equal(rangeText(yfiles, f), 'Q');
    assert.equal(f.related?.[0].message, 'Fn consumes Q here');
    assert.equal(rangeText(yfiles, { ...f, range: f.related![0].range }), 'Mapping');
    assert.equal(fixed(yfiles, 'template.yaml', /visibility/), yaml + '      VisibilityTimeout: 180\n');

    const json = `{"Resources": {
  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "i.h", "Timeout": 10}},
  "M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Fn"}, "EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}}},
  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 45, "RedrivePolicy": {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:1:d", "maxReceiveCount": 5}}}
}}`;
    assert.equal(fixed({ 'template.json': json }, 'template.json', /visibility/), json.replace('"VisibilityTimeout": 45', '"VisibilityTimeout": 60'));
  });

  it('Serverless: an sqs event with arn Fn::GetAtt; the framework default timeout is 6 s', () => {
    const text = serverless(slsFn('worker', 'h.worker', '    events:\n      - sqs:\n          arn:\n            Fn::GetAtt: [Jobs, Arn]\n'), {
      runtime: null,
      after: 'resources:\n  Resources:\n    Jobs:\n      Type: AWS::SQS::Queue\n',
    });
    const files = { 'serverless.yml': text };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['Jobs', 'Jobs']);
    assert.match(fs[1].message, /30 s \(the default\), under 6 × the 6 s timeout of worker.*at least 36$/);
    assert.equal(
      fixed(files, 'serverless.yml', /RedrivePolicy/),
      // Under resources.Resources, two spaces deeper than in a template.
      text + '      Properties:\n' + redriveAdded('  '),
    );
  });
});
