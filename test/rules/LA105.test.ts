import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, type Files } from '../helpers/engine';
import type { Finding } from '../../server/src/engine/types';

const all = (files: Files, file: string): Finding[] => findings(files, file, 'LA105', onlyRule('LA105'));
const covered = (files: Files, file: string) => all(files, file).map((f) => rangeText(files, f));

/** Applies the fix of the one finding, checks the result parses and is clean, returns the new text. */
function fixed(file: string, text: string): string {
  const files = { [file]: text };
  const fs = all(files, file);
  assert.equal(fs.length, 1, fs.map((f) => f.message).join(' | '));
  assert.equal(fs[0].fixes?.[0].title, 'Re-raise the exception');
  const after = applyFix(files, fs[0].fixes![0]);
  assertParses(file, after[file]);
  assert.deepEqual(all(after, file), []);
  return after[file];
}

describe('LA105 swallowed-error', () => {
  it('Python: bare except: pass, except Exception that logs then returns success, in the handler and a helper', () => {
    const files = {
      'app.py': `import logging
logger = logging.getLogger()

def save(item):
    try:
        write(item)
    except:
        pass

def lambda_handler(event, context):
    try:
        save(event)
    except Exception as e:
        logger.exception("failed: %s", e)
        return {"statusCode": 200}
    return {"statusCode": 200}
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['except Exception as e', 'except']);
    const f = all(files, 'app.py')[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'This `except Exception` only logs the error and the invocation still succeeds, so Lambda never retries it and no dead-letter queue or failure destination sees it. Re-raise it (`raise`), or return a failure (a statusCode of 400 or more, or batchItemFailures for batch sources).');
  });

  it('Python quiet: re-raise, failure status, batchItemFailures, a send to a DLQ, a narrow expected exception with a fallback', () => {
    const files = {
      'app.py': `import boto3
sqs = boto3.client("sqs")

def lambda_handler(event, context):
    failures = []
    try:
        a = event["a"]
    except KeyError:
        a = None
    try:
        work(a)
    except Exception:
        logger.error("boom")
        raise
    try:
        work(a)
    except Exception as e:
        return {"statusCode": 500, "body": str(e)}
    for record in event["Records"]:
        try:
            work(record)
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    try:
        work(a)
    except Exception as e:
        sqs.send_message(QueueUrl=DLQ, MessageBody=str(e))
    return {"batchItemFailures": failures}
`,
    };
    assert.deepEqual(covered(files, 'app.py'), []);
  });

  it('Python fix: a lone pass becomes raise; a log line is followed by raise; a success return is replaced', () => {
    assert.equal(
      fixed('app.py', `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception:\n        pass\n    return 1\n`),
      `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception:\n        raise\n    return 1\n`,
    );
    assert.equal(
      fixed('app.py', `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception as e:\n        print(e)\n    return 1\n`),
      `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception as e:\n        print(e)\n        raise\n    return 1\n`,
    );
    assert.equal(
      fixed('app.py', `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception as e:\n        print(e)\n        return {"statusCode": 200}\n`),
      `def lambda_handler(event, context):\n    try:\n        work()\n    except Exception as e:\n        print(e)\n        raise\n`,
    );
  });

  it('JavaScript: empty catch, catch that logs, .catch(() => {}); exact fixes', () => {
    const src = `exports.handler = async (event) => {
  try {
    await work(event);
  } catch (e) {
    console.log(e);
  }
  return { statusCode: 200 };
};
`;
    assert.deepEqual(covered({ 'index.js': src }, 'index.js'), ['catch (e)']);
    assert.equal(
      fixed('index.js', src),
      `exports.handler = async (event) => {
  try {
    await work(event);
  } catch (e) {
    console.log(e);
    throw e;
  }
  return { statusCode: 200 };
};
`,
    );
    assert.equal(
      fixed('index.js', `exports.handler = async (event) => {\n  try { await work(event); } catch {}\n  return 1;\n};\n`),
      `exports.handler = async (event) => {\n  try { await work(event); } catch (err) { throw err; }\n  return 1;\n};\n`,
    );
    assert.equal(
      fixed('index.js', `exports.handler = async (event) => {\n  await work(event).catch(() => {});\n  return 1;\n};\n`),
      `exports.handler = async (event) => {\n  await work(event).catch((err) => { throw err; });\n  return 1;\n};\n`,
    );
  });

  it('TypeScript quiet: rethrow, failure status, batchItemFailures, SendMessageCommand; fires on a multi-line empty catch with exact fix', () => {
    const quiet = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event: { Records: { messageId: string }[] }) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    try { await work(r); } catch (e) { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  try { await work(event); } catch (e) { console.error(e); throw e; }
  try { await work(event); } catch (e) { return { statusCode: 502 }; }
  try { await work(event); } catch (e) { await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: String(e) })); }
  return { batchItemFailures };
};
`;
    assert.deepEqual(covered({ 'handler.ts': quiet }, 'handler.ts'), []);
    assert.equal(
      fixed('handler.ts', `export const handler = async (event: unknown) => {\n  try {\n    await work(event);\n  } catch {\n  }\n};\n`),
      `export const handler = async (event: unknown) => {\n  try {\n    await work(event);\n  } catch (err) {\n    throw err;\n  }\n};\n`,
    );
  });
});

describe('LA105 swallowed-error: handlers behind a default export and a barrel file', () => {
  // Modelled on Serverless Framework TypeScript examples: serverless.yml names `handler.consumer`,
  // handler.ts re-exports the default export of the consumer module.
  const consumer = `const consumer = async (event) => {
  try {
    for (const r of event.Records) process(r);
  } catch (error) {
    console.log(error);
  }
};

export default consumer;
`;
  const yml = (handler: string) => `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  consumer:\n    handler: ${handler}\n`;

  it('fires in the module a barrel re-exports the handler from', () => {
    const files = {
      'serverless.yml': yml('handler.consumer'),
      'handler.ts': `export { default as consumer } from './kinesis/consumer';\n`,
      'kinesis/consumer.ts': consumer,
    };
    assert.deepEqual(covered(files, 'kinesis/consumer.ts'), ['catch (error)']);
    assert.deepEqual(all(files, 'handler.ts'), []);
  });

  it('fires for `handler: file.default` on `export default name`, and on an exported default arrow', () => {
    assert.equal(all({ 'serverless.yml': yml('kinesis/consumer.default'), 'kinesis/consumer.ts': consumer }, 'kinesis/consumer.ts').length, 1);
    const arrow = { 'serverless.yml': yml('app.default'), 'app.mjs': `export default async (event) => {\n  try { await work(event); } catch (e) { console.log(e); }\n};\n` };
    assert.equal(all(arrow, 'app.mjs').length, 1);
  });

  it('stays quiet when the re-exported consumer re-throws', () => {
    const files = {
      'serverless.yml': yml('handler.consumer'),
      'handler.ts': `export { default as consumer } from './kinesis/consumer';\n`,
      'kinesis/consumer.ts': consumer.replace('console.log(error);', 'console.log(error);\n    throw error;'),
    };
    assert.deepEqual(all(files, 'kinesis/consumer.ts'), []);
  });
});

describe('LA105 swallowed-error: where the returned value goes', () => {
  // Modelled on serverless-patterns sqs-lambda-python-sam: the helper's except returns a failure
  // marker that the handler turns into batchItemFailures.
  const helper = `import logging
logger = logging.getLogger()

def process_sqs_message(record):
    try:
        work(record['body'])
        return {"success": True}
    except Exception as error:
        logger.error(f"Failed to process record {record['messageId']}: {error}")
        return {"success": False}

def lambda_handler(event, context):
    batch_item_failures = []
    for record in event['Records']:
CALL
    return {"batchItemFailures": batch_item_failures}
`;
  const checked = "        result = process_sqs_message(record)\n        if not result['success']:\n            batch_item_failures.append({\"itemIdentifier\": record['messageId']})";

  it('Python quiet: the helper returns {"success": False} and the handler checks it', () => {
    assert.deepEqual(all({ 'app.py': helper.replace('CALL', checked) }, 'app.py'), []);
    // Checked in place, without a name.
    const inPlace = "        if not process_sqs_message(record)['success']:\n            batch_item_failures.append({\"itemIdentifier\": record['messageId']})";
    assert.deepEqual(all({ 'app.py': helper.replace('CALL', inPlace) }, 'app.py'), []);
  });

  it('Python fires: the handler drops the helper result, stores it unread, or returns a failure marker itself', () => {
    const dropped = { 'app.py': helper.replace('CALL', '        process_sqs_message(record)') };
    assert.deepEqual(covered(dropped, 'app.py'), ['except Exception as error']);
    const unread = { 'app.py': helper.replace('CALL', '        result = process_sqs_message(record)') };
    assert.deepEqual(covered(unread, 'app.py'), ['except Exception as error']);
    const own = { 'app.py': `def lambda_handler(event, context):\n    try:\n        work(event)\n    except Exception as e:\n        print(e)\n        return {"success": False}\n` };
    assert.deepEqual(covered(own, 'app.py'), ['except Exception as e']);
  });

  // Modelled on serverless/examples aws-node-dynamodb-stream-processing.
  const stream = `export const handler = async (event) => {
  const results = await Promise.all(
    event.Records.map(async (record) => {
      try {
        return await archive(record);
      } catch (err) {
        console.error('Error', err);
        return err;
      }
    })
  );
  return results;
};
`;

  it('JavaScript fires: a Promise.all(records.map(...)) callback whose catch logs and returns the error; the fix throws it', () => {
    const files = { 'handler.js': stream };
    const [f] = all(files, 'handler.js');
    assert.equal(rangeText(files, f), 'catch (err)');
    assert.match(f.message, /^This catch returns the error as a value from a Promise\.all\(\.\.\.map\(\.\.\.\)\) callback/);
    assert.equal(fixed('handler.js', stream), stream.replace('        return err;', '        throw err;'));
  });

  it('JavaScript quiet: the same catch in a plain map (no Promise.all), or in a helper whose caller receives the error', () => {
    const plain = `export const handler = async (event) => {\n  const parsed = event.Records.map((r) => {\n    try {\n      return JSON.parse(r.body);\n    } catch (err) {\n      return err;\n    }\n  });\n  return { batchItemFailures: parsed.filter((p) => p instanceof Error).map(() => ({ itemIdentifier: '' })) };\n};\n`;
    assert.deepEqual(all({ 'handler.js': plain }, 'handler.js'), []);
    const helperJs = `async function archive(record) {\n  try {\n    return await put(record);\n  } catch (err) {\n    console.error(err);\n    return err;\n  }\n}\nexport const handler = async (event) => {\n  const r = await archive(event);\n  if (r instanceof Error) throw r;\n  return r;\n};\n`;
    assert.deepEqual(all({ 'handler.js': helperJs }, 'handler.js'), []);
  });
});
