import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const only = onlyRule('LA112');

function covered(files: Files, file: string): string[] {
  return findings(files, file, 'LA112', only).map((f) => rangeText(files, f));
}

describe('LA112 async-pitfall: fires', () => {
  it('an async forEach callback, in the handler and in a helper it calls', () => {
    const files = {
      'h.mjs': `async function save(item) { return item; }
function saveAll(items) {
  items.forEach(async (i) => { await save(i); });
}
export const handler = async (event) => {
  event.Records.forEach(async (r) => {
    await save(r);
  });
  saveAll(event.items);
  return 'ok';
};
`,
    };
    const fs = findings(files, 'h.mjs', 'LA112', only);
    assert.deepEqual(fs.map((f) => rangeText(files, f).split('\n')[0]), ['event.Records.forEach(async (r) => {', 'items.forEach(async (i) => { await save(i); })']);
    assert.equal(fs[0].severity, 'warning');
    assert.match(fs[0].message, /^event\.Records\.forEach\(async \.\.\.\): forEach does not wait for async callbacks, so handler can return before they finish/);
  });

  it('promise-returning calls left as bare statements: SDK v3 send, v2 .promise(), fetch, a local async function', () => {
    const files = {
      'h.ts': `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { SQS } from 'aws-sdk';
const s3 = new S3Client({});
const sqs = new SQS();
async function audit(e: unknown) { return e; }
export const handler = async (event: any) => {
  s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
  sqs.sendMessage({ QueueUrl: 'q', MessageBody: 'm' }).promise();
  fetch('https://hooks.example.com', { method: 'POST' });
  audit(event);
  return { statusCode: 200 };
};
`,
    };
    const fs = findings(files, 'h.ts', 'LA112', only);
    assert.deepEqual(fs.map((f) => rangeText(files, f)), [
      "s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }))",
      "sqs.sendMessage({ QueueUrl: 'q', MessageBody: 'm' }).promise()",
      "fetch('https://hooks.example.com', { method: 'POST' })",
      'audit(event)',
    ]);
    assert.match(fs[0].message, /^s3\.send\(\.\.\.\) returns a promise nobody awaits/);
  });

  it('an async handler that also takes a callback, whether it calls it or not', () => {
    const files = {
      'a.js': `exports.handler = async (event, context, callback) => {\n  callback(null, { ok: true });\n};\n`,
      'b.js': `exports.handler = async function (event, context, done) {\n  return 1;\n};\n`,
    };
    assert.deepEqual(covered(files, 'a.js'), ['callback']);
    assert.match(findings(files, 'a.js', 'LA112', only)[0].message, /is async and also calls callback/);
    assert.deepEqual(covered(files, 'b.js'), ['done']);
    assert.match(findings(files, 'b.js', 'LA112', only)[0].message, /ignores the callback/);
  });
});

describe('LA112 async-pitfall: quiet', () => {
  it('awaited, returned, Promise.all over map, for...of with await, explicit void, .then chains', () => {
    const files = {
      'h.mjs': `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
async function save(x) { return x; }
export const handler = async (event) => {
  await s3.send(new PutObjectCommand({}));
  await Promise.all(event.items.map(async (i) => save(i)));
  for (const r of event.Records) await save(r);
  event.items.forEach((i) => console.log(i));
  void fetch('https://metrics.example.com');
  const p = save(event);
  await p;
  return save(event);
};
`,
    };
    assert.deepEqual(covered(files, 'h.mjs'), []);
  });

  it('a synchronous callback handler, a send() that is not an SDK call, and Python modules', () => {
    const files = {
      'cb.js': `exports.handler = function (event, context, callback) {\n  socket.send('x');\n  callback(null, 1);\n};\n`,
      'app.py': 'import asyncio\n\ndef lambda_handler(event, context):\n    asyncio.sleep(1)\n    return 1\n',
    };
    assert.deepEqual(covered(files, 'cb.js'), []);
    assert.deepEqual(covered(files, 'app.py'), []);
  });
});
