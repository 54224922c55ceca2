import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, workspace, WS, type Files } from '../helpers/engine';

const only = onlyRule('LA102');

function check(file: string, text: string) {
  const files: Files = { [file]: text };
  return { files, found: findings(files, file, 'LA102', only) };
}

/** Fires exactly once; returns the finding's range text and message. */
function fires(file: string, text: string): { range: string; message: string } {
  const { files, found } = check(file, text);
  assert.equal(found.length, 1, `expected one LA102 in:\n${text}\ngot ${JSON.stringify(found.map((f) => f.message))}`);
  return { range: rangeText(files, found[0]), message: found[0].message };
}

function quiet(file: string, text: string): void {
  // The file must be read as a handler module, or "no finding" would prove nothing.
  assert.equal(workspace({ [file]: text }, only).engine.analyzeFile(`${WS}/${file}`).kind, 'code', `no handler found in:\n${text}`);
  const { found } = check(file, text);
  assert.deepEqual(found.map((f) => f.message), [], `expected no LA102 in:\n${text}`);
}

/** Applies the single finding's fix, compares with `expected`, re-checks and parses the result. */
function fixesTo(file: string, text: string, expected: string): void {
  const { files, found } = check(file, text);
  assert.equal(found.length, 1);
  const fix = found[0].fixes?.[0];
  assert.ok(fix, 'expected a fix');
  assert.equal(fix.title, 'Remove the /tmp file in a finally block');
  const out = applyFix(files, fix)[file];
  assert.equal(out, expected);
  assertParses(file, out);
  assert.deepEqual(findings({ [file]: out }, file, 'LA102', only), []);
}

