// SourceText: offsets <-> LSP positions with CRLF, lone CR and a byte-order mark.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { NodeFileHost } from '../../server/src/engine/nodeHost';
import { applyEdits, SourceText } from '../../server/src/engine/text';

describe('SourceText', () => {
  it('maps offsets with CRLF line ends, the CR belonging to the line before', () => {
    const s = new SourceText('/x', 'ab\r\ncd\r\n');
    assert.equal(s.lineCount, 3);
    assert.deepEqual(s.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(s.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(s.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(s.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(s.positionAt(8), { line: 2, character: 0 });
    assert.equal(s.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(s.lineText(0), 'ab');
    assert.equal(s.lineText(1), 'cd');
    assert.equal(s.lineEnd(0), 2);
    assert.equal(s.eol, '\r\n');
  });

  it('clamps positions past the end of a line to before its line break', () => {
    const s = new SourceText('/x', 'ab\r\ncd');
    assert.equal(s.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(s.offsetAt({ line: 9, character: 0 }), 6);
    assert.deepEqual(s.positionAt(99), { line: 1, character: 2 });
  });

  it('treats a lone CR as a line break', () => {
    const s = new SourceText('/x', 'a\rb\nc');
    assert.equal(s.lineCount, 3);
    assert.deepEqual(s.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(s.positionAt(4), { line: 2, character: 0 });
  });

  it('counts UTF-16 code units, as LSP does', () => {
    const s = new SourceText('/x', 'x = "😀"; y\n');
    assert.deepEqual(s.positionAt(s.text.indexOf('y')), { line: 0, character: 10 });
  });

  it('applies edits given in positions to CRLF text without touching the line breaks', () => {
    const text = 'a = 1\r\nb = 2\r\n';
    const s = new SourceText('/x', text);
    const out = applyEdits(text, [s.edit(s.lineStart(1), s.lineStart(1), '# note\r\n'), s.edit(4, 5, '10')]);
    assert.equal(out, 'a = 10\r\n# note\r\nb = 2\r\n');
  });

  it('keeps positions of the file on disk when it starts with a BOM and uses CRLF', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'la-bom-'));
    try {
      const template = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Orders:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src/',
        '      Handler: app.lambda_handler',
        '      Runtime: python3.12',
        '',
      ].join('\r\n');
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'template.yaml'), '\uFEFF' + template);
      // A BOM, CRLF, and a syntax error on line 3 (0-based 2) at character 10.
      fs.writeFileSync(path.join(dir, 'src', 'app.py'), '\uFEFF' + ['import json', '', 'def lambda_handler(event, context)', '    return 1', ''].join('\r\n'));
      const engine = new Engine(new NodeFileHost(), { roots: [dir] });
      const t = engine.template(path.join(dir, 'template.yaml'));
      assert.equal(t?.status, 'template');
      if (t?.status !== 'template') return;
      const fn = t.doc.functions[0];
      // As the editor sees it: no BOM column on line 0, the key on line 3 at character 2.
      assert.deepEqual(t.doc.source.range(fn.entry.key.from, fn.entry.key.to), { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } });
      assert.equal(fn.handlerTarget?.file, path.join(dir, 'src', 'app.py'));
      const code = engine.analyzeFile(path.join(dir, 'src', 'app.py'));
      assert.deepEqual(
        code.findings.map((f) => [f.ruleId, f.range.start]),
        [['LA002', { line: 2, character: 'def lambda_handler(event, context)'.length }]],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
