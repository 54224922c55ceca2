// Mutation suite for the engine: broken versions of the examples and of a generated workspace.
// Every case runs in a worker with a deadline (a hang fails the case); the engine must not throw,
// must keep every range inside the text, and broken input gets one parse-error finding at most.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { workspace } from '../helpers/engine';
import { assertAtMostParseErrors, assertOnlyParseErrorWhenBroken, assertSound, runCases } from './harness';
import type { FuzzCase } from './harness';
import {
  binary,
  decode,
  deepJs,
  deepJsBlocks,
  deepJson,
  deepPython,
  deepPythonBlocks,
  deepYamlBlock,
  deepYamlFlow,
  deepYamlMaps,
  exampleFiles,
  flipBytes,
  generatedFiles,
  invalidUtf8,
  lineBoundaries,
  sampleOffsets,
  withBom,
  withCr,
  withCrlf,
  yamlBillionLaughs,
  yamlSelfAlias,
  yamlWideAliases,
} from './mutations';

const EXAMPLES = exampleFiles();
const TEMPLATE = 'template.yaml';
const PY = 'src/orders/app.py';
const JS = 'src/notify/index.mjs';
const TS = 'src/thumbnails/app.ts';
const CODE_FILES = [PY, JS, TS, 'broken/code/src/report.py'];
const TEMPLATES = [TEMPLATE, 'broken/code/template.yaml', 'broken/template-syntax/template.yaml'];

/** Targets: the mutated file, plus a file that did not change (it must keep working). */
function targetsFor(file: string): string[] {
  return file === PY ? [PY, TEMPLATE] : [file, PY];
}

/** Truncations of `files[file]` at every line boundary (every `step`-th) and `samples` character offsets. */
function truncations(prefix: string, files: Record<string, string>, file: string, step = 1, samples = 30, seed = 1): FuzzCase[] {
  const text = files[file];
  const cuts = new Set([...lineBoundaries(text).filter((_, i) => i % step === 0), ...sampleOffsets(text, samples, seed)]);
  return [...cuts].map((at) => ({ name: `${prefix} ${file} cut at ${at}`, files: { ...files, [file]: text.slice(0, at) }, targets: targetsFor(file) }));
}

