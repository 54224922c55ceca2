import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA301';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

const sam = (handler: string, runtime = 'python3.13', codeUri = 'src/') => samTemplate(samFn('Fn', { codeUri, handler, runtime }));

function fixed(files: Files, file: string): Files {
  const [f] = run(files, file);
  const fix = f.fixes?.[0];
  assert.ok(fix, 'expected a fix');
  const out = applyFix(files, fix);
  assertParses(file, out[file]);
  assert.equal(run(out, file).length, 0, `still fires after the fix:\n${out[file]}`);
  return out;
}

describe('LA301 handler-not-found', () => {
  it('missing file: lists the files tried; fix points at the one file that has the symbol', () => {
    const files = { 'template.yaml': sam('app.lambda_handler'), 'src/main.py': 'def lambda_handler(event, context):\n    return 1\n' };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Handler "app.lambda_handler" of Fn resolves to no file; tried src/app.py.');
    assert.equal(rangeText(files, f), 'app.lambda_handler');
    assert.equal(f.fixes?.[0].title, 'Point Handler at main.lambda_handler');
    assert.equal(fixed(files, 'template.yaml')['template.yaml'], sam('main.lambda_handler'));
  });

  it('Python: file without the function; fix replaces the symbol with the one (event, context) function', () => {
    const files = { 'template.yaml': sam('app.handler'), 'src/app.py': 'def _helper(x):\n    return x\n\ndef lambda_handler(event, context):\n    return 1\n' };
    const [f] = run(files, 'template.yaml');
    assert.equal(f.message, 'Handler "app.handler" of Fn: src/app.py has no top-level function handler.');
    assert.equal(fixed(files, 'template.yaml')['template.yaml'], sam('app.lambda_handler'));
  });

  it('quiet: the name is bound another way (import, assignment), or the package has a dotted module path', () => {
    assert.equal(run({ 'template.yaml': sam('app.handler'), 'src/app.py': 'from lib import handler\n' }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('app.handler'), 'src/app.py': 'handler = make_handler()\n' }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('pkg.app.handler'), 'src/pkg/app.py': 'def handler(e, c):\n    pass\n' }, 'template.yaml').length, 0);
  });

  it('JS: a local function that is not exported is reported on both sides', () => {
    const js = 'function handler(event) {\n  return 1;\n}\n';
    const files = { 'template.yaml': sam('index.handler', 'nodejs22.x'), 'src/index.js': js };
    const [t] = run(files, 'template.yaml');
    assert.equal(t.message, 'Handler "index.handler" of Fn: handler exists in src/index.js but is not exported.');
    assert.equal(t.fixes, undefined);
    assert.equal(t.related?.[0].file, '/ws/src/index.js');
    const [c] = run(files, 'src/index.js');
    assert.equal(rangeText(files, c), 'handler');
    assert.match(c.message, /is the handler of Fn but is not exported/);
  });

  it('JS/TS: exports of every kind count, including wrapped handlers', () => {
    for (const js of [
      'exports.handler = async (e) => 1;\n',
      'module.exports = { handler: wrap(x) };\n',
      'export const handler = middy(base);\n',
      'const h = async () => 1;\nexport { h as handler };\n',
    ])
      assert.equal(run({ 'template.yaml': sam('index.handler', 'nodejs22.x'), 'src/index.js': js }, 'template.yaml').length, 0, js);
    const ts = { 'template.yaml': sam('app.handler', 'nodejs22.x'), 'src/app.ts': 'export const main = async () => 1;\n' };
    const [f] = run(ts, 'template.yaml');
    assert.equal(f.message, 'Handler "app.handler" of Fn: src/app.ts does not export handler.');
    assert.equal(fixed(ts, 'template.yaml')['template.yaml'], sam('app.main', 'nodejs22.x'));
  });

  it('quiet: inline code, images, S3 CodeUri, a code dir that is not there, runtimes we do not read', () => {
    assert.equal(run({ 'template.yaml': sam('app.handler', 'python3.13', 's3://bucket/code.zip') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('app.handler', 'python3.13', '.aws-sam/build/Fn') }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('com.example.Handler::handleRequest', 'java21'), 'src/x.txt': '' }, 'template.yaml').length, 0);
    assert.equal(run({ 'template.yaml': sam('bootstrap', 'provided.al2023'), 'src/main.go': '' }, 'template.yaml').length, 0);
    const inline = sam('index.handler', 'python3.13').replace('      CodeUri: src/\n', "      InlineCode: 'def handler(e, c): pass'\n");
    assert.equal(run({ 'template.yaml': inline }, 'template.yaml').length, 0);
    const image = sam('index.handler').replace('      CodeUri: src/\n', '      PackageType: Image\n');
    assert.equal(run({ 'template.yaml': image, 'src/a.py': '' }, 'template.yaml').length, 0);
  });

  it('JSON, Globals and serverless.yml', () => {
    const json = JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 'src', Handler: 'app.handler', Runtime: 'python3.13' } } } }, null, 2);
    const jfiles = { 'template.json': json, 'src/app.py': 'def main(event, context):\n    pass\n' };
    assert.equal(fixed(jfiles, 'template.json')['template.json'], json.replace('"app.handler"', '"app.main"'));
    const glob = `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Handler: app.handler\n    Runtime: python3.13\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n`;
    const [g] = run({ 'template.yaml': glob, 'other.py': 'x = 1\n' }, 'template.yaml');
    assert.equal(g.message, 'Handler "app.handler" of Fn (from Globals) resolves to no file; tried app.py.');
    const sls = serverless(slsFn('hello', 'src/handler.hello'));
    const [s] = run({ 'serverless.yml': sls, 'src/handler.js': 'module.exports.hi = async () => 1;\n' }, 'serverless.yml');
    assert.equal(s.message, 'Handler "src/handler.hello" of hello: src/handler.js does not export hello.');
    assert.equal(fixed({ 'serverless.yml': sls, 'src/handler.js': 'module.exports.hi = async () => 1;\n' }, 'serverless.yml')['serverless.yml'], sls.replace('src/handler.hello', 'src/handler.hi'));
  });

  it('no fix when the choice is ambiguous', () => {
    const files = { 'template.yaml': sam('app.handler'), 'src/app.py': 'def a(event, context):\n    pass\n\ndef b(event, context):\n    pass\n' };
    const [f] = run(files, 'template.yaml');
    assert.equal(f.fixes, undefined);
  });
});

