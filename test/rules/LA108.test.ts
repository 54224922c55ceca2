import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, rangeText, type Files } from '../helpers/engine';
import { ruleFindings } from './fixtures/LA108/run';

function la108(files: Files, handler: string) {
  return ruleFindings(files, handler, 'LA108');
}

function names(files: Files, handler: string): string[] {
  return la108(files, handler).map((f) => rangeText(files, f));
}

const PY_HANDLER = `import yaml
from google.cloud import storage
from lib.helpers import parse

def lambda_handler(event, context):
    import requests
    return requests, yaml, storage, parse
`;

describe('LA108 unused-dependency: fires', () => {
  it('requirements.txt: a package no code file imports, pointed at on its line', () => {
    const files = {
      'fn/app.py': PY_HANDLER,
      'fn/lib/helpers.py': 'from dateutil import parser\nfrom bs4 import BeautifulSoup\n',
      'fn/requirements.txt':
        '# runtime deps\nrequests==2.31.0  # http\nPyYAML[c]>=6 ; python_version >= "3.9"\npython-dateutil\nbeautifulsoup4\ngoogle-cloud-storage\n-r common.txt\nsimplejson==3.19\n',
    };
    const fs = la108(files, 'fn/app.py');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['simplejson']);
    assert.equal(fs[0].file, '/ws/fn/requirements.txt');
    assert.deepEqual(fs[0].range, { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } });
    assert.equal(fs[0].severity, 'info');
    assert.match(fs[0].message, /^simplejson is declared in requirements\.txt but none of the function's 2 code files imports it/);
  });

  it('requirements.txt fix: deletes the whole requirement, continuation lines included', () => {
    const files = {
      'fn/app.py': 'import requests\n\ndef lambda_handler(event, context):\n    return requests\n',
      'fn/requirements.txt': 'requests==2.31.0\nPillow>=10 \\\n    --hash=sha256:abc\nurllib3<3\n',
    };
    const fs = la108(files, 'fn/app.py');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['Pillow']);
    assert.equal(fs[0].fixes![0].title, 'Remove Pillow from requirements.txt');
    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(after['fn/requirements.txt'], 'requests==2.31.0\nurllib3<3\n');
    assert.deepEqual(la108(after, 'fn/app.py'), []);
  });

  it('package.json: scoped packages, subpath imports and require() count as uses; the fix keeps valid JSON', () => {
    const pkg = `{
  "name": "fn",
  "dependencies": {
    "@aws-sdk/client-s3": "^3.600.0",
    "lodash": "^4.17.21",
    "left-pad": "^1.3.0",
    "uuid": "^9.0.0"
  },
  "devDependencies": {
    "chalk": "^5.0.0"
  }
}
`;
    const files = {
      'fn/index.mjs': `import { S3Client } from '@aws-sdk/client-s3';\nimport get from 'lodash/get';\nexport const handler = async (event) => get(event, 'a');\n`,
      'fn/lib/ids.js': `const { v4 } = require('uuid');\nmodule.exports = { v4 };\n`,
      'fn/package.json': pkg,
    };
    const fs = la108(files, 'fn/index.mjs');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['left-pad']);
    assert.equal(fs[0].fixes![0].title, 'Remove left-pad from package.json');
    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(
      after['fn/package.json'],
      pkg.replace('    "left-pad": "^1.3.0",\n', ''),
    );
    assertParses('fn/package.json', after['fn/package.json']);
    assert.deepEqual(la108(after, 'fn/index.mjs'), []);
  });

  it('package.json fix on the last entry takes the comma before it', () => {
    const files = {
      'index.js': `const a = require('a');\nexports.handler = async (event) => a;\n`,
      'package.json': '{ "dependencies": { "a": "1", "b": "2" } }\n',
    };
    const fs = la108(files, 'index.js');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['b']);
    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(after['package.json'], '{ "dependencies": { "a": "1" } }\n');
    assertParses('package.json', after['package.json']);
  });

  it('pyproject.toml: PEP 621 dependencies and Poetry tables (no fix: the edit is left to the user)', () => {
    const files = {
      'svc/app.py': 'import requests\n\ndef lambda_handler(event, context):\n    return requests\n',
      'svc/pyproject.toml': `[project]
name = "svc"
dependencies = [
  "requests>=2",
  "tenacity>=8",  # retries
]

[tool.poetry.dependencies]
python = "^3.12"
"arrow" = "^1.3"

[tool.poetry.group.dev.dependencies]
freezegun = "*"
`,
    };
    const fs = la108(files, 'svc/app.py');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['tenacity', 'arrow']);
    assert.equal(fs[0].fixes, undefined);
  });
});

