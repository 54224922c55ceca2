import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { resource, samEvent, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA304';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Bucket Uploads triggering Fn (code in src/) through its S3 event Upload; `filter`: more lines of the event's Properties, `env`: variable lines. */
const s3 = (filter = '', env = '          OUT: !Ref Uploads\n', runtime = 'python3.13', handler = 'app.handler') =>
  samTemplate(
    resource('Uploads', 'AWS::S3::Bucket') +
      samFn('Fn', { codeUri: 'src/', handler, runtime, environment: env, events: samEvent('Upload', 'S3', { Bucket: '!Ref Uploads', Events: 's3:ObjectCreated:*' }) + filter }),
  );

const PY = (key: string) => `import os
import boto3

s3 = boto3.client("s3")
OUT = os.environ["OUT"]

def handler(event, context):
    s3.put_object(Bucket=OUT, Key=${key}, Body=b"x")
`;
const PREFIX = '            Filter:\n              S3Key:\n                Rules:\n                  - Name: prefix\n                    Value: incoming/\n';

describe('LA304 recursive-trigger', () => {
  it('Python: put_object to the bucket whose S3 event triggers the function, through an env var set to !Ref', () => {
    const files = { 'template.yaml': s3(), 'src/app.py': PY('f"thumbs/{name}"') };
    const [f, ...rest] = run(files, 'src/app.py');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, f), 's3.put_object');
    assert.equal(f.message, 'Fn writes to bucket Uploads, which triggers it (event Upload): each write can invoke the function again, a recursive loop. Write elsewhere, or filter the event so the function\'s own output does not match.');
    assert.equal(f.related?.[0].file, '/ws/template.yaml');
    assert.equal(rangeText(files, { ...f, file: '/ws/template.yaml', range: f.related![0].range }), 'Upload');
  });

  it('quiet: the written key is outside the event prefix; fires when it is inside or unknown', () => {
    assert.equal(run({ 'template.yaml': s3(PREFIX), 'src/app.py': PY('f"thumbs/{name}"') }, 'src/app.py').length, 0);
    assert.equal(run({ 'template.yaml': s3(PREFIX), 'src/app.py': PY('f"incoming/{name}"') }, 'src/app.py').length, 1);
    assert.equal(run({ 'template.yaml': s3(PREFIX), 'src/app.py': PY('key') }, 'src/app.py').length, 1);
  });

  it('quiet: writing to another bucket', () => {
    const tpl = s3('', '          OUT: !Ref Other\n').replace('Resources:\n', 'Resources:\n  Other:\n    Type: AWS::S3::Bucket\n');
    assert.equal(run({ 'template.yaml': tpl, 'src/app.py': PY('"a"') }, 'src/app.py').length, 0);
  });

  it('JS v3: SendMessageCommand to the triggering queue; self-invoke through AWS_LAMBDA_FUNCTION_NAME', () => {
    const tpl = samTemplate(
      resource('Q', 'AWS::SQS::Queue') +
        samFn('Fn', {
          codeUri: 'src/',
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          environment: { QUEUE_URL: '!Ref Q' },
          events: samEvent('Jobs', 'SQS', { Queue: '!GetAtt Q.Arn' }),
        }),
    );
    const js = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const sqs = new SQSClient({});
const { QUEUE_URL } = process.env;
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: 'again' }));
  await new LambdaClient({}).send(new InvokeCommand({ FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME }));
};
`;
    const files = { 'template.yaml': tpl, 'src/index.mjs': js };
    const fs = run(files, 'src/index.mjs');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['new SendMessageCommand', 'new InvokeCommand']);
    assert.match(fs[1].message, /^Fn invokes itself/);
    const other = js.replace('QueueUrl: QUEUE_URL', "QueueUrl: 'https://sqs/other'");
    assert.equal(run({ ...files, 'src/index.mjs': other }, 'src/index.mjs').length, 1);
  });

  it('serverless.yml: s3 event by bucket name and a literal write', () => {
    const sls = serverless(slsFn('resize', 'app.handler', '    events:\n      - s3: photos-bucket\n'), { runtime: 'python3.13' });
    const py = 'import boto3\ns3 = boto3.client("s3")\ndef handler(event, context):\n    s3.upload_file("/tmp/x", "photos-bucket", "out.jpg")\n';
    const files = { 'serverless.yml': sls, 'app.py': py };
    const [f] = run(files, 'app.py');
    assert.equal(rangeText(files, f), 's3.upload_file');
    assert.equal(run({ ...files, 'app.py': py.replace('"photos-bucket"', '"thumbs-bucket"') }, 'app.py').length, 0);
  });

  it('JS v2: putObject(params) back to the bucket named in the S3 event record; quiet for a derived bucket name', () => {
    // Modeled on the thumbnail sample: the params object is bound to a variable first.
    const js = (bucket: string) => `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (event) => {
  const srcBucket = event.Records[0].s3.bucket.name;
  const dstBucket = srcBucket + '-resized';
  const params = { Bucket: ${bucket}, Key: 'resized-' + event.Records[0].s3.object.key, Body: 'x' };
  await s3.putObject(params).promise();
};
`;
    const tpl = s3('', '          OTHER: x\n', 'nodejs20.x');
    const files = { 'template.yaml': tpl, 'src/app.js': js('srcBucket') };
    const fs = run(files, 'src/app.js');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['s3.putObject']);
    assert.match(fs[0].message, /^Fn writes to bucket Uploads, which triggers it \(event Upload\)/);
    assert.equal(run({ ...files, 'src/app.js': js('dstBucket') }, 'src/app.js').length, 0);
  });

  it('Python: upload_file to record["s3"]["bucket"]["name"] fires; outside the event prefix it is quiet', () => {
    const py = (key: string) => `import boto3
s3 = boto3.client("s3")
def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        s3.upload_file("/tmp/out.png", bucket, ${key})
`;
    const tpl = s3(PREFIX, '          OTHER: x\n');
    const files = { 'template.yaml': tpl, 'src/app.py': py('"incoming/out.png"') };
    assert.deepEqual(run(files, 'src/app.py').map((f) => rangeText(files, f)), ['s3.upload_file']);
    assert.equal(run({ ...files, 'src/app.py': py('"thumbs/out.png"') }, 'src/app.py').length, 0);
  });
});
