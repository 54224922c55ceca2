import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA305';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const sam = (runtime: string, handler = 'app.handler') => samTemplate(samFn('Fn', { codeUri: 'src/', handler, runtime }));

describe('LA305 runtime-code-mismatch', () => {
  it('Python: match on python3.9 fires in the code and on the Runtime; python3.10 is quiet', () => {
    const py = 'def handler(event, context):\n    match event["kind"]:\n        case "a":\n            return 1\n';
    const files = { 'template.yaml': sam('python3.9'), 'src/app.py': py };
    const [c] = run(files, 'src/app.py');
    assert.equal(rangeText(files, c), 'match');
    assert.equal(c.severity, 'error');
    assert.equal(c.message, 'match statement needs Python 3.10 or later, but the function runs on python3.9: the module fails to load. Raise the runtime or rewrite this.');
    const [t] = run(files, 'template.yaml');
    assert.equal(rangeText(files, t), 'python3.9');
    assert.equal(t.message, "Fn's handler src/app.py needs what python3.9 lacks: match statement (Python 3.10+).");
    assert.equal(run({ ...files, 'template.yaml': sam('python3.10') }, 'src/app.py').length, 0);
  });

  it('Python: except*, ExceptionGroup, type parameters, type statements, walrus by version', () => {
    const py = 'def handler(event, context):\n    try:\n        pass\n    except* ValueError:\n        pass\n\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n\ntype Pair = tuple[int, int]\n';
    const files = { 'template.yaml': sam('python3.11'), 'src/app.py': py };
    assert.deepEqual(run(files, 'src/app.py').map((f) => rangeText(files, f)), ['[T]', 'type']);
    assert.equal(run({ ...files, 'template.yaml': sam('python3.10') }, 'src/app.py').length, 3);
    const walrus = 'def handler(event, context):\n    if (n := len(event)) > 1:\n        return n\n';
    assert.equal(run({ 'template.yaml': sam('python3.7'), 'src/app.py': walrus }, 'src/app.py').length, 1);
    assert.equal(run({ 'template.yaml': sam('python3.8'), 'src/app.py': walrus }, 'src/app.py').length, 0);
    const backport = 'from exceptiongroup import ExceptionGroup\ndef handler(event, context):\n    raise ExceptionGroup("x", [])\n';
    assert.equal(run({ 'template.yaml': sam('python3.10'), 'src/app.py': backport }, 'src/app.py').length, 0);
  });

  it('Node: aws-sdk v2 on nodejs18.x+ unless package.json ships it; quiet on nodejs16.x', () => {
    const js = "const AWS = require('aws-sdk');\nexports.handler = async () => new AWS.S3().listBuckets().promise();\n";
    const files = { 'template.yaml': sam('nodejs20.x', 'index.handler'), 'src/index.js': js, 'src/package.json': '{"dependencies": {"uuid": "9"}}' };
    const [c] = run(files, 'src/index.js');
    assert.equal(rangeText(files, c), "const AWS = require('aws-sdk');");
    assert.match(c.message, /^nodejs20.x ships only the AWS SDK for JavaScript v3/);
    assert.equal(run({ ...files, 'src/package.json': '{"dependencies": {"aws-sdk": "^2.1500.0"}}' }, 'src/index.js').length, 0);
    assert.equal(run({ ...files, 'template.yaml': sam('nodejs16.x', 'index.handler') }, 'src/index.js').length, 0);
  });

  it('Node: a callback handler on nodejs24.x; an unused third parameter or nodejs22.x is quiet', () => {
    const js = 'exports.handler = (event, context, callback) => {\n  callback(null, { ok: true });\n};\n';
    const files = { 'template.yaml': sam('nodejs24.x', 'index.handler'), 'src/index.js': js };
    const [c] = run(files, 'src/index.js');
    assert.equal(rangeText(files, c), 'callback');
    assert.equal(run({ ...files, 'template.yaml': sam('nodejs22.x', 'index.handler') }, 'src/index.js').length, 0);
    assert.equal(run({ ...files, 'src/index.js': 'exports.handler = async (event, context, _cb) => 1;\n' }, 'src/index.js').length, 0);
  });

  it('Node: ESM syntax in .js without "type": "module"; quiet with it, with .mjs, or with esbuild', () => {
    const js = "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => 1;\n";
    const files = { 'template.yaml': sam('nodejs22.x', 'index.handler'), 'src/index.js': js, 'src/package.json': '{"name": "x"}' };
    const [c] = run(files, 'src/index.js');
    assert.equal(rangeText(files, c), 'import');
    assert.match(c.message, /package.json does not set "type": "module"/);
    assert.equal(run({ ...files, 'src/package.json': '{"type": "module"}' }, 'src/index.js').length, 0);
    assert.equal(run({ 'template.yaml': sam('nodejs22.x', 'index.handler'), 'src/index.mjs': js }, 'src/index.mjs').length, 0);
    const esbuild = sam('nodejs22.x', 'index.handler').replace('    Properties:', '    Metadata:\n      BuildMethod: esbuild\n    Properties:');
    assert.equal(run({ ...files, 'template.yaml': esbuild }, 'src/index.js').length, 0);
  });

  it('Node: ESM in .js is quiet when serverless-webpack, serverless-esbuild or a webpack.config.js bundles it; other plugins do not', () => {
    // Modelled on shop-angular-backend product-service: serverless-webpack + babel, handlers written as ES modules.
    const js = "import { getProductsById } from '../db';\nexport const handler = async (event) => getProductsById(event.id);\n";
    const sls = (plugins: string) => `service: product-service\nplugins:\n${plugins}\nprovider:\n  name: aws\n  runtime: nodejs12.x\nfunctions:\n  getProductById:\n    handler: handlers/getById.handler\n`;
    const base = { 'handlers/getById.js': js, 'db.js': 'exports.getProductsById = async () => 1;\n', 'package.json': '{"name": "product-service"}' };
    const withJest = { ...base, 'serverless.yml': sls('  - serverless-jest-plugin') };
    const [c] = run(withJest, 'handlers/getById.js');
    assert.equal(rangeText(withJest, c), 'import');
    assert.equal(run(withJest, 'serverless.yml').length, 1);
    assert.equal(run({ ...base, 'serverless.yml': sls('  - serverless-webpack\n  - serverless-jest-plugin') }, 'handlers/getById.js').length, 0);
    assert.equal(run({ ...base, 'serverless.yml': sls('  - serverless-webpack') }, 'serverless.yml').length, 0);
    assert.equal(run({ ...base, 'serverless.yml': sls('  modules:\n    - serverless-esbuild') }, 'handlers/getById.js').length, 0);
    assert.equal(run({ ...base, 'serverless.yml': sls('  - serverless-plugin-typescript') }, 'handlers/getById.js').length, 0);
    assert.equal(run({ ...withJest, 'webpack.config.js': 'module.exports = {};\n' }, 'handlers/getById.js').length, 0);
    // A script that runs esbuild without --bundle only transpiles one file in place: still fires.
    assert.equal(run({ ...withJest, 'package.json': '{"scripts": {"lint": "esbuild --version"}}' }, 'handlers/getById.js').length, 1);
    assert.equal(run({ ...withJest, 'package.json': '{"scripts": {"build": "tsc && esbuild handlers/getById.js --bundle --outdir=dist"}}' }, 'handlers/getById.js').length, 0);
  });

  it('JSON CloudFormation and serverless.yml', () => {
    const json = JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: 'src', Handler: 'app.handler', Runtime: 'python3.9', Role: 'arn:aws:iam::1:role/r' } } } }, null, 2);
    const py = 'def handler(event, context):\n    match event:\n        case _:\n            pass\n';
    const [t] = run({ 'template.json': json, 'src/app.py': py }, 'template.json');
    assert.equal(rangeText({ 'template.json': json }, t), '"python3.9"');
    const sls = serverless(slsFn('f', 'h.handler'), { runtime: 'nodejs24.x' });
    const [s] = run({ 'serverless.yml': sls, 'h.js': 'module.exports.handler = function (e, c, cb) { cb(null, 1); };\n' }, 'serverless.yml');
    assert.equal(rangeText({ 'serverless.yml': sls }, s), 'nodejs24.x');
  });
});