describe('engine on mutated examples', () => {
  test('truncation at every line boundary and sampled characters', async () => {
    for (const [i, file] of [...TEMPLATES, ...CODE_FILES].entries()) {
      const cases = truncations('examples', EXAMPLES, file, 1, 15, i + 1);
      const results = await runCases(cases);
      assertSound(results);
      assertOnlyParseErrorWhenBroken(results, `/ws/${file}`);
    }
  });

  test('random byte flips', async () => {
    const cases: FuzzCase[] = [];
    for (const [i, file] of [...TEMPLATES, ...CODE_FILES].entries())
      for (const flips of [1, 3, 10, 100])
        for (let k = 0; k < 4; k++)
          cases.push({ name: `examples ${file} ${flips} flips #${k}`, files: { ...EXAMPLES, [file]: decode(flipBytes(EXAMPLES[file], flips, 1000 * i + 10 * flips + k)) }, targets: targetsFor(file) });
    const results = await runCases(cases);
    assertSound(results);
    for (const file of [...TEMPLATES, ...CODE_FILES]) assertOnlyParseErrorWhenBroken(results.filter((r) => r.name.includes(` ${file} `)), `/ws/${file}`);
  });

  test('binary files with .py, .ts, .yaml and .json names', async () => {
    const cases: FuzzCase[] = [];
    for (const [i, file] of [TEMPLATE, 'template.json', 'serverless.yml', PY, JS, TS].entries())
      for (const size of [1, 100, 4096, 200_000]) {
        const bytes = decode(binary(size, i * 31 + size));
        cases.push({ name: `binary ${file} ${size} bytes`, files: { ...EXAMPLES, [file]: bytes }, targets: [file] });
        // Noise that mentions what templates mention, so the template parser really runs on it.
        cases.push({ name: `binary ${file} ${size} bytes + keywords`, files: { ...EXAMPLES, [file]: `Resources:\nAWSTemplateFormatVersion\n${bytes}` }, targets: [file] });
      }
    const results = await runCases(cases);
    assertSound(results);
    assertAtMostParseErrors(results);
  });

  test('BOM, CRLF and lone-CR line endings keep the findings of the original', async () => {
    const original = await runCases([{ name: 'original', files: EXAMPLES, targets: [TEMPLATE, PY, JS, TS] }]);
    assertSound(original);
    const ids = (r: (typeof original)[number]) => r.findings.map((f) => `${f.file} ${f.ruleId}`).sort();
    assert.ok(original[0].findings.length > 0, 'the examples have findings to compare');
    const map = (fn: (t: string) => string) => Object.fromEntries(Object.entries(EXAMPLES).map(([k, v]) => [k, fn(v)]));
    const variants = [
      { name: 'CRLF everywhere', files: map(withCrlf), same: true },
      // Text with a BOM only reaches the engine from an editor that keeps it in the buffer (NodeFileHost
      // drops it; disk.test.ts checks that path): it must not break anything, but Python calls it a syntax error.
      { name: 'BOM on every file', files: map(withBom), same: false },
      { name: 'BOM + CRLF', files: map((t) => withBom(withCrlf(t))), same: false },
      { name: 'lone CR line endings', files: map(withCr), same: false },
      { name: 'mixed endings', files: map((t) => t.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join('')), same: false },
    ];
    const results = await runCases(variants.map((v) => ({ name: v.name, files: v.files, targets: [TEMPLATE, PY, JS, TS] })));
    assertSound(results);
    for (const [i, v] of variants.entries()) if (v.same) assert.deepEqual(ids(results[i]), ids(original[0]), v.name);
  });

  test('invalid UTF-8 inside every file', async () => {
    const cases = [...TEMPLATES, ...CODE_FILES].map((file) => ({
      name: `invalid utf-8 in ${file}`,
      files: { ...EXAMPLES, [file]: decode(invalidUtf8(EXAMPLES[file])) },
      targets: targetsFor(file),
    }));
    const results = await runCases(cases);
    assertSound(results);
  });

  test('a file over the size limit gets one info finding saying it was skipped', async () => {
    const big = (unit: string) => unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));
    const cases: FuzzCase[] = [
      { name: '10 MB template', files: { ...EXAMPLES, [TEMPLATE]: EXAMPLES[TEMPLATE] + big('# padding padding padding\n') }, targets: [TEMPLATE] },
      { name: '10 MB handler', files: { ...EXAMPLES, [PY]: EXAMPLES[PY] + big('# padding padding padding\n') }, targets: [PY] },
    ];
    const results = await runCases(cases, 30_000);
    assertSound(results);
    for (const r of results) {
      assert.equal(r.findings.length, 1, `${r.name}: ${JSON.stringify(r.findings)}`);
      assert.equal(r.findings[0].severity, 'info', r.name);
      assert.match(r.findings[0].message, /Not analysed: the file is 10\.\d MB, over the \d+ MB limit/, r.name);
    }
  });

  test('10,000-level nesting in YAML, JSON, Python and JavaScript', async () => {
    const deepTemplates: FuzzCase[] = [
      { name: 'deep YAML flow sequences', files: { ...EXAMPLES, [TEMPLATE]: deepYamlFlow() }, targets: [TEMPLATE, PY] },
      { name: 'deep YAML flow maps', files: { ...EXAMPLES, [TEMPLATE]: deepYamlMaps() }, targets: [TEMPLATE, PY] },
      { name: 'deep YAML block maps (1,000)', files: { ...EXAMPLES, [TEMPLATE]: deepYamlBlock() }, targets: [TEMPLATE, PY] },
      { name: 'deep JSON', files: { ...EXAMPLES, 'template.json': deepJson() }, targets: ['template.json'] },
    ];
    const deepCode: FuzzCase[] = [
      { name: 'deep Python expressions', files: { ...EXAMPLES, [PY]: deepPython() }, targets: [PY, TEMPLATE] },
      { name: 'deep Python blocks (1,000)', files: { ...EXAMPLES, [PY]: deepPythonBlocks() }, targets: [PY] },
      { name: 'deep JS expressions', files: { ...EXAMPLES, [JS]: deepJs() }, targets: [JS] },
      { name: 'deep JS blocks', files: { ...EXAMPLES, [JS]: deepJsBlocks() }, targets: [JS] },
      { name: 'deep TS expressions', files: { ...EXAMPLES, [TS]: deepJs() }, targets: [TS] },
    ];
    const t = await runCases(deepTemplates, 20_000);
    assertSound(t);
    // A template nobody can deploy: at most its parse error.
    assertAtMostParseErrors(t.map((r) => ({ ...r, findings: r.findings.filter((f) => f.file !== `/ws/${PY}`) })));
    assertSound(await runCases(deepCode, 20_000));
  });

  test('deep code on the main thread (the stack the server and the CLI have) gives LA002, not an exception', () => {
    // Workers get a bigger stack than the main thread, so deep code is checked here too (Lezer builds trees recursively).
    for (const [file, text] of [
      [JS, deepJs()],
      [TS, deepJs()],
      [PY, deepPython()],
    ]) {
      const { engine } = workspace({ ...EXAMPLES, [file]: text });
      const found = engine.analyzeFile(`/ws/${file}`).findings;
      assert.deepEqual(
        found.map((f) => f.ruleId),
        ['LA002'],
        `${file}: ${JSON.stringify(found)}`,
      );
    }
  });

  test('YAML alias bombs are refused quickly', async () => {
    const cases: FuzzCase[] = [
      { name: 'billion laughs', files: { ...EXAMPLES, [TEMPLATE]: yamlBillionLaughs() }, targets: [TEMPLATE, PY] },
      { name: '5,000 aliases of one anchor', files: { ...EXAMPLES, [TEMPLATE]: yamlWideAliases() }, targets: [TEMPLATE, PY] },
      { name: 'self-referencing merge', files: { ...EXAMPLES, [TEMPLATE]: yamlSelfAlias() }, targets: [TEMPLATE, PY] },
    ];
    const results = await runCases(cases, 10_000);
    assertSound(results);
    assertAtMostParseErrors(results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.file === `/ws/${TEMPLATE}`) })));
  });

  test('a Handler or CodeUri that points outside the workspace', async () => {
    const tpl = (codeUri: string, handler: string) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Handler: ${handler}\n      Runtime: python3.12\n`;
    const cases: FuzzCase[] = [
      ['../../etc', 'passwd.handler'],
      ['../../../../../../../../etc', 'shadow.lambda_handler'],
      ['.', '../../etc/passwd.handler'],
      ['/etc', 'hosts.handler'],
      ["''", '.'],
      ['src/orders', '...'],
      ['src/orders', 'app.'],
      ['s3://bucket/key.zip', 'app.lambda_handler'],
    ].map(([codeUri, handler]) => ({ name: `CodeUri ${codeUri} Handler ${handler}`, files: { ...EXAMPLES, [TEMPLATE]: tpl(codeUri, handler) }, targets: [TEMPLATE, PY] }));
    const results = await runCases(cases);
    assertSound(results);
    for (const r of results) assert.ok(r.findings.every((f) => f.file.startsWith('/ws/')), `${r.name}: no finding outside the workspace`);
  });

  test('a rule that throws is reported once and the other rules still run', async () => {
    const targets = [TEMPLATE, PY, JS, TS];
    const [plain, throwing] = await runCases([
      { name: 'plain', files: EXAMPLES, targets },
      { name: 'with throwing rules', files: EXAMPLES, targets, throwingRules: true },
    ]);
    assert.deepEqual(plain.ruleErrors, []);
    // Two throwing rules, four files: one report per rule, not per file.
    assert.equal(throwing.ruleErrors.length, 2, throwing.ruleErrors.join('\n'));
    assert.match(throwing.ruleErrors.join('\n'), /LA990 on .*deliberate failure in a code rule/);
    assert.match(throwing.ruleErrors.join('\n'), /LA991 on .*deliberate failure in a template rule/);
    assert.equal(throwing.error, undefined);
    const ids = (r: typeof plain) => r.findings.map((f) => `${f.file} ${f.ruleId} ${f.message}`).sort();
    assert.ok(plain.findings.some((f) => f.ruleId === 'LA101') && plain.findings.some((f) => f.ruleId === 'LA201'), 'code and template rules fire');
    assert.deepEqual(ids(throwing), ids(plain));
  });
});

describe('engine on a mutated generated workspace', () => {
  let dir: string;
  let files: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-audit-fuzz-gen-'));
    files = generatedFiles(dir, 10);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('truncations and byte flips of the template and three 300-line handlers', async () => {
    const tpl = 'services/svc-00/template.yaml';
    const handlers = ['services/svc-00/src/fn-0/app.py', 'services/svc-00/src/fn-1/index.mjs', 'services/svc-00/src/fn-2/app.ts'];
    assert.ok(files[tpl] && handlers.every((h) => files[h]), 'generated files exist');
    const cases: FuzzCase[] = [
      ...truncations('generated', files, tpl, 8, 10, 7).map((c) => ({ ...c, targets: [tpl, handlers[0]] })),
      ...handlers.flatMap((h, i) => truncations('generated', files, h, 20, 8, 8 + i).map((c) => ({ ...c, targets: [h] }))),
      ...[tpl, ...handlers].flatMap((f, i) =>
        [1, 100].map((flips) => ({ name: `generated ${f} ${flips} flips`, files: { ...files, [f]: decode(flipBytes(files[f], flips, 77 + i * 3 + flips)) }, targets: [f] })),
      ),
    ];
    const results = await runCases(cases);
    assertSound(results);
    for (const f of [tpl, ...handlers]) assertOnlyParseErrorWhenBroken(results.filter((r) => r.name.includes(` ${f} `)), `/ws/${f}`);
  });
});
