import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { API_GET, cfnFn, cfnJson, cfnTemplate, resource, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA216';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const fixed = (files: Files, file: string, index = 0): string => fixedText(run, files, file, index);

// A blank line and a comment after the function: the fix goes after its last property, not after them.
const samOne = samTemplate(samFn('Api', { events: API_GET }) + '\n  # the queue\n' + resource('Queue', 'AWS::SQS::Queue'));

const samTwo = samTemplate(samFn('A', { handler: 'a.handler' }) + samFn('B', { handler: 'b.handler' }), { version: true });

describe('LA216 tracing-disabled', () => {
  it('SAM YAML: fires on a function without Tracing, at its logical id, and adds Tracing: Active', () => {
    const files = { 'template.yaml': samOne };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, f), 'Api');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /^Api has no active tracing: set Tracing: Active/);
    assert.equal(f.fixes?.[0].isPreferred, true);
    assert.equal(
      fixed(files, 'template.yaml'),
      samOne.replace("      Properties: { Path: /, Method: get }\n", "      Properties: { Path: /, Method: get }\n      Tracing: Active\n"),
    );
  });

  it('SAM YAML: when every function lacks it, the fix creates Globals.Function before Resources', () => {
    const files = { 'template.yaml': samTwo };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['A', 'B']);
    assert.equal(
      fixed(files, 'template.yaml'),
      samTwo.replace('Resources:\n', 'Globals:\n  Function:\n    Tracing: Active\nResources:\n'),
    );
  });

  it('SAM YAML: adds to an existing Globals block', () => {
    const text = samTwo.replace('Resources:\n', 'Globals:\n  Api:\n    Cors: "*"\nResources:\n');
    const files = { 'template.yaml': text };
    assert.equal(
      fixed(files, 'template.yaml'),
      samTwo.replace('Resources:\n', 'Globals:\n  Api:\n    Cors: "*"\n  Function:\n    Tracing: Active\nResources:\n'),
    );
  });

  it('SAM YAML: one function traced, the other not: the fix goes on the function', () => {
    const text = samTwo.replace('      Handler: a.handler\n', '      Handler: a.handler\n      Tracing: Active\n');
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['B']);
    assert.equal(fixed(files, 'template.yaml'), text + '      Tracing: Active\n');
  });

  it('SAM: PassThrough in Globals is one finding on the value, fixed in place', () => {
    const text = samTwo.replace('Resources:\n', 'Globals:\n  Function:\n    Tracing: PassThrough\nResources:\n');
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'PassThrough');
    assert.equal(fixed(files, 'template.yaml'), text.replace('PassThrough', 'Active'));
  });

  it('quiet: Tracing Active in Globals, on the function, or an unresolvable intrinsic', () => {
    assert.equal(run({ 'template.yaml': samTwo.replace('Resources:\n', 'Globals:\n  Function:\n    Tracing: Active\nResources:\n') }, 'template.yaml').length, 0);
    const withIf = samOne.replace('      Handler: app.handler\n', '      Handler: app.handler\n      Tracing: !If [IsProd, Active, PassThrough]\n');
    assert.equal(run({ 'template.yaml': withIf }, 'template.yaml').length, 0);
    const withParam = `Parameters:\n  Mode:\n    Type: String\n${samOne.replace('      Handler: app.handler\n', '      Handler: app.handler\n      Tracing: !Ref Mode\n')}`;
    assert.equal(run({ 'template.yaml': withParam }, 'template.yaml').length, 0);
  });

  it('SAM JSON: adds "Tracing": "Active" with a comma at the file indentation', () => {
    const text = samJson({ Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs22.x' } } }, { indent: 4 });
    const files = { 'template.json': text };
    const fs = run(files, 'template.json');
    assert.equal(rangeText(files, fs[0]), '"Fn"');
    assert.equal(fixed(files, 'template.json'), text.replace('"nodejs22.x"\n', '"nodejs22.x",\n                "Tracing": "Active"\n'));
  });

  it('SAM JSON: two functions get a Globals block before Resources', () => {
    const text = samJson(
      {
        A: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'a.h', Runtime: 'python3.13' } },
        B: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'b.h', Runtime: 'python3.13' } },
      },
      { depth: 2 },
    );
    const files = { 'template.json': text };
    assert.equal(
      fixed(files, 'template.json'),
      text.replace('  "Resources": {', '  "Globals": {\n    "Function": {\n      "Tracing": "Active"\n    }\n  },\n  "Resources": {'),
    );
  });

  const cfn = cfnTemplate(
    cfnFn('Fn', { props: '      Role: !GetAtt Role.Arn\n', zipFile: '|\n          exports.handler = async () => 1;' }) + resource('Role', 'AWS::IAM::Role'),
    { version: true },
  );

  it('CFN YAML: fires without TracingConfig; the fix adds it (not preferred: a hand-written role needs X-Ray permissions)', () => {
    const files = { 'template.yaml': cfn };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'Fn');
    assert.match(f.message, /TracingConfig Mode: Active/);
    assert.equal(f.fixes?.[0].isPreferred, false);
    assert.equal(
      fixed(files, 'template.yaml'),
      cfn.replace('          exports.handler = async () => 1;\n', '          exports.handler = async () => 1;\n      TracingConfig:\n        Mode: Active\n'),
    );
  });

  it('CFN: Mode PassThrough fires on the value; Mode Active is quiet', () => {
    const text = cfn.replace('      Role: !GetAtt Role.Arn\n', '      Role: !GetAtt Role.Arn\n      TracingConfig:\n        Mode: PassThrough\n');
    const files = { 'template.yaml': text };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), 'PassThrough');
    assert.equal(fixed(files, 'template.yaml'), text.replace('PassThrough', 'Active'));
    assert.equal(run({ 'template.yaml': text.replace('PassThrough', 'Active') }, 'template.yaml').length, 0);
  });

  it('CFN JSON: adds a nested TracingConfig object', () => {
    const text = cfnJson(
      { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.13', Code: { ZipFile: 'def handler(e, c): pass' } } } },
      { version: true },
    );
    const files = { 'template.json': text };
    assert.equal(
      fixed(files, 'template.json'),
      text.replace('"Code": { "ZipFile": "def handler(e, c): pass" }\n', '"Code": { "ZipFile": "def handler(e, c): pass" },\n        "TracingConfig": {\n          "Mode": "Active"\n        }\n'),
    );
  });

  const sls = serverless(slsFn('hello', 'handler.hello') + slsFn('world', 'handler.world'), { service: 'shop' });

  it('Serverless: every function lacks tracing: one finding on provider naming them; the fix sets provider tracing.lambda', () => {
    const files = { 'serverless.yml': sls };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['provider']);
    assert.equal(
      fs[0].message,
      'None of the 2 functions (hello and world) has active tracing, and provider does not set it: set tracing.lambda: true in provider so X-Ray traces show where requests spend time and where they fail',
    );
    assert.equal(fs[0].functionId, undefined);
    assert.equal(fs[0].fixes?.[0].title, 'Set provider tracing.lambda: true for all functions');
    assert.equal(fixed(files, 'serverless.yml'), sls.replace('  runtime: nodejs22.x\n', '  runtime: nodejs22.x\n  tracing:\n    lambda: true\n'));
  });

  it('Serverless: quiet with provider tracing.lambda true or a function tracing: Active', () => {
    assert.equal(run({ 'serverless.yml': sls.replace('  runtime: nodejs22.x\n', '  runtime: nodejs22.x\n  tracing:\n    lambda: true\n') }, 'serverless.yml').length, 0);
    const one = sls.replace('    handler: handler.hello\n', '    handler: handler.hello\n    tracing: Active\n');
    const files = { 'serverless.yml': one };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['world']);
    assert.equal(fixed(files, 'serverless.yml'), one + '    tracing: Active\n');
  });

  it('Serverless: provider tracing with only apiGateway fires on the map and adds lambda: true', () => {
    const text = sls.replace('  runtime: nodejs22.x\n', '  runtime: nodejs22.x\n  tracing:\n    apiGateway: true\n');
    const files = { 'serverless.yml': text };
    const fs = run(files, 'serverless.yml');
    assert.equal(fs.length, 1);
    assert.equal(fixed(files, 'serverless.yml'), text.replace('    apiGateway: true\n', '    apiGateway: true\n    lambda: true\n'));
  });

  it('Serverless near miss: a single function is reported on itself', () => {
    const one = 'service: shop\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: handler.hello\n';
    assert.deepEqual(run({ 'serverless.yml': one }, 'serverless.yml').map((f) => rangeText({ 'serverless.yml': one }, f)), ['hello']);
  });

  const samThree = samTwo + samFn('C', { handler: 'c.handler' });

  it('SAM: more than two functions and none traced: one finding on Globals (or Resources when there is none), fixed in Globals', () => {
    const files = { 'template.yaml': samThree };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['Resources']);
    assert.equal(fs[0].message, 'None of the 3 functions (A, B and C) has active tracing, and Globals does not set it: set Tracing: Active in Globals so X-Ray traces show where requests spend time and where they fail');
    assert.equal(fixed(files, 'template.yaml'), samThree.replace('Resources:\n', 'Globals:\n  Function:\n    Tracing: Active\nResources:\n'));
    const withGlobals = { 'template.yaml': samThree.replace('Resources:\n', 'Globals:\n  Function:\n    Timeout: 10\nResources:\n') };
    assert.deepEqual(run(withGlobals, 'template.yaml').map((f) => rangeText(withGlobals, f)), ['Function']);
  });

  it('SAM near miss: three functions, one traced: the other two are reported on themselves', () => {
    const text = samThree.replace('      Handler: a.handler\n', '      Handler: a.handler\n      Tracing: Active\n');
    const files = { 'template.yaml': text };
    assert.deepEqual(run(files, 'template.yaml').map((f) => rangeText(files, f)), ['B', 'C']);
  });
});
