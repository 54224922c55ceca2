import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { cfnFn, cfnJson, cfnTemplate, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA211';
const TODAY = new Date('2026-11-27T10:00:00Z');
const run = (files: Files, file: string, params?: Record<string, unknown>, today = TODAY) =>
  findings(files, file, ID, { ...onlyRule(ID), today, config: params ? { rules: { [ID]: params } } : undefined });

const fixed = (files: Files, file: string): string => fixedText(run, files, file, 0);

const sam = (runtime: string) => samTemplate(samFn('Fn', { runtime }));

describe('LA211 deprecated-runtime', () => {
  it('SAM YAML: a runtime past its deprecation is an error on the value, with the date and successor', () => {
    const files = { 'template.yaml': sam('python3.9') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'python3.9 was deprecated on 2025-12-15; move to python3.13');
    assert.equal(rangeText(files, f), 'python3.9');
    assert.deepEqual(f.tags, ['deprecated']);
    assert.equal(f.fixes?.[0].isPreferred, undefined);
    assert.equal(fixed(files, 'template.yaml'), sam('python3.13'));
  });

  it('a runtime within warnDays of its deprecation is a warning; outside it is quiet', () => {
    const files = { 'template.yaml': sam('nodejs22.x') };
    const [f] = run(files, 'template.yaml');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'nodejs22.x will be deprecated on 2027-04-30 (in 154 days); move to nodejs24.x');
    assert.equal(fixed(files, 'template.yaml'), sam('nodejs24.x'));
    assert.equal(run(files, 'template.yaml', { warnDays: 100 }).length, 0);
    assert.equal(run(files, 'template.yaml', undefined, new Date('2026-06-01T00:00:00Z')).length, 0);
  });

  it('the deprecation day itself counts as deprecated', () => {
    const [f] = run({ 'template.yaml': sam('nodejs22.x') }, 'template.yaml', undefined, new Date('2027-04-30T00:00:00Z'));
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'nodejs22.x was deprecated on 2027-04-30; move to nodejs24.x');
  });

  it('quiet: current runtimes, unknown identifiers, image functions and unresolvable values', () => {
    for (const r of ['python3.13', 'nodejs24.x', 'java21', 'provided.al2023', 'python3.99'])
      assert.equal(run({ 'template.yaml': sam(r) }, 'template.yaml').length, 0, r);
    const image = sam('python3.9').replace('      Handler: app.handler\n', '      PackageType: Image\n');
    assert.equal(run({ 'template.yaml': image }, 'template.yaml').length, 0);
    const param = `Parameters:\n  Rt:\n    Type: String\n${sam('!Ref Rt')}`;
    assert.equal(run({ 'template.yaml': param }, 'template.yaml').length, 0);
  });

  it('a parameter Default is reported at the Ref, without a fix (the default may be overridden)', () => {
    const text = `Parameters:\n  Rt:\n    Type: String\n    Default: python3.8\n${sam('!Ref Rt')}`;
    const files = { 'template.yaml': text };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), '!Ref Rt');
    assert.equal(f.message, 'python3.8 was deprecated on 2024-10-14; move to python3.13');
    assert.equal(f.fixes, undefined);
  });

  it('SAM: a runtime in Globals is one finding, fixed in Globals, quoting kept', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: 'nodejs18.x'
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.handler }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.handler }
  C:
    Type: AWS::Serverless::Function
    Properties: { Handler: c.handler, Runtime: nodejs24.x }