describe('LA301 handler-not-found: barrels with `export * from`', () => {
  const node = (handler: string) => sam(handler, 'nodejs20.x');
  const exported = (name: string) => `export const ${name} = async (event) => ({ statusCode: 200 });\n`;

  it('fires when no module the barrel re-exports offers the name, following stars of stars', () => {
    const files = {
      'template.yaml': node('index.handler'),
      'src/index.mjs': `export * from './orders.mjs';\nexport * from './lib/index.mjs';\n`,
      'src/orders.mjs': exported('ordersHandler'),
      'src/lib/index.mjs': `export * from './util.mjs';\n`,
      'src/lib/util.mjs': exported('format'),
    };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.message, 'Handler "index.handler" of Fn: src/index.mjs does not export handler, nor does any module it re-exports with `export *`.');
    assert.equal(rangeText(files, f), 'index.handler');
  });

  it('fires when two star exports offer the name: ECMAScript exports it from neither', () => {
    const files = {
      'template.yaml': node('index.handler'),
      'src/index.mjs': `export * from './a.mjs';\nexport * from './b.mjs';\n`,
      'src/a.mjs': exported('handler'),
      'src/b.mjs': exported('handler'),
    };
    const [f] = run(files, 'template.yaml');
    assert.equal(
      f.message,
      'Handler "index.handler" of Fn: src/index.mjs offers handler through more than one `export *` statement (src/a.mjs, src/b.mjs), and such a name is exported from neither; export it by name from one of them.',
    );
  });

  it('stays quiet when one star export offers it, or when what a star brings in cannot be known', () => {
    const quiet = (index: string, more: Files) => assert.deepEqual(run({ 'template.yaml': node('index.handler'), 'src/index.mjs': index, ...more }, 'template.yaml'), []);
    // Followed to the one module that offers it.
    quiet(`export * from './a.mjs';\nexport * from './b.mjs';\n`, { 'src/a.mjs': exported('other'), 'src/b.mjs': exported('handler') });
    // A package: its exports are not read.
    quiet(`export * from 'handlers-lib';\n`, {});
    // A star target that builds its exports at run time.
    quiet(`export * from './built.cjs';\n`, { 'src/built.cjs': `module.exports = makeHandlers();\n` });
    // A star target that is not there.
    quiet(`export * from './missing.mjs';\n`, {});
  });

  it('a local function exported through what cannot be named is not called "not exported"; TypeScript `export =` is read like module.exports', () => {
    const quiet = (file: string, code: string) => assert.deepEqual(run({ 'template.yaml': node('index.handler'), [`src/${file}`]: code }, 'template.yaml'), []);
    quiet('index.js', `const handler = async () => 1;
module.exports = wrap({ handler });
`);
    quiet('index.ts', `const handler = async () => 1;
export = { handler };
`);
    quiet('index.ts', `const handler = async () => 1;
export = build(handler);
`);
    // The near miss: an object literal that leaves it out is read, and it is reported.
    const files = { 'template.yaml': node('index.handler'), 'src/index.ts': `const handler = async () => 1;
export = { other: handler };
` };
    assert.equal(run(files, 'template.yaml')[0]?.message, 'Handler "index.handler" of Fn: handler exists in src/index.ts but is not exported.');
  });

  it('`export * as ns` exports the one name ns', () => {
    const files = { 'template.yaml': node('index.handler'), 'src/index.mjs': `export * as handlers from './a.mjs';\n`, 'src/a.mjs': exported('handler') };
    assert.equal(run(files, 'template.yaml')[0]?.message, 'Handler "index.handler" of Fn: src/index.mjs does not export handler.');
    assert.deepEqual(run({ ...files, 'template.yaml': node('index.handlers') }, 'template.yaml'), []);
  });
});
