import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const covered = (files: Files, file: string) => findings(files, file, 'LA113', onlyRule('LA113')).map((f) => rangeText(files, f));

describe('LA113 reserved-env-var-write', () => {
  it('Python: subscript assignment, del, update, putenv of reserved names; module scope too', () => {
    const files = {
      'app.py': `import os
from os import environ as env
os.environ["AWS_REGION"] = "eu-west-1"

def lambda_handler(event, context):
    env["AWS_ACCESS_KEY_ID"] = event["key"]
    del os.environ["_X_AMZN_TRACE_ID"]
    os.environ.update(LAMBDA_TASK_ROOT="/x", MY_SETTING="1")
    os.putenv("AWS_LAMBDA_FUNCTION_NAME", "other")
    return os.environ["AWS_REGION"]
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['os.environ["AWS_REGION"]', 'env["AWS_ACCESS_KEY_ID"]', 'os.environ["_X_AMZN_TRACE_ID"]', 'LAMBDA_TASK_ROOT', 'os.putenv("AWS_LAMBDA_FUNCTION_NAME", "other")']);
    const f = findings(files, 'app.py', 'LA113', onlyRule('LA113'))[0];
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /AWS_REGION, a reserved Lambda environment variable .* pass region_name= to the client/);
  });

  it('Python quiet: non-reserved names, reads of reserved ones, a dict that is not os.environ', () => {
    const files = {
      'app.py': `import os
environ = {}
os.environ["MY_REGION"] = "eu-west-1"
os.environ["AWS_XRAY_CONTEXT_MISSING"] = "LOG_ERROR"

def lambda_handler(event, context):
    environ["AWS_REGION"] = "x"
    region = os.environ["AWS_REGION"]
    return os.environ.get("AWS_LAMBDA_FUNCTION_NAME", region)
`,
    };
    assert.deepEqual(covered(files, 'app.py'), []);
  });

  it('JavaScript: process.env assignment, delete, Object.assign', () => {
    const files = {
      'index.js': `process.env.AWS_REGION = 'us-east-1';
exports.handler = async (event) => {
  delete process.env['AWS_SESSION_TOKEN'];
  Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'local', TZ: 'Europe/Paris', APP_MODE: 'x' });
  process.env.APP_MODE = 'y';
  return process.env.AWS_REGION;
};
`,
    };
    assert.deepEqual(covered(files, 'index.js'), ['process.env.AWS_REGION', "process.env['AWS_SESSION_TOKEN']", 'AWS_LAMBDA_FUNCTION_NAME']); // TZ is not reserved (since 2023)
  });

  it('TypeScript: fires on a reserved name, quiet on an own variable and a local env object', () => {
    const files = {
      'handler.ts': `import { env } from 'node:process';
export const handler = async (event: { id: string }) => {
  env.AWS_LAMBDA_LOG_GROUP_NAME = 'mine';
  const local: Record<string, string> = {};
  local.AWS_REGION = 'x';
  process.env.ORDER_ID = event.id;
  return 1;
};
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), ['env.AWS_LAMBDA_LOG_GROUP_NAME']);
  });
});
