import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';

const ID = 'LA203';
const run = (files: Files, file: string) => findings(files, file, ID, onlyRule(ID));
const ranges = (files: Files, file: string) => run(files, file).map((f) => rangeText(files, f));

// Test values assembled at run time so the fixture text itself carries no real-looking key.
const KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const RANDOM = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

function fixed(files: Files, file: string, index = 0): string {
  const f = run(files, file)[index];
  const fix = f.fixes?.[0];
  assert.ok(fix, 'expected a fix');
  assert.ok(!fix.isPreferred, 'needs a secret to exist: never preferred');
  const out = applyFix(files, fix);
  assertParses(file, out[file]);
  assert.equal(run(out, file).length, run(files, file).length - 1, `still fires after the fix:\n${out[file]}`);
  return out[file];
}

const sam = (vars: string, params = '') => `Transform: AWS::Serverless-2016-10-31
${params}Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.13
      Environment:
        Variables:
${vars}`;

describe('LA203 plaintext-secret-env', () => {
  it('SAM YAML: a literal under a secret name fires at the value, never printing it; the fix writes a dynamic reference', () => {
    const files = { 'template.yaml': sam('          TABLE: orders\n          DB_PASSWORD: hunter2-prod\n') };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeText(files, f), 'hunter2-prod');
    assert.ok(!f.message.includes('hunter2'), 'the message must not print the secret');
    assert.match(f.message, /^DB_PASSWORD of Api holds a literal secret in plain text: .* Store it in Secrets Manager \(e\.g\. as Api\/DB_PASSWORD\)/);
    assert.equal(f.fixes?.[0].title, 'Use a Secrets Manager dynamic reference (create the secret Api/DB_PASSWORD first)');
    assert.equal(
      fixed(files, 'template.yaml'),
      sam("          TABLE: orders\n          DB_PASSWORD: '{{resolve:secretsmanager:Api/DB_PASSWORD}}'\n"),
    );
  });

  it('by value: an access key id and a random string fire whatever the variable is called', () => {
    const files = { 'template.yaml': sam(`          AWS_KEY: ${KEY_ID}\n          SIGNING: "${RANDOM}"\n`) };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), [KEY_ID, `"${RANDOM}"`]);
    assert.match(fs[0].message, /holds an AWS access key id/);
    assert.match(fs[1].message, /holds a high-entropy string/);
    assert.ok(fs.every((f) => !f.message.includes(KEY_ID) && !f.message.includes(RANDOM)));
  });

  it('quiet: dynamic references, secret ARNs and names, placeholders, numbers, CamelCase config', () => {
    const vars = `          DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
          API_TOKEN: '{{resolve:ssm-secure:/app/token}}'
          SECRET_ARN: !Ref DbSecret
          TOKEN_SECRET_NAME: prod/api-token
          API_KEY: ''
          WEBHOOK_SECRET: <set-me>
          TOKEN_TTL: 3600
          MODE: MyApplicationConfigurationValue2024
          TABLE_ARN: !GetAtt Table.Arn
`;
    assert.equal(run({ 'template.yaml': sam(vars) }, 'template.yaml').length, 0);
  });

  it('a Ref to a parameter without NoEcho fires (fix replaces the Ref); NoEcho and SSM-typed parameters are quiet', () => {
    const params = `Parameters:
  DbPassword:
    Type: String
  ApiToken:
    Type: String
    NoEcho: true
  Stage:
    Type: String
  ClientSecret:
    Type: AWS::SSM::Parameter::Value<String>
`;
    const vars = `          DB_PASSWORD: !Ref DbPassword
          API_TOKEN: !Ref ApiToken
          STAGE: !Ref Stage
          CLIENT_SECRET: !Ref ClientSecret
          DSN: !Sub postgres://app:\${DbPassword}@db:5432/app
`;
    const files = { 'template.yaml': sam(vars, params) };
    const fs = run(files, 'template.yaml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['!Ref DbPassword', '!Sub postgres://app:${DbPassword}@db:5432/app']);
    assert.match(fs[0].message, /comes from parameter DbPassword, which has no NoEcho: true/);
    assert.match(fs[1].message, /is built from parameter DbPassword/);
    assert.equal(fixed(files, 'template.yaml'), sam(vars.replace('!Ref DbPassword', "'{{resolve:secretsmanager:Api/DB_PASSWORD}}'"), params));
  });

  it('Globals: reported once, with a shared secret name', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        STRIPE_API_KEY: live-7f3a9c2d
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.h }
`;
    const files = { 'template.yaml': text };
    const [f, ...rest] = run(files, 'template.yaml');
    assert.equal(rest.length, 0);
    assert.match(f.message, /^STRIPE_API_KEY \(shared Globals environment\) holds a literal secret/);
    assert.equal(fixed(files, 'template.yaml'), text.replace('live-7f3a9c2d', "'{{resolve:secretsmanager:STRIPE_API_KEY}}'"));
  });

  it('SAM JSON: the fix writes a JSON string', () => {
    const text = `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": { "Handler": "app.handler", "Environment": { "Variables": { "AUTH_TOKEN": "s3cr3t-t0ken" } } }
    }
  }
}
`;
    const files = { 'template.json': text };
    assert.deepEqual(ranges(files, 'template.json'), ['"s3cr3t-t0ken"']);
    assert.equal(fixed(files, 'template.json'), text.replace('"s3cr3t-t0ken"', '"{{resolve:secretsmanager:Fn/AUTH_TOKEN}}"'));
  });

  it('CFN YAML and JSON: AWS::Lambda::Function Environment', () => {
    const yaml = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Environment:
        Variables:
          PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nMIIB"
          PRIVATE_KEY_PATH: /opt/key.pem
`;
    assert.deepEqual(ranges({ 'template.yaml': yaml }, 'template.yaml'), ['"-----BEGIN RSA PRIVATE KEY-----\\nMIIB"']);
    const json = `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {"DATABASE_URL": "postgres://app:pa55word@db.internal:5432/app"}}}}}}`;
    const files = { 'template.json': json };
    const [f] = run(files, 'template.json');
    assert.match(f.message, /holds a URL with a password/);
    assert.equal(fixed(files, 'template.json'), json.replace('"postgres://app:pa55word@db.internal:5432/app"', '"{{resolve:secretsmanager:Fn/DATABASE_URL}}"'));
  });

  it('Serverless: a literal fires; ${ssm:...} is quiet; ${self:...} pointing at a literal fires without a fix', () => {
    const text = `service: s
custom:
  dbPassword: hunter2-prod
provider:
  name: aws
  environment:
    API_TOKEN: \${ssm:/s/api-token}
functions:
  api:
    handler: h.api
    environment:
      DB_PASSWORD: \${self:custom.dbPassword}
      GITHUB_TOKEN: tok-123-abc
`;
    const files = { 'serverless.yml': text };
    const fs = run(files, 'serverless.yml');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['${self:custom.dbPassword}', 'tok-123-abc']);
    assert.equal(fs[0].fixes, undefined);
    assert.equal(fixed(files, 'serverless.yml', 1), text.replace('tok-123-abc', "'{{resolve:secretsmanager:api/GITHUB_TOKEN}}'"));
  });

  it('names are judged by the vocabulary LA103 shares: DB_PASS, DD_APP_KEY, AWS_ACCESS_KEY_ID fire; hashes, cursors, idempotency tokens, settings stay quiet', () => {
    // No value here is a secret by its shape or randomness: only the name decides.
    const vars = `          DB_PASS: hunter2-prod-7f3a
          DD_APP_KEY: ddapp-9f8e7d6c5b4a
          AWS_ACCESS_KEY_ID: prod-deploy-user-key
          DB_PASSWORD_PROD: hunter2-prod-7f3a
          PASSWORD_HASH: 5f4dcc3b5aa765d61d8327deb882cf99
          SECRET_ARN: prod-db-credentials
          NEXT_TOKEN: eyJwYWdlIjoxfQ
          CLIENT_TOKEN: c6a1d2e3-f4b5
          PASSWORD_POLICY: strict-mode
          TOKEN_AUDIENCE: orders-api
          JWT_TOKEN_ALGORITHM: RS256
`;
    const files = { 'template.yaml': sam(vars) };
    assert.deepEqual(
      run(files, 'template.yaml').map((f) => f.message.split(' ')[0]),
      ['DB_PASS', 'DD_APP_KEY', 'AWS_ACCESS_KEY_ID', 'DB_PASSWORD_PROD'],
    );
  });
});
