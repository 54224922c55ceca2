// Incremental work on template edits: a block re-parse must give exactly the tree a full parse
// gives, fall back when it cannot prove that, and the engine's findings after an edit must equal
// those of a fresh engine.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYamlTree, reparseYamlTree } from '../../server/src/engine/parse/yaml';
import { OverlayHost } from '../../server/src/lsp/overlayHost';
import { MemoryFileHost } from '../../server/src/engine/memoryHost';
import { WS, workspace } from '../helpers/engine';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Globals:',
  '  Function:',
  '    Timeout: 30',
  '    Runtime: python3.12',
  '',
  'Resources:',
  '  OrdersFn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: app.lambda_handler',
  '      Events:',
  '        Queue:',
  '          Type: SQS',
  '          Properties:',
  '            Queue: !GetAtt Orders.Arn',
  '  # the queue the function reads',
  '  Orders:',
  '    Type: AWS::SQS::Queue',
  '    Properties:',
  '      VisibilityTimeout: 20',
  '',
  'Outputs:',
  '  Url:',
  '    Value: !Sub "https://${OrdersFn}"',
  '',
].join('\n');

const HANDLER = ['import boto3', '', '', 'def lambda_handler(event, context):', '    s3 = boto3.client("s3")', '    return event', ''].join('\n');

function edit(text: string, find: string, replace: string): string {
  const i = text.indexOf(find);
  assert.ok(i >= 0, find);
  return text.slice(0, i) + replace + text.slice(i + find.length);
}

describe('reparseYamlTree', () => {
  it('re-parses one resource and gives the full parse tree, offsets after it moved', () => {
    const next = edit(TEMPLATE, 'VisibilityTimeout: 20', 'VisibilityTimeout: 200');
    const inc = reparseYamlTree(TEMPLATE, parseYamlTree(TEMPLATE), next);
    assert.ok(inc, 'an edit inside one resource is re-parsed on its own');
    assert.deepEqual(inc.root, parseYamlTree(next).root);
  });

  it('handles Globals, the last block of the file and an edit at the very end', () => {
    for (const [find, replace] of [
      ['Timeout: 30', 'Timeout: 31'],
      ['https://${OrdersFn}', 'https://${OrdersFn}/x'],
      ['    Value: !Sub "https://${OrdersFn}"\n', '    Value: !Sub "https://${OrdersFn}"'],
      ['# the queue the function reads', '# the queue it reads'],
    ]) {
      const next = edit(TEMPLATE, find, replace);
      const inc = reparseYamlTree(TEMPLATE, parseYamlTree(TEMPLATE), next);
      assert.ok(inc, find);
      assert.deepEqual(inc.root, parseYamlTree(next).root, find);
    }
  });

  it('falls back (undefined, old tree untouched) when a block cannot stand alone', () => {
    const cases = [
      edit(TEMPLATE, 'VisibilityTimeout: 20', 'VisibilityTimeout: 20\n  Extra:\n    Type: AWS::SNS::Topic'), // a new sibling
      edit(TEMPLATE, 'VisibilityTimeout: 20', 'VisibilityTimeout: [20'), // a syntax error
      edit(TEMPLATE, 'VisibilityTimeout: 20', 'VisibilityTimeout: &t 20'), // an anchor others may use
      edit(TEMPLATE, 'Type: AWS::SQS::Queue', 'Type: AWS::SQS::Queue\nTop: 1'), // leaves the block
    ];
    for (const next of cases) {
      const prev = parseYamlTree(TEMPLATE);
      const before = JSON.stringify(prev.root);
      assert.equal(reparseYamlTree(TEMPLATE, prev, next), undefined, next);
      assert.equal(JSON.stringify(prev.root), before);
    }
    const aliased = TEMPLATE.replace('Timeout: 30', 'Timeout: &t 30').replace('VisibilityTimeout: 20', 'VisibilityTimeout: *t');
    const prev = parseYamlTree(aliased);
    assert.equal(prev.local, false);
    assert.equal(reparseYamlTree(aliased, prev, edit(aliased, 'python3.12', 'python3.13')), undefined);
  });

  it('equals the full parse for every single-character edit of the example templates', () => {
    const dirs = ['examples', 'test/rules/fixtures'].map((d) => path.resolve(__dirname, '../..', d));
    const files: string[] = [];
    const visit = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) visit(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(p);
      }
    };
    dirs.forEach(visit);
    let reparsed = 0;
    for (const file of files.slice(0, 40)) {
      const text = fs.readFileSync(file, 'utf8');
      // Every 7th offset: replace a character with 'x', and insert a digit.
      for (let at = 0; at < text.length; at += 7) {
        for (const next of [text.slice(0, at) + 'x' + text.slice(at + 1), text.slice(0, at) + '7' + text.slice(at)]) {
          const inc = reparseYamlTree(text, parseYamlTree(text), next);
          if (!inc) continue;
          reparsed++;
          const full = parseYamlTree(next);
          assert.equal(full.error, undefined, `${file}@${at}`);
          assert.deepEqual(inc.root, full.root, `${file}@${at}`);
        }
      }
    }
    assert.ok(reparsed > 100, `only ${reparsed} edits were re-parsed incrementally`);
  });
});

