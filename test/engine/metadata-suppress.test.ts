// Resource-level suppressions: Metadata: { lambda-audit: { ignore: [ { id, reason } ] } }.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMetadataIgnore } from '../../server/src/engine/template/ignoreMetadata';
import { applyEdits } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import { WS, assertParses, rangeText, workspace } from '../helpers/engine';
import type { Files } from '../helpers/engine';

// LA208 (no MemorySize) fires on each function's logical id; LA003 reports unused suppressions.
const RULES = { rules: ALL_RULES.filter((r) => ['LA208', 'LA003', 'LA001'].includes(r.meta.id)) };

function analyze(files: Files, file: string): Finding[] {
  return workspace(files, RULES).engine.analyzeFile(`${WS}/${file}`).findings;
}

const yamlTemplate = (aMeta: string, bMeta = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  AFunction:
    Type: AWS::Serverless::Function
${aMeta}    Properties:
      Handler: app.handler
      Runtime: python3.13
  BFunction:
    Type: AWS::Serverless::Function
${bMeta}    Properties:
      Handler: app.handler
      Runtime: python3.13
`;

const jsonTemplate = (aMeta: string) => `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "AFunction": {
      "Type": "AWS::Serverless::Function",${aMeta}
      "Properties": { "Handler": "app.handler", "Runtime": "python3.13" }
    },
    "BFunction": {
      "Type": "AWS::Serverless::Function",
      "Properties": { "Handler": "app.handler", "Runtime": "python3.13" }
    }
  }
}
`;

describe('template Metadata suppressions', () => {
  it('YAML: suppresses the named rule inside its resource only, keeping the finding with the reason', () => {
    const meta = '    Metadata:\n      lambda-audit:\n        ignore:\n          - id: LA208\n            reason: load test showed 128 MB is enough\n';
    const files = { 'template.yaml': yamlTemplate(meta) };
    const all = analyze(files, 'template.yaml');
    const a = all.find((f) => f.ruleId === 'LA208' && rangeText(files, f) === 'AFunction')!;
    const b = all.find((f) => f.ruleId === 'LA208' && rangeText(files, f) === 'BFunction')!;
    assert.ok(a && b, JSON.stringify(all));
    assert.equal(a.suppression?.kind, 'inSource');
    assert.equal(a.suppression?.justification, 'load test showed 128 MB is enough');
    assert.equal(rangeText(files, { ...a, range: a.suppression!.range }), 'id: LA208\n            reason: load test showed 128 MB is enough');
    assert.equal(b.suppression, undefined, 'the other resource is not covered');
    assert.equal(all.filter((f) => f.ruleId === 'LA003').length, 0);
  });

  it('JSON: the same block works where no comments exist; ids are case-insensitive', () => {
    const meta = '\n      "Metadata": { "lambda-audit": { "ignore": [ { "id": "la208", "reason": "sized by tests" } ] } },';
    const files = { 'template.json': jsonTemplate(meta) };
    const all = analyze(files, 'template.json');
    const a = all.find((f) => f.ruleId === 'LA208' && rangeText(files, f) === '"AFunction"')!;
    const b = all.find((f) => f.ruleId === 'LA208' && rangeText(files, f) === '"BFunction"')!;
    assert.equal(a.suppression?.justification, 'sized by tests');
    assert.equal(b.suppression, undefined);
  });

  it('near miss: an ignore of another rule suppresses nothing and is reported as LA003 on the item', () => {
    const meta = '    Metadata:\n      lambda-audit:\n        ignore:\n          - { id: LA216, reason: tracing is off on purpose }\n';
    const files = { 'template.yaml': yamlTemplate(meta) };
    const all = analyze(files, 'template.yaml');
    assert.ok(all.filter((f) => f.ruleId === 'LA208').every((f) => !f.suppression));
    const unused = all.filter((f) => f.ruleId === 'LA003');
    assert.equal(unused.length, 1);
    assert.equal(rangeText(files, unused[0]), '{ id: LA216, reason: tracing is off on purpose }');
    assert.equal(unused[0].message, 'This Metadata suppression of LA216 on AFunction no longer suppresses anything; remove it.');
    assert.deepEqual(unused[0].tags, ['unnecessary']);
  });

  it('near miss: Metadata of another shape (no lambda-audit key, or ignore not a list) suppresses nothing', () => {
    for (const meta of ['    Metadata:\n      ignore:\n        - id: LA208\n', '    Metadata:\n      lambda-audit:\n        ignore: LA208\n']) {
      const files = { 'template.yaml': yamlTemplate(meta) };
      const all = analyze(files, 'template.yaml');
      assert.equal(all.filter((f) => f.ruleId === 'LA208' && !f.suppression).length, 2, meta);
    }
  });
});

describe('addMetadataIgnore writes the block', () => {
  function add(files: Files, file: string, resource: string, id: string): string {
    const { engine } = workspace(files, RULES);
    const r = engine.template(`${WS}/${file}`);
    assert.equal(r?.status, 'template');
    const doc = (r as Extract<typeof r, { status: 'template' }>)!.doc;
    const edits = addMetadataIgnore(doc, doc.resources.get(resource)!, id);
    assert.ok(edits, 'expected edits');
    const out = applyEdits(files[file], edits.map((e) => doc.source.edit(e.from, e.to, e.text)));
    assertParses(file, out);
    const after = analyze({ ...files, [file]: out }, file);
    const target = after.find((f) => f.ruleId === id && f.functionId === resource);
    assert.ok(target?.suppression, `not suppressed after the edit:\n${out}`);
    assert.equal(after.filter((f) => f.ruleId === 'LA003').length, 0);
    return out;
  }

  it('YAML without Metadata: a new block between Type and Properties', () => {
    const out = add({ 'template.yaml': yamlTemplate('') }, 'template.yaml', 'BFunction', 'LA208');
    assert.equal(
      out,
      yamlTemplate('', '    Metadata:\n      lambda-audit:\n        ignore:\n          - { id: LA208, reason: reason }\n'),
    );
  });

  it('YAML with Metadata (BuildMethod) and with an ignore list: adds the key, then appends the item', () => {
    const build = '    Metadata:\n      BuildMethod: python3.13\n';
    const out = add({ 'template.yaml': yamlTemplate(build) }, 'template.yaml', 'AFunction', 'LA208');
    assert.equal(
      out,
      yamlTemplate('    Metadata:\n      BuildMethod: python3.13\n      lambda-audit:\n        ignore:\n          - { id: LA208, reason: reason }\n'),
    );
    const listed = '    Metadata:\n      lambda-audit:\n        ignore:\n          - id: LA216\n            reason: off on purpose\n';
    const { engine } = workspace({ 'template.yaml': yamlTemplate(listed) }, RULES);
    const doc = (engine.template(`${WS}/template.yaml`) as { doc: any }).doc;
    const edits = addMetadataIgnore(doc, doc.resources.get('AFunction'), 'LA208')!;
    const appended = applyEdits(yamlTemplate(listed), edits.map((e) => doc.source.edit(e.from, e.to, e.text)));
    assert.equal(appended, yamlTemplate(`${listed}          - { id: LA208, reason: reason }\n`));
    assertParses('template.yaml', appended);
  });

  it('JSON without Metadata: a new "Metadata" member in the file\'s layout', () => {
    const out = add({ 'template.json': jsonTemplate('') }, 'template.json', 'AFunction', 'LA208');
    assert.equal(
      out,
      jsonTemplate(
        '\n      "Metadata": {\n        "lambda-audit": {\n          "ignore": [\n            {\n              "id": "LA208",\n              "reason": "reason"\n            }\n          ]\n        }\n      },',
      ),
    );
  });
});
