// Nesting guards (parse/depth.ts): input nested deeper than any real template or code is refused
// before recursive code (the yaml composer, the rules' helpers) can reach the end of the stack,
// where V8 may abort the process instead of throwing.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parser as pythonParser } from '@lezer/python';
import { codeTooDeep, MAX_CODE_TREE_DEPTH, MAX_TEMPLATE_NESTING, yamlTooDeep } from '../../server/src/engine/parse/depth';
import { parseYamlTree } from '../../server/src/engine/parse/yaml';
import { parseProjectConfig } from '../../server/src/engine/projectConfig';
import { findings } from '../helpers/engine';

const TEMPLATE_HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: ";

describe('YAML flow nesting', () => {
  test('one level over the limit is refused at the bracket that goes over it', () => {
    const n = MAX_TEMPLATE_NESTING + 1;
    const text = TEMPLATE_HEAD + '['.repeat(n) + 'x' + ']'.repeat(n) + '\n';
    const at = yamlTooDeep(text);
    assert.equal(at, TEMPLATE_HEAD.length + MAX_TEMPLATE_NESTING);
    const parsed = parseYamlTree(text);
    assert.equal(parsed.root, undefined);
    assert.deepEqual(parsed.error, { from: at, to: at! + 1, message: 'YAML nesting is too deep to analyse' });
  });

  test('at the limit, and brackets inside quoted and plain scalars, are not nesting', () => {
    const n = MAX_TEMPLATE_NESTING;
    assert.equal(yamlTooDeep(TEMPLATE_HEAD + '['.repeat(n) + 'x' + ']'.repeat(n) + '\n'), undefined);
    const quoted = `${TEMPLATE_HEAD}'${'['.repeat(5000)}'\n  Other:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: "${'{'.repeat(5000)}"\n      Plain: a${'['.repeat(2000)}\n`;
    assert.equal(yamlTooDeep(quoted), undefined);
    const parsed = parseYamlTree(quoted);
    assert.equal(parsed.error, undefined);
    assert.ok(parsed.root);
  });

  test('closing brackets bring the depth back: many shallow collections are fine', () => {
    const text = TEMPLATE_HEAD + '[' + Array.from({ length: 3000 }, (_, i) => `[${i}]`).join(', ') + ']\n';
    assert.equal(yamlTooDeep(text), undefined);
    assert.ok(parseYamlTree(text).root);
  });

  test('block nesting: a line indented more than twice the limit is refused at its start; a deep but sane block is read', () => {
    const lines = (n: number) => ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', ...Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i + 1}:`), `${' '.repeat(n + 1)}leaf`].join('\n') + '\n';
    const deep = lines(2 * MAX_TEMPLATE_NESTING + 5);
    const at = yamlTooDeep(deep);
    // The first line indented more than 1,000 columns: k1001.
    const first = `${' '.repeat(2 * MAX_TEMPLATE_NESTING + 1)}k${2 * MAX_TEMPLATE_NESTING + 1}:`;
    assert.equal(deep.slice(at!, at! + first.length), first);
    assert.equal(parseYamlTree(deep).error?.message, 'YAML nesting is too deep to analyse');
    assert.equal(yamlTooDeep(lines(300)), undefined);
  });

  test('a project configuration nested too deeply is one problem, not a crash', () => {
    const r = parseProjectConfig(`rules: ${'{a: '.repeat(MAX_TEMPLATE_NESTING + 1)}1${'}'.repeat(MAX_TEMPLATE_NESTING + 1)}\n`);
    assert.deepEqual(r.config, {});
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /nested too deeply/);
  });
});

describe('code tree depth', () => {
  test('a chain without a single bracket is as deep as it is long', () => {
    const chain = (n: number) => `x = a${'.b'.repeat(n)}\n`;
    assert.equal(codeTooDeep(pythonParser.parse(chain(MAX_CODE_TREE_DEPTH + 10))), true);
    assert.equal(codeTooDeep(pythonParser.parse(chain(200))), false);
  });

  test('a handler nested too deeply gets one LA002 saying so; one nested deeply but within reason is analysed', async () => {
    const template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.lambda_handler\n      Runtime: python3.12\n";
    const handler = (n: number) => `import boto3\n\n\ndef lambda_handler(event, context):\n    s3 = boto3.client("s3")\n    x = event${'.b'.repeat(n)}\n    return s3\n`;
    const deep = await findings({ 'template.yaml': template, 'src/app.py': handler(MAX_CODE_TREE_DEPTH + 10) }, 'src/app.py');
    assert.deepEqual(
      deep.map((f) => [f.ruleId, f.message]),
      [['LA002', 'Not analysed: the code is nested too deeply to analyse']],
    );
    const fine = await findings({ 'template.yaml': template, 'src/app.py': handler(300) }, 'src/app.py');
    assert.ok(fine.some((f) => f.ruleId === 'LA101'), JSON.stringify(fine.map((f) => f.ruleId)));
    assert.ok(!fine.some((f) => f.ruleId === 'LA002'));
  });
});