describe('engine after a template edit', () => {
  it('finds what a fresh engine finds (template and handler)', () => {
    const { engine, host } = workspace({ 'template.yaml': TEMPLATE, 'src/app.py': HANDLER });
    const t = `${WS}/template.yaml`;
    const h = `${WS}/src/app.py`;
    engine.analyzeFile(t);
    for (const [find, replace] of [
      ['VisibilityTimeout: 20', 'VisibilityTimeout: 2000'],
      ['Timeout: 30', 'Timeout: 900'],
      ['Handler: app.lambda_handler', 'Handler: app.other'],
    ]) {
      host.set(t, edit(host.readFile(t)!, find, replace));
      engine.invalidate(t);
      const fresh = workspace({ 'template.yaml': host.readFile(t)!, 'src/app.py': HANDLER }).engine;
      assert.deepEqual(engine.analyzeFile(t).findings, fresh.analyzeFile(t).findings, find);
      assert.deepEqual(engine.analyzeFile(h).findings, fresh.analyzeFile(h).findings, find);
    }
  });

  it('a first look with only loaded templates skips the unloaded one and says so', () => {
    const { engine } = workspace({ 'template.yaml': TEMPLATE, 'src/app.py': HANDLER });
    engine.onlyLoadedTemplates = true;
    const first = engine.analyzeFile(`${WS}/src/app.py`);
    engine.onlyLoadedTemplates = false;
    assert.deepEqual([...engine.skippedTemplates], [`${WS}/template.yaml`]);
    assert.deepEqual(first.functions, []);
    assert.equal(engine.analyzeFile(`${WS}/src/app.py`).functions[0]?.id, 'OrdersFn');
  });
});

describe('OverlayHost disk cache', () => {
  it('answers from the cache until forget() or the time runs out', () => {
    const disk = new MemoryFileHost({ '/d/a.py': 'x = 1\n' });
    let now = 0;
    const host = new OverlayHost(disk, 1000, () => now);
    assert.equal(host.readFile('/d/a.py'), 'x = 1\n');
    assert.equal(host.stat('/d/b.py'), undefined);
    disk.set('/d/a.py', 'x = 2\n');
    disk.set('/d/b.py', '');
    assert.equal(host.readFile('/d/a.py'), 'x = 1\n');
    assert.equal(host.stat('/d/b.py'), undefined);
    host.forget('/d/b.py');
    assert.equal(host.stat('/d/b.py')?.kind, 'file');
    assert.deepEqual(host.readDir('/d').sort(), ['a.py', 'b.py']);
    now = 1500;
    assert.equal(host.readFile('/d/a.py'), 'x = 2\n');
  });
});
