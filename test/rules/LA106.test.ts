import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const covered = (files: Files, file: string) => findings(files, file, 'LA106', onlyRule('LA106')).map((f) => rangeText(files, f));

describe('LA106 sync-lambda-invoke', () => {
  it('Python: default and explicit RequestResponse on a boto3 lambda client; quiet on Event/DryRun and other clients', () => {
    const files = {
      'app.py': `import boto3
lambda_client = boto3.client("lambda")
sfn = boto3.client("stepfunctions")

class Runner:
    def invoke(self, **kw):
        return kw

runner = Runner()

def lambda_handler(event, context):
    a = lambda_client.invoke(FunctionName="worker", Payload=b"{}")
    b = lambda_client.invoke(FunctionName="worker", InvocationType="RequestResponse")
    lambda_client.invoke(FunctionName="worker", InvocationType="Event")
    lambda_client.invoke(FunctionName="worker", InvocationType="DryRun")
    runner.invoke(FunctionName="worker")
    sfn.start_execution(stateMachineArn="arn")
    return a, b
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['lambda_client.invoke', 'lambda_client.invoke']);
    const fs = findings(files, 'app.py', 'LA106', onlyRule('LA106'));
    assert.equal(fs[0].severity, 'info');
    assert.match(fs[0].message, /RequestResponse is the default .*InvocationType='Event'.* Step Functions/);
    assert.match(fs[1].message, /with InvocationType RequestResponse/);
  });

  it('JavaScript SDK v3 InvokeCommand and v2 AWS.Lambda().invoke; quiet with Event', () => {
    const files = {
      'index.js': `const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const AWS = require('aws-sdk');
const client = new LambdaClient({});
const v2 = new AWS.Lambda();
exports.handler = async (event) => {
  await client.send(new InvokeCommand({ FunctionName: 'worker', Payload: '{}' }));
  await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event' }));
  await v2.invoke({ FunctionName: 'worker' }).promise();
  await v2.invoke({ FunctionName: 'worker', InvocationType: 'Event' }).promise();
};
`,
    };
    assert.deepEqual(covered(files, 'index.js'), ['new InvokeCommand', 'v2.invoke']);
  });

  it('TypeScript: explicit RequestResponse fires; a Step Functions client and a non-literal type stay quiet', () => {
    const files = {
      'handler.ts': `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
const lambda = new LambdaClient({});
const sfn = new SFNClient({});
export const handler = async (event: { mode: 'Event' | 'RequestResponse' }) => {
  await lambda.send(new InvokeCommand({ FunctionName: 'a', InvocationType: 'RequestResponse' }));
  await lambda.send(new InvokeCommand({ FunctionName: 'a', InvocationType: event.mode }));
  await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: 'arn' }));
};
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), ['new InvokeCommand']);
  });
});
