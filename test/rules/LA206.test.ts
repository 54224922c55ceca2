import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { samEvent, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA206';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const fixed = (files: Files, file: string): string => fixedText(run, files, file, 0, (fix) => assert.ok(!fix.isPreferred));

/** `props`: more lines of the Kinesis event's Properties (at 12 spaces). */
const sam = (props: string) =>
  samTemplate(samFn('Consumer', { runtime: null, events: samEvent('Orders', 'Kinesis', { Stream: '!GetAtt Orders.Arn', StartingPosition: 'LATEST' }) + props }));

describe('LA206 stream-unbounded-retries', () => {
  it('SAM YAML: fires at the event name listing what is missing; the fix adds retries and bisect', () => {
    const files = { 'template.yaml': sam('') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeText(files, f), 'Orders');
    assert.equal(
      f.message,
      'The Kinesis stream source of Consumer retries a failing batch until its records expire, blocking the shard: missing MaximumRetryAttempts or MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, DestinationConfig.OnFailure',
    );
    assert.equal(f.fixes?.[0].title, 'Set MaximumRetryAttempts: 3 and BisectBatchOnFunctionError: true (then add an on-failure destination)');
    assert.equal(fixed(files, 'template.yaml'), sam('            MaximumRetryAttempts: 3\n            BisectBatchOnFunctionError: true\n'));
  });

  it('-1 is no bound: the fix replaces it; a real bound, a record age or an OnFailure destination is quiet', () => {
    const files = { 'template.yaml': sam('            MaximumRetryAttempts: -1\n            BisectBatchOnFunctionError: true\n') };
    const [f] = run(files, 'template.yaml');
    assert.match(f.message, /missing MaximumRetryAttempts or MaximumRecordAgeInSeconds, DestinationConfig\.OnFailure$/);
    assert.equal(fixed(files, 'template.yaml'), sam('            MaximumRetryAttempts: 3\n            BisectBatchOnFunctionError: true\n'));
    for (const quiet of [
      '            MaximumRetryAttempts: 2\n',
      '            MaximumRecordAgeInSeconds: 3600\n',
      '            DestinationConfig:\n              OnFailure:\n                Destination: !GetAtt Dlq.Arn\n',
    ])
      assert.equal(run({ 'template.yaml': sam(quiet) }, 'template.yaml').length, 0, quiet);
  });

  it('quiet: an SQS source (LA205 covers it)', () => {
    const text = sam('').replace('Type: Kinesis', 'Type: SQS').replace('Stream: !GetAtt', 'Queue: !GetAtt');
    assert.equal(run({ 'template.yaml': text }, 'template.yaml').length, 0);
  });

  it('SAM JSON: DynamoDB stream, the fix writes JSON', () => {
    const changes = { Type: 'DynamoDB', Properties: { Stream: { 'Fn::GetAtt': ['T', 'StreamArn'] }, StartingPosition: 'TRIM_HORIZON' } };
    const text = samJson({ Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Events: { Changes: changes } } } });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '"Changes"');
    assert.equal(
      fixed(files, 'template.json'),
      text.replace('"StartingPosition": "TRIM_HORIZON" }', '"StartingPosition": "TRIM_HORIZON", "MaximumRetryAttempts": 3, "BisectBatchOnFunctionError": true }'),
    );
  });

  it('CFN YAML: an EventSourceMapping on a Kinesis stream fires at the mapping id', () => {
    const text = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler }
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Stream.Arn
      StartingPosition: LATEST
      BisectBatchOnFunctionError: true
`;
    const files = { 'template.yaml': text };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'Mapping');
    assert.equal(f.fixes?.[0].title, 'Set MaximumRetryAttempts: 3 (then add an on-failure destination)');
    assert.equal(fixed(files, 'template.yaml'), text + '      MaximumRetryAttempts: 3\n');
  });

  it('CFN JSON: a mapping with MaximumRecordAgeInSeconds is quiet', () => {
    const text = `{"Resources": {
  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "i.h"}},
  "M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Fn"}, "EventSourceArn": "arn:aws:kinesis:us-east-1:1:stream/s", "MaximumRecordAgeInSeconds": 600}}
}}`;
    assert.equal(run({ 'template.json': text }, 'template.json').length, 0);
    assert.equal(run({ 'template.json': text.replace(', "MaximumRecordAgeInSeconds": 600', '') }, 'template.json').length, 1);
  });

  it('Serverless: camelCase settings; a bare `stream: arn` fires without a fix; destinations.onFailure is quiet', () => {
    const text = (ev: string) => serverless(slsFn('consumer', 'h.consumer', `    events:\n${ev}`), { runtime: null });
    const mapForm = `      - stream:
          type: dynamodb
          arn: arn:aws:dynamodb:us-east-1:1:table/t/stream/x
`;
    const files = { 'serverless.yml': text(mapForm) };
    const [f] = run(files, 'serverless.yml');
    assert.equal(rangeText(files, f), 'stream');
    assert.match(f.message, /missing maximumRetryAttempts or maximumRecordAgeInSeconds, bisectBatchOnFunctionError, destinations\.onFailure$/);
    assert.equal(fixed(files, 'serverless.yml'), text(mapForm + '          maximumRetryAttempts: 3\n          bisectBatchOnFunctionError: true\n'));
    const bare = { 'serverless.yml': text('      - stream: arn:aws:kinesis:us-east-1:1:stream/s\n') };
    assert.equal(run(bare, 'serverless.yml')[0].fixes, undefined);
    assert.equal(run({ 'serverless.yml': text(mapForm + '          destinations:\n            onFailure: arn:aws:sqs:us-east-1:1:q\n') }, 'serverless.yml').length, 0);
  });
});