describe('LA102 tmp-file-not-removed: Python', () => {
  it('fires on `with open(..., "w")` under /tmp that is never removed', () => {
    const r = fires('app.py', `def handler(event, context):\n    with open('/tmp/out.txt', 'w') as f:\n        f.write(event['body'])\n    return {'ok': True}\n`);
    assert.equal(r.range, "open('/tmp/out.txt', 'w')");
    assert.match(r.message, /never removed/);
    assert.match(r.message, /finally/);
  });

  it('fires on an f-string path written by s3.download_file', () => {
    const r = fires(
      'app.py',
      `import boto3\ns3 = boto3.client('s3')\n\ndef handler(event, context):\n    key = event['key']\n    s3.download_file('bucket', key, f"/tmp/{key}")\n    return key\n`,
    );
    assert.equal(r.range, `s3.download_file('bucket', key, f"/tmp/{key}")`);
  });

  it('fires on a keyword write mode and a path joined to tempfile.gettempdir() through a local name', () => {
    const r = fires(
      'app.py',
      `import os\nimport tempfile\n\ndef handler(event, context):\n    name = os.path.join(tempfile.gettempdir(), event['name'])\n    fh = open(name, mode='ab')\n    fh.close()\n`,
    );
    assert.equal(r.range, "open(name, mode='ab')");
  });

  it('fires on pathlib write_text and on shutil.copy into /tmp', () => {
    const { found } = check(
      'app.py',
      `import shutil\nfrom pathlib import Path\nTMP = '/tmp'\n\ndef handler(event, context):\n    Path('/tmp/a.json').write_text('{}')\n    shutil.copy('data.db', TMP + '/data.db')\n`,
    );
    assert.equal(found.length, 2);
  });

  it('fires on a write in a module helper the handler calls', () => {
    const r = fires('app.py', `def save(data):\n    with open('/tmp/data.bin', 'wb') as f:\n        f.write(data)\n\ndef handler(event, context):\n    save(b'x')\n`);
    assert.equal(r.range, "open('/tmp/data.bin', 'wb')");
  });

  it('a removal only on the success path fires with the exception message', () => {
    const r = fires(
      'app.py',
      `import os\n\ndef handler(event, context):\n    path = '/tmp/report.csv'\n    with open(path, 'w') as f:\n        f.write(event['csv'])\n    if not event.get('ok'):\n        raise ValueError('bad report')\n    os.remove(path)\n    return 1\n`,
    );
    assert.match(r.message, /not removed when an exception is raised \(line 8 leaves before the removal on line 9\)/);
    assert.doesNotMatch(r.message, /never removed/);
  });

  it('a removal skipped by an early return fires with the early-return message', () => {
    const r = fires(
      'app.py',
      `import os\n\ndef handler(event, context):\n    p = '/tmp/x'\n    open(p, 'w').write('x')\n    if event.get('skip'):\n        return None\n    os.unlink(p)\n`,
    );
    assert.match(r.message, /not removed on the early return at line 7/);
  });

  it('a removal that only a helper known to raise can skip fires', () => {
    const r = fires(
      'app.py',
      `import os\n\ndef validate(p):\n    raise ValueError(p)\n\ndef handler(event, context):\n    p = '/tmp/x'\n    open(p, 'w').write('x')\n    validate(p)\n    os.remove(p)\n`,
    );
    assert.match(r.message, /exception is raised \(line 9/);
  });

  it('quiet: removed in finally (also through a cleanup helper, and an existence guard)', () => {
    quiet(
      'app.py',
      `import os\n\ndef handler(event, context):\n    path = f"/tmp/{event['id']}"\n    try:\n        with open(path, 'w') as f:\n            f.write('x')\n        if event.get('early'):\n            return 1\n        raise RuntimeError('boom')\n    finally:\n        if os.path.exists(path):\n            os.remove(path)\n`,
    );
    quiet(
      'app.py',
      `import os\n\ndef cleanup(p):\n    os.remove(p)\n\ndef handler(event, context):\n    p = '/tmp/x'\n    try:\n        open(p, 'w').write('x')\n    finally:\n        cleanup(p)\n`,
    );
  });

  it('quiet: a helper downloads the file and the handler removes what it returned in finally', () => {
    quiet(
      'app.py',
      `import os\nimport boto3\ns3 = boto3.client('s3')\n\ndef download(key):\n    path = f"/tmp/{key}"\n    s3.download_file('b', key, path)\n    return path\n\ndef handler(event, context):\n    p = download(event['key'])\n    try:\n        return len(open(p).read())\n    finally:\n        os.remove(p)\n`,
    );
  });

  it('fires when the removal sits in one branch only', () => {
    const r = fires('app.py', `import os\n\ndef handler(event, context):\n    open('/tmp/x', 'w').write('x')\n    if event.get('clean'):\n        os.remove('/tmp/x')\n`);
    assert.match(r.message, /removed only on some paths \(line 6\)/);
  });

  it('quiet: removed at the end with nothing leaving in between, and a pathlib unlink', () => {
    quiet('app.py', `import os\n\ndef handler(event, context):\n    p = '/tmp/x'\n    open(p, 'w').write('x')\n    n = len(open(p).read())\n    os.remove(p)\n    return n\n`);
    quiet('app.py', `from pathlib import Path\n\ndef handler(event, context):\n    p = Path('/tmp/a.json')\n    p.write_text('{}')\n    p.unlink()\n`);
  });

  it('quiet: TemporaryDirectory, NamedTemporaryFile, mkdtemp with rmtree in finally', () => {
    quiet(
      'app.py',
      `import os\nimport tempfile\n\ndef handler(event, context):\n    with tempfile.TemporaryDirectory() as d:\n        with open(os.path.join(d, 'a.txt'), 'w') as f:\n            f.write('x')\n    with tempfile.NamedTemporaryFile() as t:\n        t.write(b'x')\n        open(t.name, 'wb').write(b'y')\n`,
    );
    quiet(
      'app.py',
      `import os\nimport shutil\nimport tempfile\n\ndef handler(event, context):\n    d = tempfile.mkdtemp()\n    try:\n        open(os.path.join(d, 'a'), 'w').write('x')\n    finally:\n        shutil.rmtree(d)\n`,
    );
  });

  it('quiet: a finally that removes every file of the directory (listdir / glob sweep), as in lambda-refarch-fileprocessing', () => {
    // Modelled on aws-samples/lambda-refarch-fileprocessing src/conversion/conversion.py.
    quiet(
      'conversion.py',
      `import os\nimport tempfile\n\ndef handler(event, context):\n    for record in event['Records']:\n        tmpdir = tempfile.mkdtemp()\n        try:\n            local_html_file = os.path.join(tmpdir, record['name'] + '.html')\n            with open(local_html_file, 'w') as outfile:\n                outfile.write(record['body'])\n        except Exception as e:\n            raise Exception(str(e))\n        finally:\n            filesToRemove = os.listdir(tmpdir)\n            for f in filesToRemove:\n                file_path = os.path.join(tmpdir, f)\n                try:\n                    os.remove(file_path)\n                except OSError as e:\n                    print(e)\n            os.rmdir(tmpdir)\n    return 'ok'\n`,
    );
    quiet(
      'app.py',
      `import glob\nimport os\n\ndef handler(event, context):\n    try:\n        open(f"/tmp/{event['id']}.csv", 'w').write('x')\n    finally:\n        for p in glob.glob('/tmp/*'):\n            os.remove(p)\n`,
    );
    quiet(
      'index.js',
      "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const dir = '/tmp/work';\n  try {\n    fs.writeFileSync(path.join(dir, event.name), 'x');\n  } finally {\n    for (const f of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, f));\n  }\n};\n",
    );
  });

  it('fires when the sweep empties another directory, matches only some names, or removes a fixed name', () => {
    const other = fires(
      'app.py',
      `import os\nimport tempfile\n\ndef handler(event, context):\n    tmpdir = tempfile.mkdtemp()\n    try:\n        open(os.path.join(tmpdir, 'a.html'), 'w').write('x')\n    finally:\n        for f in os.listdir('/tmp/other'):\n            os.remove(os.path.join('/tmp/other', f))\n`,
    );
    assert.equal(other.range, "open(os.path.join(tmpdir, 'a.html'), 'w')");
    fires('app.py', `import glob\nimport os\n\ndef handler(event, context):\n    try:\n        open('/tmp/out.csv', 'w').write('x')\n    finally:\n        for p in glob.glob('/tmp/*.json'):\n            os.remove(p)\n`);
    fires(
      'app.py',
      `import os\n\ndef handler(event, context):\n    d = '/tmp/work'\n    try:\n        open(os.path.join(d, 'a.csv'), 'w').write('x')\n    finally:\n        for f in os.listdir(d):\n            os.remove(os.path.join(d, 'b.csv'))\n`,
    );
  });

  it('quiet: reading /tmp, writing outside /tmp, a write in a function the handler never calls', () => {
    quiet('app.py', `def handler(event, context):\n    a = open('/tmp/x').read()\n    b = open('/tmp/y', 'rb').read()\n    open('/mnt/efs/out.txt', 'w').write(a)\n    open('/tmpfile', 'w').write(b)\n`);
    quiet('app.py', `def unused():\n    open('/tmp/x', 'w').write('x')\n\ndef handler(event, context):\n    return 1\n`);
  });

  it('quiet: a file deliberately cached across invocations (existence guard or "cache" in its name)', () => {
    quiet(
      'app.py',
      `import os\nimport boto3\ns3 = boto3.client('s3')\nMODEL = '/tmp/model.bin'\n\ndef handler(event, context):\n    if not os.path.exists(MODEL):\n        s3.download_file('models', 'model.bin', MODEL)\n    return 1\n`,
    );
    quiet('app.py', `def handler(event, context):\n    with open('/tmp/cache/token.json', 'w') as f:\n        f.write('x')\n`);
  });
});

describe('LA102 tmp-file-not-removed: JavaScript / TypeScript', () => {
  it('fires on fs.writeFileSync with a template literal path (TS, named import)', () => {
    const r = fires('index.ts', "import { writeFileSync } from 'fs';\n\nexport const handler = async (event: any) => {\n  writeFileSync(`/tmp/${event.id}.json`, JSON.stringify(event));\n  return {};\n};\n");
    assert.equal(r.range, 'writeFileSync(`/tmp/${event.id}.json`, JSON.stringify(event))');
    assert.match(r.message, /never removed/);
  });

  it('fires on path.join("/tmp", name) written through a local (CommonJS)', () => {
    const r = fires(
      'app.js',
      "const fs = require('fs');\nconst path = require('path');\n\nexports.handler = async (event) => {\n  const file = path.join('/tmp', event.name);\n  fs.writeFileSync(file, 'x');\n  return 1;\n};\n",
    );
    assert.equal(r.range, "fs.writeFileSync(file, 'x')");
  });

  it('fires on fs/promises writeFile and on os.tmpdir() joins (node: prefixes)', () => {
    const { found } = check(
      'index.mjs',
      "import { writeFile } from 'node:fs/promises';\nimport os from 'node:os';\nimport path from 'node:path';\n\nexport async function handler(event) {\n  await writeFile(path.join(os.tmpdir(), 'a.txt'), 'x');\n  return 1;\n}\n",
    );
    assert.equal(found.length, 1);
  });

  it('fires on an S3 GetObject body piped to a createWriteStream in /tmp', () => {
    const r = fires(
      'index.ts',
      "import * as fs from 'fs';\nimport { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\n\nexport const handler = async (event: any) => {\n  const out = fs.createWriteStream('/tmp/' + event.key);\n  const res: any = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));\n  res.Body.pipe(out);\n};\n",
    );
    assert.equal(r.range, "fs.createWriteStream('/tmp/' + event.key)");
  });

  it('a removal only on the success path fires with the exception message', () => {
    const r = fires(
      'app.js',
      "const fs = require('fs');\n\nexports.handler = async (event) => {\n  const p = '/tmp/x.json';\n  fs.writeFileSync(p, 'x');\n  if (!event.ok) throw new Error('bad');\n  fs.unlinkSync(p);\n};\n",
    );
    assert.match(r.message, /not removed when an exception is raised/);
  });

  it('quiet: removed in finally, and an mkdtempSync directory removed recursively in finally', () => {
    quiet(
      'app.js',
      "const fs = require('fs');\n\nexports.handler = async (event) => {\n  const p = `/tmp/${event.id}`;\n  try {\n    await fs.promises.writeFile(p, 'x');\n    if (event.skip) return 0;\n    throw new Error('x');\n  } finally {\n    await fs.promises.unlink(p);\n  }\n};\n",
    );
    quiet(
      'index.ts',
      "import * as fs from 'node:fs';\nimport * as os from 'node:os';\nimport * as path from 'node:path';\n\nexport const handler = async (event: unknown) => {\n  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-'));\n  try {\n    fs.writeFileSync(path.join(dir, 'a.json'), '{}');\n    return 1;\n  } finally {\n    fs.rmSync(dir, { recursive: true, force: true });\n  }\n};\n",
    );
  });

  it('fires when the directory is removed without recursive: true (files inside it stay)', () => {
    const { found } = check(
      'index.ts',
      "import * as fs from 'node:fs';\nimport * as os from 'node:os';\nimport * as path from 'node:path';\n\nexport const handler = async (event: unknown) => {\n  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-'));\n  try {\n    fs.writeFileSync(path.join(dir, 'a.json'), '{}');\n  } finally {\n    fs.rmSync(dir);\n  }\n};\n",
    );
    assert.equal(found.length, 1);
  });

  it('quiet: reading /tmp and writing outside /tmp', () => {
    quiet('app.js', "const fs = require('fs');\nexports.handler = async (event) => {\n  const a = fs.readFileSync('/tmp/x', 'utf8');\n  fs.writeFileSync('/mnt/efs/x', a);\n};\n");
  });
});

describe('LA102 quick fix', () => {
  it('Python without `import os`: wraps to the end of the body and adds the import after the imports', () => {
    fixesTo(
      'app.py',
      `import boto3\ns3 = boto3.client('s3')\n\ndef handler(event, context):\n    key = event['key']\n    path = f"/tmp/{key}"\n    s3.download_file('b', key, path)\n    doc = """line one\nline two"""\n    return {'n': len(doc)}  # done\n`,
      `import boto3\nimport os\ns3 = boto3.client('s3')\n\ndef handler(event, context):\n    key = event['key']\n    path = f"/tmp/{key}"\n    try:\n        s3.download_file('b', key, path)\n        doc = """line one\nline two"""\n        return {'n': len(doc)}  # done\n    finally:\n        if os.path.exists(path):\n            os.remove(path)\n`,
    );
  });

  it('Python with `import os` and a happy-path removal: reuses the import, keeps the old removal guarded', () => {
    fixesTo(
      'app.py',
      `import os\n\ndef handler(event, context):\n    path = '/tmp/report.csv'\n    with open(path, 'w') as f:\n        f.write(event['csv'])\n    if not event.get('ok'):\n        raise ValueError('bad report')\n    os.remove(path)\n    return 1\n`,
      `import os\n\ndef handler(event, context):\n    path = '/tmp/report.csv'\n    try:\n        with open(path, 'w') as f:\n            f.write(event['csv'])\n        if not event.get('ok'):\n            raise ValueError('bad report')\n        os.remove(path)\n        return 1\n    finally:\n        if os.path.exists(path):\n            os.remove(path)\n`,
    );
  });

  it('Python with tabs and an f-string path: hoists the path into a local first', () => {
    fixesTo(
      'app.py',
      `def handler(event, context):\n\twith open(f"/tmp/{event['id']}.txt", 'w') as f:\n\t\tf.write('x')\n`,
      `import os\n\ndef handler(event, context):\n\ttmp_path = f"/tmp/{event['id']}.txt"\n\ttry:\n\t\twith open(tmp_path, 'w') as f:\n\t\t\tf.write('x')\n\tfinally:\n\t\tif os.path.exists(tmp_path):\n\t\t\tos.remove(tmp_path)\n`,
    );
  });

  it('JavaScript CommonJS without an fs binding: adds require and hoists the template literal', () => {
    fixesTo(
      'app.js',
      "const { writeFile } = require('fs/promises');\n\nexports.handler = async (event) => {\n  await writeFile(`/tmp/${event.id}.json`, JSON.stringify(event));\n  return { ok: true };\n};\n",
      "const { writeFile } = require('fs/promises');\nconst fs = require('fs');\n\nexports.handler = async (event) => {\n  const tmpPath = `/tmp/${event.id}.json`;\n  try {\n    await writeFile(tmpPath, JSON.stringify(event));\n    return { ok: true };\n  } finally {\n    fs.rmSync(tmpPath, { force: true });\n  }\n};\n",
    );
  });

  it('JavaScript CommonJS with an fs binding: reuses it (4-space indentation kept)', () => {
    fixesTo(
      'app.js',
      "const fs = require('fs');\nconst path = require('path');\n\nexports.handler = async (event) => {\n    const file = path.join('/tmp', event.name);\n    fs.writeFileSync(file, 'x');\n    return 1;\n};\n",
      "const fs = require('fs');\nconst path = require('path');\n\nexports.handler = async (event) => {\n    const file = path.join('/tmp', event.name);\n    try {\n        fs.writeFileSync(file, 'x');\n        return 1;\n    } finally {\n        fs.rmSync(file, { force: true });\n    }\n};\n",
    );
  });

  it('TypeScript ESM with a named fs import: adds rmSync to it', () => {
    fixesTo(
      'index.ts',
      "import { writeFileSync } from 'fs';\n\nexport const handler = async (event: any) => {\n  const out = '/tmp/out.json';\n  writeFileSync(out, JSON.stringify(event));\n  return {};\n};\n",
      "import { writeFileSync, rmSync } from 'fs';\n\nexport const handler = async (event: any) => {\n  const out = '/tmp/out.json';\n  try {\n    writeFileSync(out, JSON.stringify(event));\n    return {};\n  } finally {\n    rmSync(out, { force: true });\n  }\n};\n",
    );
  });

  it('TypeScript ESM with no fs binding: adds `import * as fs from "fs"`', () => {
    fixesTo(
      'index.ts',
      "import fsp from 'fs/promises';\n\nexport async function handler(event: any) {\n  await fsp.writeFile('/tmp/a.txt', 'x');\n}\n",
      "import fsp from 'fs/promises';\nimport * as fs from 'fs';\n\nexport async function handler(event: any) {\n  try {\n    await fsp.writeFile('/tmp/a.txt', 'x');\n  } finally {\n    fs.rmSync('/tmp/a.txt', { force: true });\n  }\n}\n",
    );
  });

  it('offers no fix when the path name is bound inside the wrapped statement', () => {
    const { found } = check('app.py', `def handler(event, context):\n    for name in event['names']:\n        open('/tmp/' + name, 'w').write('x')\n`);
    assert.equal(found.length, 1);
    assert.equal(found[0].fixes, undefined);
  });
});
