import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { resource, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA210';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const vpc = '      VpcConfig:\n        SubnetIds: [subnet-1, subnet-2]\n        SecurityGroupIds: [sg-1]\n';
/** Orders with `extra` property lines (its VpcConfig by default) and `env` variable lines, a Table, then `more` resources. */
const sam = (extra = vpc, env = '          TABLE_NAME: !Ref Table\n', more = '') =>
  samTemplate(samFn('Orders', { codeUri: 'src/', props: extra, environment: env }) + resource('Table', 'AWS::DynamoDB::Table') + more);

const dynamoCode = 'import boto3\n\ntable = boto3.resource("dynamodb").Table("t")\n\ndef handler(event, context):\n    return table.get_item(Key={"id": event["id"]})\n';

describe('LA210 vpc-without-need', () => {
  it('SAM YAML: a DynamoDB-only function in a VPC fires at VpcConfig, as info', () => {
    const files = { 'template.yaml': sam(), 'src/app.py': dynamoCode };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'VpcConfig');
    assert.match(f.message, /^Orders is attached to a VPC but neither the template nor its code reaches anything that lives in one .*Remove VpcConfig unless/);
  });

  it('quiet: code that imports a database driver, or lists one in requirements.txt', () => {
    const pg = 'import psycopg2\n\nconn = psycopg2.connect()\n\ndef handler(event, context):\n    return 1\n';
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': pg }, 'template.yaml').length, 0);
    const lazy = 'def handler(event, context):\n    import redis\n    return redis.Redis().get("k")\n';
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': lazy }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': dynamoCode, 'src/requirements.txt': 'psycopg2-binary==2.9\n' }, 'template.yaml').length, 0);
    // A helper module of the same code directory counts too.
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': dynamoCode, 'src/db.py': 'import pymysql\n' }, 'template.yaml').length, 0);
  });

  it('quiet: an in-VPC resource in the template, an env var that names one, a private address in env or code', () => {
    const rds = '  Db:\n    Type: AWS::RDS::DBInstance\n';
    assert.equal(run({ 'template.yaml': sam(vpc, undefined, rds), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(vpc, '          DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:1:secret:x\n'), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(vpc, '          BACKEND_URL: http://10.0.3.7:8080/api\n'), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
    const internal = dynamoCode + '\nBACKEND = "https://billing.corp.internal/v1"\n';
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': internal }, 'template.yaml').length, 0);
  });

  it('quiet when unsure: unreadable code, EFS, an unresolvable VpcConfig, and no VpcConfig at all', () => {
    assert.equal(run({ 'template.yaml': sam() }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(), 'src/app.py': 'def handler(event, context)\n    return 1\n' }, 'template.yaml').length, 0);
    const efs = vpc + '      FileSystemConfigs:\n        - Arn: arn:aws:elasticfilesystem:eu-west-1:1:access-point/fsap-1\n          LocalMountPath: /mnt/x\n';
    assert.equal(run({ 'template.yaml': sam(efs), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('      VpcConfig: !If [InVpc, {SubnetIds: [s]}, !Ref AWS::NoValue]\n'), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(''), 'src/app.py': dynamoCode }, 'template.yaml').length, 0);
  });

  it('SAM: VpcConfig from Globals fires at the function, with the shared block related', () => {
    const text = sam('').replace('Resources:\n', `Globals:\n  Function:\n${vpc.replace(/^ {6}/gm, '    ')}Resources:\n`);
    const files = { 'template.yaml': text, 'src/app.py': dynamoCode };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'Orders');
    assert.match(f.message, /\(VpcConfig from Globals\)/);
    assert.equal(f.related?.[0].message, 'Shared VpcConfig');
  });

  it('SAM JSON and CFN JSON: JavaScript code with and without a driver', () => {
    const js = 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nconst c = new DynamoDBClient({});\nexport const handler = async () => c;\n';
    const text = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: { CodeUri: 'fn/', Handler: 'index.handler', Runtime: 'nodejs22.x', VpcConfig: { SubnetIds: ['s'], SecurityGroupIds: ['g'] } },
        },
      },
    }, null, 2);
    const files = { 'template.json': text, 'fn/index.mjs': js };
    assert.deepEqual(run(files, 'template.json').map((f) => rangeText(files, f)), ['"VpcConfig"']);
    assert.equal(run({ ...files, 'fn/index.mjs': 'import Redis from "ioredis";\n' + js }, 'template.json').length, 0);
    const cfn = text.replace('"Transform": "AWS::Serverless-2016-10-31",\n  ', '').replace('AWS::Serverless::Function', 'AWS::Lambda::Function').replace('"CodeUri": "fn/"', '"Code": "fn/"');
    assert.equal(run({ 'template.json': cfn, 'fn/index.mjs': js }, 'template.json').length, 1);
  });

  it('CFN YAML: inline code is not read, so it stays quiet', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: python3.13\n${vpc}      Code:\n        ZipFile: "def handler(e, c): pass"\n`;
    assert.equal(run({ 'template.yaml': cfn }, 'template.yaml').length, 0);
  });

  it('serverless.yml: provider vpc fires at each function that needs nothing; a pg dependency keeps it quiet', () => {
    const sls = serverless(slsFn('hello', 'handler.hello'), { provider: '  vpc:\n    securityGroupIds: [sg-1]\n    subnetIds: [subnet-1]\n' });
    const code = 'exports.hello = async () => ({ statusCode: 200 });\n';
    const files = { 'serverless.yml': sls, 'handler.js': code };
    const [f] = run(files, 'serverless.yml');
    assert.equal(rangeText(files, f), 'hello');
    assert.match(f.message, /\(vpc from provider\).*Remove vpc unless/);
    const pkg = JSON.stringify({ name: 's', dependencies: { pg: '^8.0.0' } });
    assert.equal(run({ ...files, 'package.json': pkg }, 'serverless.yml').length, 0);
    assert.equal(run({ 'serverless.yml': sls.replace(/ {2}vpc:\n.*\n.*\n/, '  vpc: ${file(vpc.yml)}\n'), 'handler.js': code }, 'serverless.yml').length, 0);
  });
});
