import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { API_GET, cfnFn, cfnTemplate, samEvent, samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA213';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Api with the event `api` (an API by default), then the schedule event KeepWarm; `extra` more property lines. */
const sam = (schedule: string, api = API_GET, extra = '') => samTemplate(samFn('Api', { props: extra, events: api + schedule }));

const rate = (expr: string) => samEvent('KeepWarm', 'Schedule', { Schedule: expr });
const queue = samEvent('Q', 'SQS', '{ Queue: arn:aws:sqs:eu-west-1:1:q }');

describe('LA213 keep-warm', () => {
  it('SAM YAML: an API function pinged every 5 minutes fires at the schedule event, recommending provisioned concurrency', () => {
    const files = { 'template.yaml': sam(rate('rate(5 minutes)')) };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(rangeText(files, f), 'KeepWarm');
    assert.match(f.message, /^Api is kept warm by the schedule rate\(5 minutes\), .*use provisioned concurrency \(or SnapStart/);
    assert.equal(f.related?.[0].message, 'Latency-sensitive event Get');
  });

  it('cron every few minutes (0/5, */10, *, a list of four) fires; hourly and 20-minute schedules do not', () => {
    for (const expr of ['cron(0/5 * * * ? *)', "'cron(*/10 8-18 ? * MON-FRI *)'", 'cron(* * * * ? *)', 'cron(0,15,30,45 * * * ? *)', 'rate(1 minute)', 'rate(15 minutes)'])
      assert.equal(run({ 'template.yaml': sam(rate(expr)) }, 'template.yaml').length, 1, expr);
    for (const expr of ['rate(20 minutes)', 'rate(1 hour)', 'cron(0 * * * ? *)', 'cron(0/30 * * * ? *)', 'cron(0,30 * * * ? *)'])
      assert.equal(run({ 'template.yaml': sam(rate(expr)) }, 'template.yaml').length, 0, expr);
  });

  it('quiet: a frequent schedule on a function nobody waits on (a real periodic job), a disabled schedule, an unresolvable one', () => {
    assert.equal(run({ 'template.yaml': sam(rate('rate(5 minutes)'), queue) }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(rate('rate(5 minutes)') + '            Enabled: false\n') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam(rate('!Ref WarmRate')) }, 'template.yaml').length, 0);
  });

  it('SAM: ScheduleV2 with provisioned concurrency is a redundant warmer, even without an API', () => {
    const v2 = samEvent('KeepWarm', 'ScheduleV2', { ScheduleExpression: 'rate(3 minutes)' });
    const text = sam(v2, queue, '      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 5\n');
    const [f] = run({ 'template.yaml': text }, 'template.yaml');
    assert.match(f.message, /^Api has provisioned concurrency and is also pinged by the schedule rate\(3 minutes\).*Remove the schedule/);
  });

  it('SAM JSON: fires on the quoted event name', () => {
    const text = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Handler: 'a.h',
            Runtime: 'nodejs22.x',
            Events: { Http: { Type: 'HttpApi' }, Warmer: { Type: 'Schedule', Properties: { Schedule: 'rate(10 minutes)', Input: '{"warmer": true}' } } },
          },
        },
      },
    }, null, 2);
    const files = { 'template.json': text };
    assert.deepEqual(run(files, 'template.json').map((f) => rangeText(files, f)), ['"Warmer"']);
  });

  it('CFN YAML / JSON: quiet (plain functions have no events in the template model)', () => {
    const cfn = cfnTemplate(cfnFn('Fn', { handler: 'a.h', runtime: 'python3.13', zipFile: 'x' }), { version: true });
    assert.equal(run({ 'template.yaml': cfn }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.json': JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.13' } } } }) }, 'template.json').length, 0);
  });

  const sls = (events: string) => serverless(slsFn('hello', 'handler.hello', `    events:\n${events}`));
  const handler = { 'handler.js': 'exports.hello = async () => 1;\n' };

  it('serverless.yml: an http function with `schedule: rate(5 minutes)` fires; a map with enabled: false does not', () => {
    const files = { 'serverless.yml': sls('      - http: GET /\n      - schedule: rate(5 minutes)\n'), ...handler };
    const [f] = run(files, 'serverless.yml');
    assert.equal(rangeText(files, f), 'schedule');
    const listed = sls('      - httpApi: GET /\n      - schedule:\n          rate:\n            - cron(0/5 * * * ? *)\n');
    assert.equal(run({ 'serverless.yml': listed, ...handler }, 'serverless.yml').length, 1);
    const disabled = sls('      - http: GET /\n      - schedule:\n          rate: rate(5 minutes)\n          enabled: false\n');
    assert.equal(run({ 'serverless.yml': disabled, ...handler }, 'serverless.yml').length, 0);
  });

  it('serverless.yml: serverless-plugin-warmup with a warmer configured fires at the plugin; listed but unconfigured does not', () => {
    const text = `${sls('      - http: GET /\n')}plugins:\n  - serverless-plugin-warmup\ncustom:\n  warmup:\n    default:\n      enabled: true\n`;
    const files = { 'serverless.yml': text, ...handler };
    const [f, ...rest] = run(files, 'serverless.yml');
    assert.equal(rest.length, 0);
    assert.equal(rangeText(files, f), 'serverless-plugin-warmup');
    assert.match(f.message, /use provisionedConcurrency/);
    const unconfigured = `${sls('      - http: GET /\n')}plugins:\n  - serverless-plugin-warmup\n`;
    assert.equal(run({ 'serverless.yml': unconfigured, ...handler }, 'serverless.yml').length, 0);
  });
});