`;
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), "'nodejs18.x'");
    assert.equal(fs[0].message, 'nodejs18.x was deprecated on 2025-09-01; move to nodejs24.x');
    assert.match(fs[0].fixes![0].title, /in Globals/);
    assert.equal(fixed(files, 'template.yaml'), text.replace("'nodejs18.x'", "'nodejs24.x'"));
  });

  it('SAM JSON and CFN JSON: fires and fixes the string', () => {
    const text = cfnJson({ Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs16.x', Code: { ZipFile: 'x' } } } }, { version: true, depth: 3 });
    const files = { 'template.json': text };
    const [f] = run(files, 'template.json');
    assert.equal(rangeText(files, f), '"nodejs16.x"');
    assert.equal(f.message, 'nodejs16.x was deprecated on 2024-06-12; move to nodejs24.x');
    assert.equal(fixed(files, 'template.json'), text.replace('"nodejs16.x"', '"nodejs24.x"'));
    const samJson = text.replace('"AWS::Lambda::Function"', '"AWS::Serverless::Function"').replace('"nodejs16.x"', '"python3.11"');
    const samFiles = { 'template.json': samJson };
    assert.equal(run(samFiles, 'template.json')[0].message, 'python3.11 was deprecated on 2026-06-30; move to python3.13');
    assert.equal(fixed(samFiles, 'template.json'), samJson.replace('"python3.11"', '"python3.13"'));
  });

  it('CFN YAML: fires on the function runtime', () => {
    const text = cfnTemplate(cfnFn('Fn', { runtime: '"java11"', props: '      Code: { ZipFile: x }\n' }), { version: true });
    const files = { 'template.yaml': text };
    assert.equal(run(files, 'template.yaml')[0].message, 'java11 was deprecated on 2026-06-30; move to java21');
    assert.equal(fixed(files, 'template.yaml'), text.replace('"java11"', '"java21"'));
  });

  it('Serverless: provider runtime is one finding fixed in provider; a function override is its own', () => {
    const text = serverless(slsFn('a', 'a.handler') + slsFn('b', 'b.handler') + slsFn('c', 'c.handler', '    runtime: python3.12\n'), { service: 'shop', runtime: 'python3.10' });
    const files = { 'serverless.yml': text };
    const fs = run(files, 'serverless.yml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'python3.10');
    assert.equal(fixed(files, 'serverless.yml'), text.replace('python3.10', 'python3.13'));
    assert.equal(run({ 'serverless.yml': text.replace('runtime: python3.10', 'runtime: ${opt:runtime}') }, 'serverless.yml').length, 0);
  });

  it('Node: names what the successor would break (a callback handler, aws-sdk v2 not shipped); the fix is never preferred', () => {
    // Modelled on serverless/examples aws-node-fetch-file-and-store-in-s3: a callback handler requiring aws-sdk on an old runtime.
    const sls = (runtime: string) => serverless(slsFn('save', 'handler.save') + slsFn('list', 'list.handler'), { runtime });
    const cbHandler = "const AWS = require('aws-sdk');\nmodule.exports.save = (event, context, callback) => {\n  new AWS.S3().putObject({}).promise().then(() => callback(null, 1));\n};\n";
    const asyncHandler = "exports.handler = async () => 1;\n";
    const files = { 'serverless.yml': sls('nodejs12.x'), 'handler.js': cbHandler, 'list.js': asyncHandler, 'package.json': '{"dependencies": {"bluebird": "^3"}}' };
    const [f] = run(files, 'serverless.yml');
    assert.equal(
      f.message,
      'nodejs12.x was deprecated on 2023-03-31; move to nodejs24.x after converting the callback handler to async (nodejs24.x calls only async handlers: save) and moving to AWS SDK v3 or adding aws-sdk to dependencies (nodejs24.x ships only v3: save)',
    );
    assert.equal(f.fixes?.[0].isPreferred, undefined);
    // aws-sdk declared: only the callback is left.
    const declared = { ...files, 'package.json': '{"dependencies": {"aws-sdk": "^2.1500.0"}}' };
    assert.match(run(declared, 'serverless.yml')[0].message, /after converting the callback handler to async \(nodejs24\.x calls only async handlers: save\)$/);
  });

  it('Node near miss: async handlers on SDK v3, or an unused third parameter, keep the plain message', () => {
    const sam2 = (runtime: string) => samTemplate(samFn('Fn', { codeUri: 'src/', runtime }));
    const files = { 'template.yaml': sam2('nodejs16.x'), 'src/app.js': "const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async (event, context, _unused) => new S3Client({});\n" };
    const [f] = run(files, 'template.yaml');
    assert.match(f.message, /^nodejs16\.x was deprecated on [0-9-]+; move to nodejs24\.x$/);
  });
});
