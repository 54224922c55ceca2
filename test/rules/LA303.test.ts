import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { resource, samEvent, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA303';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Queue and Fn (code in src/) with its SQS event Jobs; `types`: more lines of the event's Properties (at 12 spaces). */
const sam = (types: string, runtime = 'python3.13', handler = 'app.handler') =>
  samTemplate(resource('Queue', 'AWS::SQS::Queue') + samFn('Fn', { codeUri: 'src/', handler, runtime, events: samEvent('Jobs', 'SQS', { Queue: '!GetAtt Queue.Arn' }) + types }));
const ON = '            FunctionResponseTypes:\n              - ReportBatchItemFailures\n';

const PY_NONE = 'def handler(event, context):\n    for r in event["Records"]:\n        work(r)\n';
const PY_PARTIAL = `def handler(event, context):
    failures = []
    for r in event["Records"]:
        failures.append({"itemIdentifier": r["messageId"]})
    return {"batchItemFailures": failures}
`;

describe('LA303 batch-failure-mismatch', () => {
  it('setting on, handler never returns batchItemFailures: both sides, linked', () => {
    const files = { 'template.yaml': sam(ON), 'src/app.py': PY_NONE };
    const [t, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, t), '- ReportBatchItemFailures');
    assert.match(t.message, /^Fn's SQS source Jobs sets ReportBatchItemFailures, but the handler handler never returns batchItemFailures/);
    assert.equal(t.related?.[0].file, '/ws/src/app.py');
    const [c] = run(files, 'src/app.py');
    assert.equal(rangeText(files, c), 'handler');
    assert.equal(c.related?.[0].file, '/ws/template.yaml');
  });

  it('quiet: handler returns batchItemFailures, uses Powertools, or another code file builds the response', () => {
    assert.equal(run({ 'template.yaml': sam(ON), 'src/app.py': PY_PARTIAL }, 'template.yaml').length, 0);
    const pt = 'from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response\nprocessor = BatchProcessor(event_type=EventType.SQS)\ndef handler(event, context):\n    return process_partial_response(event=event, record_handler=h, processor=processor, context=context)\n';
    assert.equal(run({ 'template.yaml': sam(ON), 'src/app.py': pt }, 'template.yaml').length, 0);
    const delegated = { 'template.yaml': sam(ON), 'src/app.py': 'from lib import run\ndef handler(event, context):\n    return run(event)\n', 'src/lib.py': PY_PARTIAL.replace('def handler(event, context)', 'def run(event)') };
    assert.equal(run(delegated, 'template.yaml').length, 0);
  });

  it('reverse: handler returns batchItemFailures but the source lacks the setting (JS)', () => {
    const js = 'export const handler = async (event) => {\n  return { batchItemFailures: [] };\n};\n';
    const files = { 'template.yaml': sam('', 'nodejs22.x', 'index.handler'), 'src/index.mjs': js };
    const [t] = run(files, 'template.yaml');
    assert.equal(rangeText(files, t), 'Jobs');
    assert.match(t.message, /lacks FunctionResponseTypes: \[ReportBatchItemFailures\]/);
    const [c] = run(files, 'src/index.mjs');
    assert.equal(rangeText(files, c), 'batchItemFailures');
    assert.equal(run({ ...files, 'template.yaml': sam(ON, 'nodejs22.x', 'index.handler') }, 'src/index.mjs').length, 0);
  });

  it('quiet: no batch event source (an API function returning the key proves nothing)', () => {
    const api = sam('').replace('          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue.Arn\n', '          Type: Api\n          Properties:\n            Path: /\n            Method: get\n');
    assert.equal(run({ 'template.yaml': api, 'src/app.py': PY_PARTIAL }, 'template.yaml').length, 0);
  });

  it('CloudFormation EventSourceMapping (JSON) and serverless.yml', () => {
    const cfn = JSON.stringify({
      Resources: {
        Stream: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1 } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: 'src', Handler: 'app.handler', Runtime: 'python3.13', Role: 'arn:aws:iam::1:role/r' } },
        Map: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Stream', 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'] } },
      },
    }, null, 2);
    const files = { 'template.json': cfn, 'src/app.py': PY_NONE };
    const [t] = run(files, 'template.json');
    assert.match(t.message, /Kinesis source Map sets ReportBatchItemFailures/);
    const sls = serverless(slsFn('w', 'app.handler', '    events:\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n'), { runtime: 'python3.13' });
    const [s] = run({ 'serverless.yml': sls, 'app.py': PY_PARTIAL }, 'serverless.yml');
    assert.equal(rangeText({ 'serverless.yml': sls }, s), 'sqs');
    assert.match(s.message, /lacks functionResponseType: ReportBatchItemFailures/);
    const slsOn = sls + '          functionResponseType: ReportBatchItemFailures\n';
    assert.equal(run({ 'serverless.yml': slsOn, 'app.py': PY_PARTIAL }, 'serverless.yml').length, 0);
  });
});
