import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isSecretName, nameWords, secretKindOfName } from '../../server/src/engine/secrets';
import { findings, onlyRule } from '../helpers/engine';
import { samFn, samTemplate } from '../helpers/sam';

describe('secret names: one vocabulary for LA103 (code) and LA203 (templates)', () => {
  it('splits snake, kebab, camel and Pascal case, acronyms included, into lower-case words', () => {
    assert.deepEqual(nameWords('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
    assert.deepEqual(nameWords('awsSecretAccessKey'), ['aws', 'secret', 'access', 'key']);
    assert.deepEqual(nameWords('AWSSecretAccessKey'), ['aws', 'secret', 'access', 'key']);
    assert.deepEqual(nameWords('x-api-key'), ['x', 'api', 'key']);
    assert.deepEqual(nameWords('APIKey'), ['api', 'key']);
    assert.deepEqual(nameWords('db2Password'), ['db2', 'password']);
    assert.deepEqual(nameWords('__'), []);
  });

  it('a name ending in a credential word or phrase is a credential, with its kind', () => {
    const cases: Record<string, string> = {
      DB_PASSWORD: 'password', dbPasswd: 'password', pwd: 'password', GPG_PASSPHRASE: 'password',
      db_pass: 'password', SMTP_PASS: 'password',
      WEBHOOK_SECRET: 'secret', ClientSecret: 'secret', DB_CREDENTIALS: 'secret',
      GITHUB_TOKEN: 'API token', authToken: 'API token', APIKEY: 'API token', stripeApiKey: 'API token', 'x-api-key': 'API token',
      DD_APP_KEY: 'API token', AUTH_KEY: 'API token',
      ACCESS_KEY: 'secret', SECRET_KEY: 'secret', SIGNING_KEY: 'secret', ENCRYPTION_KEY: 'secret', MASTER_KEY: 'secret', CLIENT_KEY: 'secret',
      SECRET_KEY_BASE: 'secret',
      PRIVATE_KEY: 'private key', privateKey: 'private key',
      AWS_ACCESS_KEY_ID: 'AWS access key id', accessKeyId: 'AWS access key id',
      aws_secret_access_key: 'AWS secret access key', secretAccessKey: 'AWS secret access key',
      AWS_SESSION_TOKEN: 'AWS session token', sessionToken: 'AWS session token',
      // Qualifiers after the credential word leave it the secret.
      DB_PASSWORD_PROD: 'password', API_KEY_V2: 'API token', PASSWORD_2: 'password', TOKEN_OLD: 'API token', SECRET_VALUE: 'secret',
      AWS_SECRET_ACCESS_KEY_STAGING: 'AWS secret access key', db_pass_dev: 'password',
    };
    for (const [name, kind] of Object.entries(cases)) assert.equal(secretKindOfName(name), kind, name);
  });

  it('quiet: reference and setting last words, cursors and idempotency tokens, bare pass, plain keys, prototype names', () => {
    const quiet = [
      // where the secret is, or something about it (LA203's old reference words, and HASH)
      'SECRET_ARN', 'SECRET_NAME', 'TOKEN_SECRET_NAME', 'DB_PASSWORD_ID', 'PRIVATE_KEY_PATH', 'PASSWORD_PARAM', 'PASSWORD_PARAMETER',
      'TOKEN_URL', 'TOKEN_URI', 'TOKEN_ENDPOINT', 'TOKEN_TTL', 'TOKEN_EXPIRY', 'TOKEN_EXPIRATION', 'PASSWORD_MIN_LENGTH', 'API_KEY_HEADER',
      'TOKEN_TABLE', 'SECRETS_BUCKET', 'SECRET_REGION', 'PRIVATE_KEY_FILE', 'SIGNING_KEYID', 'ENCRYPTION_KEY_ALIAS', 'SECRET_VERSION',
      'TOKEN_TYPE', 'PASSWORD_FIELD', 'PASSWORD_RESET_ENABLED', 'TOKEN_SECONDS', 'ROTATION_MINUTES', 'PASSWORD_HASH', 'password_hash',
      'SECRET_ARN_PROD',
      // settings named after a credential
      'PASSWORD_POLICY', 'TOKEN_AUDIENCE', 'TOKEN_ISSUER', 'JWT_TOKEN_ALGORITHM',
      // tokens that are not credentials
      'NEXT_TOKEN', 'nextToken', 'NextToken', 'page_token', 'continuationToken', 'PAGINATION_TOKEN', 'ClientToken', 'CLIENT_TOKEN',
      'idempotency_token', 'CSRF_TOKEN', 'cancelToken', 'MAX_TOKEN', 'SYNC_TOKEN', 'start_token', 'marker_token', 'NEXT_TOKEN_V2',
      'pass', 'PASS', 'PASS_2', 'CACHE_KEY', 'S3_KEY', 'KMS_KEY_ID', 'PUBLIC_KEY', 'KEY',
      'constructor', 'toString', '__proto__', 'hasOwnProperty', '', '2',
    ];
    for (const name of quiet) assert.equal(secretKindOfName(name), undefined, name);
    assert.equal(isSecretName('DB_PASS'), true);
    assert.equal(isSecretName('PASSWORD_HASH'), false);
  });

  it('LA103 and LA203 fire on the same names: a Python variable and an environment variable with one literal', () => {
    const names = [
      'DB_PASSWORD', 'db_pass', 'SMTP_PASS', 'PASS', 'CLIENT_KEY', 'DD_APP_KEY', 'stripeApiKey', 'GITHUB_TOKEN', 'NEXT_TOKEN', 'CLIENT_TOKEN',
      'CSRF_TOKEN', 'PASSWORD_HASH', 'SECRET_ARN', 'SECRET_NAME', 'PRIVATE_KEY_PATH', 'API_KEY_HEADER', 'PASSWORD_POLICY', 'TOKEN_ISSUER',
      'DB_PASSWORD_PROD', 'API_KEY_V2', 'SECRET_KEY_BASE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'CACHE_KEY',
      'KMS_KEY_ID', 'PASSWORD_ADMIN',
    ];
    // Neither a key shape nor random: only the name can make it a secret.
    const value = 'hunter2-prod-7f3a';
    const py = `${names.map((n) => `${n} = "${value}"`).join('\n')}\n\ndef lambda_handler(event, context):\n    return 1\n`;
    const yaml = samTemplate(samFn('Api', { handler: 'app.lambda_handler', environment: Object.fromEntries(names.map((n) => [n, value])) }));
    const inCode = findings({ 'app.py': py }, 'app.py', 'LA103', onlyRule('LA103')).map((f) => /is assigned to `(\w+)`/.exec(f.message)?.[1]);
    const inTemplate = findings({ 'template.yaml': yaml }, 'template.yaml', 'LA203', onlyRule('LA203')).map((f) => f.message.split(' ')[0]);
    const expected = [
      'DB_PASSWORD', 'db_pass', 'SMTP_PASS', 'CLIENT_KEY', 'DD_APP_KEY', 'stripeApiKey', 'GITHUB_TOKEN',
      'DB_PASSWORD_PROD', 'API_KEY_V2', 'SECRET_KEY_BASE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
    ];
    assert.deepEqual(inCode, expected);
    assert.deepEqual(inTemplate, expected);
  });
});
