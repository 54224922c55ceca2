import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const all = (files: Files, file: string) => findings(files, file, 'LA103', onlyRule('LA103'));
const covered = (files: Files, file: string) => all(files, file).map((f) => rangeText(files, f));

// Made-up values with the shape of real credentials (never real keys).
const KEY_ID = 'AKIAZ7Q3RVXW5TBNM2KD';
const SECRET = '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';

describe('LA103 hardcoded-credentials', () => {
  it('Python: key id by pattern, secret key and password by name, boto3 keyword arguments; the message never holds the value', () => {
    const files = {
      'app.py': `import boto3
ACCESS = "${KEY_ID}"
DB_PASSWORD = "Sup3r-S3cret!"
config = {"api_key": "k-19f8a7b6c5d4"}

def lambda_handler(event, context):
    s3 = boto3.client("s3", aws_access_key_id="${KEY_ID}", aws_secret_access_key="${SECRET}", aws_session_token="FwoGZXIvYXdzEJr")
    return s3
`,
    };
    assert.deepEqual(covered(files, 'app.py'), [`"${KEY_ID}"`, '"Sup3r-S3cret!"', '"k-19f8a7b6c5d4"', `"${KEY_ID}"`, `"${SECRET}"`, '"FwoGZXIvYXdzEJr"']);
    const fs = all(files, 'app.py');
    assert.equal(fs[0].severity, 'error');
    assert.equal(fs[0].message, "A hardcoded AWS access key id is assigned to `ACCESS`; anyone with the code or the deployment package has it. Remove it and let the SDK use the function's execution role (grant that role the permissions instead), then deactivate the exposed key.");
    assert.equal(fs[1].message, 'A hardcoded password is assigned to `DB_PASSWORD`; anyone with the code or the deployment package has it. Read it at run time from AWS Secrets Manager or SSM Parameter Store (SecureString), and rotate the exposed value.');
    assert.match(fs[4].message, /AWS secret access key is assigned to keyword argument `aws_secret_access_key`/);
    for (const f of fs) {
      assert.ok(!f.message.includes(KEY_ID) && !f.message.includes(SECRET) && !f.message.includes('Sup3r'), f.message);
    }
  });

  it('Python quiet: placeholders, the AWS docs example key, env lookups, Secrets Manager ids, names that only mention a secret', () => {
    const files = {
      'app.py': `import os
import boto3
EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"
PASSWORD = "changeme"
API_KEY = "<your-key>"
TOKEN = ""
DB_PASSWORD = os.environ["DB_PASSWORD"]
SECRET_NAME = "prod/db/password"
PASSWORD_PARAM = "/prod/db/password"
NEXT_TOKEN = "eyJwYWdlIjoxfQ"
secrets = boto3.client("secretsmanager")

def lambda_handler(event, context):
    value = secrets.get_secret_value(SecretId="prod/db/password")["SecretString"]
    password = os.environ.get("DB_PASSWORD", "")
    return value, password
`,
    };
    assert.deepEqual(covered(files, 'app.py'), []);
  });

  it('Python quiet: test data in test_* files and test_* functions', () => {
    const src = `def lambda_handler(event, context):
    return 1

def test_login():
    password = "Sup3r-S3cret!"
    return password
`;
    assert.deepEqual(covered({ 'app.py': src }, 'app.py'), []);
    assert.deepEqual(covered({ 'test_app.py': `ACCESS = "${KEY_ID}"\n\ndef lambda_handler(event, context):\n    return 1\n` }, 'test_app.py'), []);
  });

  it('JavaScript: SDK v2 credentials object and an API token by name', () => {
    const files = {
      'index.js': `const AWS = require('aws-sdk');
const s3 = new AWS.S3({ credentials: { accessKeyId: '${KEY_ID}', secretAccessKey: '${SECRET}' } });
const stripeApiKey = 'sk_live_51HxYzAbCdEfGhIjKlMn';
exports.handler = async (event) => s3;
`,
    };
    assert.deepEqual(covered(files, 'index.js'), [`'${KEY_ID}'`, `'${SECRET}'`, "'sk_live_51HxYzAbCdEfGhIjKlMn'"]);
    assert.match(all(files, 'index.js')[1].message, /AWS secret access key is assigned to property `secretAccessKey`/);
  });

  it('TypeScript: SDK v3 credentials fire; env lookups and placeholders stay quiet; *.test.ts is skipped', () => {
    const files = {
      'handler.ts': `import { S3Client } from '@aws-sdk/client-s3';
const good = new S3Client({ credentials: { accessKeyId: process.env.KEY_ID!, secretAccessKey: process.env.SECRET! } });
const docs = new S3Client({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'dummy' } });
const bad = new S3Client({ credentials: { accessKeyId: '${KEY_ID}', secretAccessKey: '${SECRET}' } });
export const handler = async (event: { password: string }) => [good, docs, bad, event.password];
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), [`'${KEY_ID}'`, `'${SECRET}'`]);
    assert.deepEqual(covered({ 'handler.test.ts': files['handler.ts'] }, 'handler.test.ts'), []);
  });

  it('a random-looking value is a secret under a name with key, sig, auth, cred or hmac as a whole word, not as letters inside one', () => {
    const RANDOM = 'Zq8Lm3Xv7Rt2Wn9Pk4Hd6Jb1';
    const files = {
      'app.py': `WEBHOOK_SIG = "${RANDOM}"
hmac = "${RANDOM}"
design_ref = "${RANDOM}"
monkey_patch_id = "${RANDOM}"
assignment = "${RANDOM}"

def lambda_handler(event, context):
    return 1
`,
    };
    assert.deepEqual(covered(files, 'app.py'), [`"${RANDOM}"`, `"${RANDOM}"`]);
    assert.deepEqual(all(files, 'app.py').map((f) => f.range.start.line), [0, 1]);
  });

  it('names are judged by the vocabulary LA203 shares: db_pass, CLIENT_KEY, a stage or version after the credential word fire; hashes, ARNs, cursors, settings stay quiet', () => {
    const files = {
      'app.py': `db_pass = "hunter2-prod-7f3a"
CLIENT_KEY = "ck-9f8e7d6c5b4a"
DB_PASSWORD_PROD = "hunter2-prod-7f3a"
API_KEY_V2 = "k-19f8a7b6c5d4"
SECRET_KEY_BASE = "b7e1c2d3a4f5e6d7"
PASSWORD_HASH = "5f4dcc3b5aa765d61d8327deb882cf99"
SECRET_ARN = "prod-db-credentials"
client_token = "c6a1d2e3-f4b5"
PASSWORD_POLICY = "strict-mode"
TOKEN_AUDIENCE = "orders-api"
PASSWORD_ADMIN = "admin-user-42"
constructor = "widget-factory"

def lambda_handler(event, context):
    return db_pass
`,
    };
    // No value here is a secret by its shape or randomness: only the name decides.
    assert.deepEqual(
      all(files, 'app.py').map((f) => /^A hardcoded (.+) is assigned to `(\w+)`/.exec(f.message)?.slice(1).join(': ')),
      ['password: db_pass', 'secret: CLIENT_KEY', 'password: DB_PASSWORD_PROD', 'API token: API_KEY_V2', 'secret: SECRET_KEY_BASE'],
    );
  });
});
