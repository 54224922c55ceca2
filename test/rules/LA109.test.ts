import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';
import { ruleFindings } from './fixtures/LA108/run';

function la109(files: Files, handler: string) {
  return ruleFindings(files, handler, 'LA109');
}

function covered(files: Files, handler: string): string[] {
  return la109(files, handler).map((f) => `${f.file.slice(4)}:${rangeText(files, f)}`);
}

const template = (runtime: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: index.handler
      Runtime: ${runtime}
`;

const JS_HANDLER = `const { S3Client } = require('@aws-sdk/client-s3');\nconst AWS = require('aws-sdk');\nexports.handler = async (event) => [S3Client, AWS];\n`;
const JS_PKG = `{
  "dependencies": { "@aws-sdk/client-s3": "^3.600.0", "aws-sdk": "^2.1500.0", "jest": "^29.0.0", "@types/aws-lambda": "^8.10.0" },
  "devDependencies": { "typescript": "^5.4.0", "@aws-sdk/client-sqs": "^3.600.0" }
}
`;

describe('LA109 heavy-package: fires', () => {
  it('Python: boto3 in requirements.txt (with the trade-off in the message) and dev tools', () => {
    const files = {
      'fn/app.py': 'import boto3\n\ndef lambda_handler(event, context):\n    return boto3\n',
      'fn/requirements.txt': 'boto3==1.35.0\nrequests\npytest>=8\nmoto[s3]\nboto3-stubs[s3]\n',
    };
    assert.deepEqual(covered(files, 'fn/app.py'), ['fn/requirements.txt:boto3', 'fn/requirements.txt:pytest', 'fn/requirements.txt:moto', 'fn/requirements.txt:boto3-stubs']);
    const [sdk, dev] = la109(files, 'fn/app.py');
    assert.match(sdk.message, /^boto3 is already in the Lambda Python runtime\. Bundling it pins a known version .* adds about 80 MB/);
    assert.match(dev.message, /^pytest is a development tool.*requirements-dev\.txt/);
    assert.equal(sdk.fixes, undefined);
  });

  it('Node.js 20: @aws-sdk/* v3 in dependencies is provided by the runtime; jest and @types/* belong in devDependencies', () => {
    const files = { 'template.yaml': template('nodejs20.x'), 'fn/index.js': JS_HANDLER, 'fn/package.json': JS_PKG };
    assert.deepEqual(covered(files, 'fn/index.js'), ['fn/package.json:@aws-sdk/client-s3', 'fn/package.json:jest', 'fn/package.json:@types/aws-lambda']);
    const [sdk, dev] = la109(files, 'fn/index.js');
    assert.match(sdk.message, /already in the nodejs20\.x runtime \(AWS SDK for JavaScript v3\)/);
    assert.match(dev.message, /^jest is a development tool listed in dependencies.*Move it to devDependencies\./);
    assert.equal(sdk.functionId, 'Api');
  });

  it('Node.js 16: aws-sdk v2 in dependencies is provided by the runtime', () => {
    const files = { 'template.yaml': template('nodejs16.x'), 'fn/index.js': JS_HANDLER, 'fn/package.json': JS_PKG };
    assert.deepEqual(covered(files, 'fn/index.js'), ['fn/package.json:aws-sdk', 'fn/package.json:jest', 'fn/package.json:@types/aws-lambda']);
  });

  it('installed dependencies over the size budget, reported on the handler (visible in the editor)', () => {
    const files: Files = {
      'fn/index.js': `exports.handler = async (event) => 1;\n`,
      'fn/package.json': '{"dependencies": {}}',
      'fn/node_modules/big/index.js': 'x'.repeat(60_000),
      'fn/node_modules/@scope/small/index.js': 'y'.repeat(10_000),
    };
    const fs = findings(files, 'fn/index.js', 'LA109', { ...onlyRule('LA109'), config: { rules: { LA109: { maxPackageMB: 0.05 } } } });
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'handler');
    assert.match(fs[0].message, /^The installed dependencies \(node_modules in fn\) take 0\.1 MB, over the 0\.05 MB budget; largest: big 0\.1 MB, @scope\/small 0\.0 MB\. /);
  });

  it('Python packages vendored next to the handler count against the budget', () => {
    const files: Files = {
      'fn/app.py': 'import numpy\n\ndef lambda_handler(event, context):\n    return numpy\n',
      'fn/numpy/__init__.py': 'z'.repeat(80_000),
      'fn/numpy-2.0.0.dist-info/top_level.txt': 'numpy\n',
    };
    const fs = findings(files, 'fn/app.py', 'LA109', { ...onlyRule('LA109'), config: { rules: { LA109: { maxPackageMB: 0.05 } } } });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /vendored packages in fn.*largest: numpy 0\.1 MB/);
  });
});

describe('LA109 heavy-package: quiet', () => {
  it('Node.js 20: aws-sdk v2 is not in the runtime (bundling it is required), and devDependencies are not shipped', () => {
    const files = {
      'template.yaml': template('nodejs20.x'),
      'fn/index.js': JS_HANDLER,
      'fn/package.json': '{"dependencies": {"aws-sdk": "^2"}, "devDependencies": {"@aws-sdk/client-s3": "^3", "jest": "^29", "@types/node": "^20"}}',
    };
    assert.deepEqual(covered(files, 'fn/index.js'), []);
  });

  it('without a template the runtime is unknown, so the SDK is not judged', () => {
    const files = { 'fn/index.js': JS_HANDLER, 'fn/package.json': '{"dependencies": {"@aws-sdk/client-s3": "^3", "aws-sdk": "^2"}}' };
    assert.deepEqual(covered(files, 'fn/index.js'), []);
  });

  it('Python: boto3 and dev tools in pyproject dev groups; boto3-like names that are not the SDK', () => {
    const files = {
      'fn/app.py': 'def lambda_handler(event, context):\n    return 1\n',
      'fn/pyproject.toml': `[project]
name = "fn"
dependencies = ["boto3-helpers>=1", "aioboto3"]

[dependency-groups]
dev = ["boto3", "pytest"]

[tool.poetry.group.dev.dependencies]
mypy = "*"
`,
    };
    assert.deepEqual(covered(files, 'fn/app.py'), []);
  });

  it('installed dependencies under the budget', () => {
    const files: Files = {
      'fn/index.js': `exports.handler = async (event) => 1;\n`,
      'fn/node_modules/big/index.js': 'x'.repeat(60_000),
    };
    assert.deepEqual(findings(files, 'fn/index.js', 'LA109', { ...onlyRule('LA109'), config: { rules: { LA109: { maxPackageMB: 1 } } } }), []);
  });
});

describe('LA109 heavy-package: bundled functions', () => {
  // Modelled on serverless-test-samples typescript-async-lambda-dynamodb: sam build with esbuild,
  // esbuild itself and an unimported client in dependencies.
  const bundled = template('nodejs18.x').replace('    Properties:', '    Metadata:\n      BuildMethod: esbuild\n    Properties:');
  const TS = "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => new S3Client({});\n";
  const PKG = '{"dependencies": {"@aws-sdk/client-s3": "^3", "@aws-sdk/client-dynamodb": "^3", "esbuild": "^0.19", "webpack-node-externals": "^3"}}';

  it('esbuild: build tools and unimported SDK clients are quiet; an imported SDK client gets the mark-it-external advice', () => {
    const files = { 'template.yaml': bundled, 'fn/index.ts': TS, 'fn/package.json': PKG };
    assert.deepEqual(covered(files, 'fn/index.ts'), ['fn/package.json:@aws-sdk/client-s3']);
    const [f] = la109(files, 'fn/index.ts');
    assert.equal(
      f.message,
      '@aws-sdk/client-s3 is already in the nodejs18.x runtime (AWS SDK for JavaScript v3), and esbuild (sam build) bundles it into the function unless it is external. If you do not need a pinned version, mark @aws-sdk/* external in the esbuild (sam build) configuration to keep the package small.',
    );
  });

  it('near miss: the same function without a bundler ships every dependency, so all three fire with the package-size messages', () => {
    const files = { 'template.yaml': template('nodejs18.x'), 'fn/index.ts': TS, 'fn/package.json': PKG };
    assert.deepEqual(covered(files, 'fn/index.ts'), [
      'fn/package.json:@aws-sdk/client-s3',
      'fn/package.json:@aws-sdk/client-dynamodb',
      'fn/package.json:esbuild',
      'fn/package.json:webpack-node-externals',
    ]);
    assert.match(la109(files, 'fn/index.ts')[2].message, /^esbuild is a development tool listed in dependencies, so it is installed into the deployment package/);
  });

  it('serverless-webpack: aws-sdk v2 on nodejs12.x is quiet when no file imports it', () => {
    const sls = 'service: s\nplugins:\n  - serverless-webpack\nprovider:\n  name: aws\n  runtime: nodejs12.x\nfunctions:\n  f:\n    handler: handler.main\n';
    const files = { 'serverless.yml': sls, 'handler.js': 'export const main = async () => 1;\n', 'package.json': '{"dependencies": {"aws-sdk": "^2", "webpack": "^5"}}' };
    assert.deepEqual(covered(files, 'handler.js'), []);
    const importing = { ...files, 'handler.js': "import AWS from 'aws-sdk';\nexport const main = async () => AWS;\n" };
    assert.deepEqual(covered(importing, 'handler.js'), ['package.json:aws-sdk']);
    assert.match(la109(importing, 'handler.js')[0].message, /serverless-webpack bundles the imported SDK/);
  });
});
