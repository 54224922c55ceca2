import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import { samFn, samTemplate, serverless, slsFn } from '../helpers/sam';

const ID = 'LA302';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));

/** Fn with code in src/; `env`: more property lines (its Environment). */
const sam = (env = '', runtime = 'python3.13', handler = 'app.handler') => samTemplate(samFn('Fn', { codeUri: 'src/', handler, runtime, props: env }));

const PY = `import os

TABLE = os.environ['TABLE_NAME']
STAGE = os.environ.get('STAGE', 'dev')
REGION = os.environ['AWS_REGION']

def handler(event, context):
    debug = os.getenv('DEBUG') or 'no'
    return os.environ.get('BUCKET')
`;

function fixOf(files: Files, file: string, name: string) {
  const f = run(files, file).find((x) => x.message.startsWith(name));
  assert.ok(f?.fixes?.[0], `expected a fix for ${name}`);
  return applyFix(files, f.fixes[0]);
}

describe('LA302 env-var-undeclared', () => {
  it('Python: reads without a default of undeclared variables fire in the code; defaults and runtime variables are quiet', () => {
    const files = { 'template.yaml': sam(), 'src/app.py': PY };
    const fs = run(files, 'src/app.py');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ["'TABLE_NAME'", "'BUCKET'"]);
    assert.equal(fs[0].message, 'TABLE_NAME is read without a default, but Fn does not declare it in its Environment.Variables: in Lambda it is not set.');
    assert.equal(fs[0].severity, 'warning');
    assert.equal(fs[0].related?.[0].file, '/ws/template.yaml');
  });

  it('declared (own or Globals) is quiet', () => {
    const env = '      Environment:\n        Variables:\n          TABLE_NAME: t\n';
    const glob = samTemplate(samFn('Fn', { codeUri: 'src/', props: env }), { globals: '    Environment:\n      Variables:\n        BUCKET: b\n' });
    assert.deepEqual(run({ 'template.yaml': glob, 'src/app.py': PY }, 'src/app.py'), []);
  });

  it('fix: creates Environment.Variables with a TODO placeholder (YAML), or adds to the existing map', () => {
    const files = { 'template.yaml': sam(), 'src/app.py': PY };
    const out = fixOf(files, 'src/app.py', 'TABLE_NAME');
    assert.equal(out['template.yaml'], sam('      Environment:\n        Variables:\n          TABLE_NAME: TODO\n'));
    assertParses('template.yaml', out['template.yaml']);
    assert.deepEqual(run(out, 'src/app.py').map((f) => rangeText(out, f)), ["'BUCKET'"]);
    const out2 = fixOf(out, 'src/app.py', 'BUCKET');
    assert.equal(out2['template.yaml'], sam('      Environment:\n        Variables:\n          TABLE_NAME: TODO\n          BUCKET: TODO\n'));
    assert.equal(run(out2, 'src/app.py').length, 0);
  });

  it('JS/TS: process.env.X, ["X"], destructuring; ?? / || / destructuring defaults are quiet', () => {
    const js = `const { TABLE, MODE = 'a' } = process.env;
const q = process.env['QUEUE_URL'];
const lvl = process.env.LEVEL ?? 'info';
export const handler = async () => process.env.TOPIC || 'x';
const fn = () => process.env.AWS_LAMBDA_FUNCTION_NAME + process.env.SECRET;
`;
    const files = { 'template.yaml': sam('', 'nodejs22.x', 'index.handler'), 'src/index.ts': js };
    assert.deepEqual(run(files, 'src/index.ts').map((f) => rangeText(files, f)), ['TABLE', "'QUEUE_URL'", 'SECRET']);
  });

  it('JSON and serverless.yml fixes', () => {
    const json = `{
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Code": "src",
        "Handler": "app.handler",
        "Runtime": "python3.13",
        "Environment": {
          "Variables": {
            "A": "1"
          }
        }
      }
    }
  }
}
`;
    const files = { 'template.json': json, 'src/app.py': "import os\ndef handler(e, c):\n    return os.environ['A'] + os.environ['B']\n" };
    const out = fixOf(files, 'src/app.py', 'B');
    assert.equal(out['template.json'], json.replace('"A": "1"', '"A": "1",\n            "B": "TODO"'));
    assertParses('template.json', out['template.json']);
    assert.equal(run(out, 'src/app.py').length, 0);

    const sls = serverless(slsFn('hello', 'handler.hello'));
    const sfiles = { 'serverless.yml': sls, 'handler.js': 'exports.hello = async () => process.env.TABLE;\n' };
    const sout = fixOf(sfiles, 'handler.js', 'TABLE');
    assert.equal(sout['serverless.yml'], sls + '    environment:\n      TABLE: TODO\n');
    assert.equal(run(sout, 'handler.js').length, 0);
  });

  it('hint: a declared variable no code file reads (info, in the template); quiet when any file reads it or reads are dynamic', () => {
    const env = '      Environment:\n        Variables:\n          UNUSED: x\n          USED: y\n          POWERTOOLS_SERVICE_NAME: svc\n';
    const files = { 'template.yaml': sam(env), 'src/app.py': 'from lib import go\ndef handler(e, c):\n    return go()\n', 'src/lib.py': "import os\ndef go():\n    return os.environ['USED']\n" };
    const [h, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(h.severity, 'info');
    assert.equal(rangeText(files, h), 'UNUSED');
    assert.equal(h.message, 'UNUSED is declared for Fn but no code file under src reads it; remove it if nothing else (a layer, a library) uses it.');
    const dynamic = { ...files, 'src/lib.py': "import os\ndef go():\n    return dict(os.environ)\n" };
    assert.equal(run(dynamic, 'template.yaml').length, 0);
  });

  it('quiet: environment given as an intrinsic the template does not spell out', () => {
    const env = '      Environment: !If [IsProd, {Variables: {A: 1}}, !Ref AWS::NoValue]\n';
    assert.equal(run({ 'template.yaml': sam(env), 'src/app.py': PY }, 'src/app.py').length, 0);
  });
});
