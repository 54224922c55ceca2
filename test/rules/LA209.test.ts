import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, fixedText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { API_GET, cfnFn, cfnJson, cfnTemplate, samEvent, samFn, samJson, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA209';
const run = (files: Files, file: string, params?: Record<string, unknown>) =>
  findings(files, file, ID, { ...onlyRule(ID), config: params ? { rules: { [ID]: params } } : undefined });

const fixed = (files: Files, file: string, index = 0): string => fixedText(run, files, file, index, (fix) => assert.equal(fix.isPreferred, undefined, 'a timeout change alters behaviour: never a preferred fix'));

const api = (timeout: string, type = 'Api') => samTemplate(samFn('Fn', { props: timeout, events: samEvent('Get', type, '{ Path: /, Method: get }') }));

describe('LA209 timeout', () => {
  it('SAM: no Timeout fires at the logical id (default 3 s); the fix sets one capped at the API limit', () => {
    const files = { 'template.yaml': api('') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeText(files, f), 'Fn');
    assert.equal(f.message, 'Fn has no Timeout, so it stops after the default 3 seconds: set a Timeout that fits its work (at most 29 s behind the REST API)');
    assert.equal(
      fixed(files, 'template.yaml'),
      api('').replace("      Properties: { Path: /, Method: get }\n", "      Properties: { Path: /, Method: get }\n      Timeout: 29\n"),
    );
  });

  it('REST API: Timeout 29 is quiet, 30 fires on the value and the fix sets 29', () => {
    assert.equal(run({ 'template.yaml': api('      Timeout: 29\n') }, 'template.yaml').length, 0);
    const files = { 'template.yaml': api('      Timeout: 30\n') };
    const [f] = run(files, 'template.yaml');
    assert.equal(rangeText(files, f), '30');
    assert.match(f.message, /^Fn has a 30 s timeout, but the REST API gives up after 29 s and answers 504/);
    assert.equal(fixed(files, 'template.yaml'), api('      Timeout: 29\n'));
  });

  it('HTTP API: 30 is quiet, 31 fires', () => {
    assert.equal(run({ 'template.yaml': api('      Timeout: 30\n', 'HttpApi') }, 'template.yaml').length, 0);
    const files = { 'template.yaml': api('      Timeout: 31\n', 'HttpApi') };
    assert.match(run(files, 'template.yaml')[0].message, /HTTP API gives up after 30 s/);
    assert.equal(fixed(files, 'template.yaml'), api('      Timeout: 30\n', 'HttpApi'));
  });

  it('maxApiTimeout raises the limit (an API with a raised integration timeout quota)', () => {
    assert.equal(run({ 'template.yaml': api('      Timeout: 60\n') }, 'template.yaml', { maxApiTimeout: 90 }).length, 0);
    assert.equal(run({ 'template.yaml': api('      Timeout: 120\n') }, 'template.yaml', { maxApiTimeout: 90 }).length, 1);
  });

  it('quiet: a long timeout on a function without an API event; unresolvable values', () => {
    const queue = api('      Timeout: 300\n').replace('Type: Api', 'Type: SQS').replace('Properties: { Path: /, Method: get }', 'Properties: { Queue: !GetAtt Q.Arn }');
    assert.equal(run({ 'template.yaml': queue }, 'template.yaml').length, 0);
    const param = `Parameters:\n  T:\n    Type: Number\n${api('      Timeout: !Ref T\n')}`;
    assert.equal(run({ 'template.yaml': param }, 'template.yaml').length, 0);
  });

  it('SAM: a Globals Timeout over the limit fires on the API function only and overrides it there', () => {
    const text = samTemplate(
      samFn('Web', { handler: 'web.handler', runtime: null, events: API_GET }) + samFn('Worker', { handler: 'worker.handler', runtime: null }),
      { globals: '    Timeout: 60\n' },
    );
    const files = { 'template.yaml': text };
    const fs = run(files, 'template.yaml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'Web');
    assert.match(fs[0].message, /^Web has a 60 s timeout \(from Globals\)/);
    assert.equal(fs[0].related?.length, 1);
    assert.equal(
      fixed(files, 'template.yaml'),
      text.replace("          Properties: { Path: /, Method: get }\n", "          Properties: { Path: /, Method: get }\n      Timeout: 29\n"),
    );
  });

  it('SAM: every function lacks Timeout: Globals gets one, capped by the API function', () => {
    const text = samTemplate(
      samFn('Web', { handler: 'web.handler', runtime: null, events: samEvent('Get', 'HttpApi') }) + samFn('Worker', { handler: 'worker.handler', runtime: null }),
    );
    const files = { 'template.yaml': text };
    assert.equal(run(files, 'template.yaml').length, 2);
    assert.equal(fixed(files, 'template.yaml', 1), text.replace('Resources:\n', 'Globals:\n  Function:\n    Timeout: 30\nResources:\n'));
  });

  it('SAM JSON and CFN JSON', () => {
    const text = samJson({
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Timeout: 45, Events: { Get: { Type: 'Api', Properties: { Path: '/', Method: 'get' } } } } },
    });
    const files = { 'template.json': text };
    assert.equal(rangeText(files, run(files, 'template.json')[0]), '45');
    assert.equal(fixed(files, 'template.json'), text.replace('"Timeout": 45', '"Timeout": 29'));
    const cfn = cfnJson({ Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } } }, { depth: 3 });
    const cfnFiles = { 'template.json': cfn };
    assert.equal(fixed(cfnFiles, 'template.json'), cfn.replace('"Runtime": "nodejs22.x"', '"Runtime": "nodejs22.x", "Timeout": 30'));
  });

  it('CFN YAML: no Timeout fires; a Timeout is quiet (no API events on plain functions)', () => {
    const text = cfnTemplate(cfnFn('Fn'));
    const files = { 'template.yaml': text };
    assert.equal(rangeText(files, run(files, 'template.yaml')[0]), 'Fn');
    assert.equal(fixed(files, 'template.yaml'), text + '      Timeout: 30\n');
  });

  it('Serverless: no timeout is quiet (framework default 6 s); an http function over 29 s fires', () => {
    const text = serverless(
      slsFn('web', 'h.web', '    events:\n      - http:\n          path: /\n          method: get\n') + slsFn('worker', 'h.worker', '    timeout: 300\n'),
    );
    assert.equal(run({ 'serverless.yml': text }, 'serverless.yml').length, 0);
    const slow = text.replace('    handler: h.web\n', '    handler: h.web\n    timeout: 60\n');
    const files = { 'serverless.yml': slow };
    const fs = run(files, 'serverless.yml');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), '60');
    assert.equal(fixed(files, 'serverless.yml'), slow.replace('timeout: 60', 'timeout: 29'));
  });
});