describe('LA108 unused-dependency: quiet', () => {
  it('distribution names that differ from import names, namespace packages, lazy imports', () => {
    const files = {
      'fn/app.py': `import importlib

def lambda_handler(event, context):
    from PIL import Image
    import cv2, sklearn
    from azure.storage.blob import BlobClient
    jwt = importlib.import_module("jwt")
    return Image, cv2, sklearn, BlobClient, jwt
`,
      'fn/requirements.txt': 'Pillow\nopencv-python-headless\nscikit-learn\nazure-storage-blob\nPyJWT\n',
    };
    assert.deepEqual(names(files, 'fn/app.py'), []);
  });

  it('dev tools (LA109 reports those), drivers and helpers loaded by name, devDependencies', () => {
    const files = {
      'fn/app.py': 'from sqlalchemy import create_engine\n\ndef lambda_handler(event, context):\n    return create_engine\n',
      'fn/requirements.txt': 'SQLAlchemy\npsycopg2-binary\npytest\ntypes-requests\n',
      'js/index.js': `const { Sequelize } = require('sequelize');\nexports.handler = async (event) => Sequelize;\n`,
      'js/package.json': '{"dependencies": {"sequelize": "6", "pg": "8", "pg-hstore": "2", "@types/node": "20", "typescript": "5"}, "devDependencies": {"jest": "29"}}',
    };
    assert.deepEqual(names(files, 'fn/app.py'), []);
    assert.deepEqual(names(files, 'js/index.js'), []);
  });

  it('a package imported only by a vendored copy is still unused, but vendored packages do not count as the function\'s imports', () => {
    const files = {
      'fn/app.py': 'def lambda_handler(event, context):\n    return 1\n',
      'fn/requirements.txt': 'six\n',
      // Installed with pip install -t . : its own imports say nothing about the function.
      'fn/vendorpkg/__init__.py': 'import six\n',
      'fn/vendorpkg-1.0.dist-info/top_level.txt': 'vendorpkg\n',
    };
    assert.deepEqual(names(files, 'fn/app.py'), ['six']);
  });

  it('no manifest next to the handler: nothing to report', () => {
    assert.deepEqual(names({ 'app.py': 'def lambda_handler(event, context):\n    return 1\n' }, 'app.py'), []);
  });
});

describe('LA108 unused-dependency: distributions imported under another name', () => {
  it('python-telegram-bot is imported as telegram: quiet; an unrelated distribution still fires', () => {
    const files = {
      'app.py': 'import telegram\n\ndef lambda_handler(event, context):\n    return telegram.Bot\n',
      'requirements.txt': 'python-telegram-bot==21.0\nsix\n',
    };
    assert.deepEqual(names(files, 'app.py'), ['six']);
  });
});

describe('LA108 unused-dependency: bundled functions', () => {
  // Modelled on shop-angular-backend product-service: serverless-webpack with unimported SDK clients
  // and webpack-node-externals in dependencies.
  const sls = (plugin: string) => `service: product-service\nplugins:\n  - ${plugin}\nprovider:\n  name: aws\n  runtime: nodejs12.x\nfunctions:\n  getProductById:\n    handler: handlers/getById.handler\n`;
  const pkg = '{\n  "dependencies": {\n    "@aws-sdk/lib-dynamodb": "^3.0.0",\n    "uuid": "^9.0.0",\n    "webpack-node-externals": "^3.0.0"\n  }\n}\n';
  const base = { 'handlers/getById.js': "import { v4 } from 'uuid';\nexport const handler = async () => v4();\n", 'package.json': pkg };

  it('serverless-webpack: says the package is not shipped, keeps the fix, and leaves build tools alone', () => {
    const files = { ...base, 'serverless.yml': sls('serverless-webpack') };
    const fs = la108(files, 'handlers/getById.js');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['@aws-sdk/lib-dynamodb']);
    assert.equal(fs[0].severity, 'info');
    assert.equal(
      fs[0].message,
      "@aws-sdk/lib-dynamodb is declared in package.json but none of the function's 1 code file imports it. serverless-webpack ships only what the code imports, so it is not in the deployment package, but it clutters the manifest and every install. Remove it.",
    );
    const after = applyFix(files, fs[0].fixes![0]);
    assert.equal(after['package.json'], pkg.replace('    "@aws-sdk/lib-dynamodb": "^3.0.0",\n', ''));
    assertParses('package.json', after['package.json']);
    assert.deepEqual(la108(after, 'handlers/getById.js'), []);
  });

  it('near miss: an unrelated plugin does not bundle, so the package-size message stays', () => {
    const files = { ...base, 'serverless.yml': sls('serverless-offline') };
    const fs = la108(files, 'handlers/getById.js');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['@aws-sdk/lib-dynamodb']);
    assert.match(fs[0].message, /it only adds size and cold-start time to the deployment package/);
  });
});
