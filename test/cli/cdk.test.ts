// The CLI reads cdk.out only when .lambda-audit.yaml opts in with `include: [cdk.out]`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { cli, ensureBuilt, tmpDir } from './run';

const SOURCE = 'import boto3\n\ndef handler(event, context):\n    return boto3.client("s3").list_buckets()\n';
const TEMPLATE = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Bucket: 'b', S3Key: 'aaa111.zip' }, Handler: 'index.handler', Runtime: 'python3.12', Role: 'arn:aws:iam::123456789012:role/r' },
      Metadata: { 'aws:cdk:path': 'AppStack/Fn/Resource', 'aws:asset:path': 'asset.aaa111', 'aws:asset:property': 'Code' },
    },
  },
};

function project(): string {
  const dir = tmpDir();
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('src/fn/index.py', SOURCE);
  write('cdk.out/asset.aaa111/index.py', SOURCE);
  write('cdk.out/AppStack.template.json', JSON.stringify(TEMPLATE, null, 2));
  return dir;
}

/** Files with an LA101 finding, and each function's handler file, from the JSON report. */
function report(dir: string): { la101: string[]; handlers: Array<[string, string | undefined]> } {
  const r = cli(['--format', 'json', '--fail-on', 'never'], dir);
  const json = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; path: string }>; functions: Array<{ id: string; handlerFile?: string }> };
  return { la101: json.findings.filter((f) => f.ruleId === 'LA101').map((f) => f.path), handlers: json.functions.map((f) => [f.id, f.handlerFile]) };
}

describe('CLI: CDK output', () => {
  before(ensureBuilt);

  it('include: [cdk.out] in .lambda-audit.yaml links the source to the CDK function; without it cdk.out is skipped', () => {
    const dir = project();
    assert.deepEqual(report(dir), { la101: ['src/fn/index.py'], handlers: [] });
    fs.writeFileSync(path.join(dir, '.lambda-audit.yaml'), 'include: [cdk.out]\n');
    assert.deepEqual(report(dir), { la101: ['src/fn/index.py'], handlers: [['Fn', 'src/fn/index.py']] });
  });
});
