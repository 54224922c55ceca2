/**
 * What the two secret detectors share: code literals (code/secrets.ts, LA103) and template
 * environment values (template/secrets.ts, LA203). A *name* is judged here, by one vocabulary, so
 * `DB_PASS`, `CLIENT_KEY`, `NEXT_TOKEN` or `PASSWORD_HASH` mean the same in a Python module and in
 * a template. Values are weighed by each detector's own checks (each rule's tests pin them), which
 * measure randomness and recognise an access key id and a private key block alike.
 * Regular expressions here only ever see one name or one string value.
 */

export type SecretKind =
  | 'AWS access key id'
  | 'AWS secret access key'
  | 'AWS session token'
  | 'private key'
  | 'API token'
  | 'password'
  | 'secret'
  | 'high-entropy secret';

/** An AWS access key id, the whole value: long-term (AKIA) or temporary (ASIA). */
export const AWS_ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** The first line of a PEM private key block (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 ...). */
export const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/*
 * The name vocabulary. A name is a credential's name when it ENDS in a credential word or phrase,
 * after dropping the qualifiers below: the last word of a compound name says what the value is.
 * `PASSWORD_HASH` is a hash, `SECRET_ARN` an ARN, `TOKEN_TTL` a duration, `API_KEY_HEADER` a
 * header name, `PASSWORD_POLICY` / `TOKEN_ISSUER` / `JWT_TOKEN_ALGORITHM` settings: none is the
 * secret, and none needs listing. (LA203 used to accept a credential word anywhere unless the last
 * word was on a list of reference words (ARN, NAME, ID, PATH, URL, TTL, ...); that list never
 * closes, and every word it missed (HASH, POLICY, ISSUER, ...) was a false positive. The closed list
 * is the other one: the few words that may follow a credential word and leave it the secret.)
 */

/** A last word that makes the name a credential's. */
const SECRET_LAST_WORDS = new Map<string, SecretKind>([
  ['password', 'password'], ['passwd', 'password'], ['pwd', 'password'], ['passphrase', 'password'],
  // Only in compounds (`db_pass`, `SMTP_PASS`): `pass` alone is a pass/fail flag (see secretKindOfName).
  ['pass', 'password'],
  ['secret', 'secret'], ['credential', 'secret'], ['credentials', 'secret'],
  ['token', 'API token'], ['apikey', 'API token'],
]);

/** Endings of two or three words. `key` alone is too common (`cache_key`, `s3_key`, `partition_key`). */
const SECRET_LAST_PHRASES = new Map<string, SecretKind>([
  ['api key', 'API token'], ['app key', 'API token'], ['auth key', 'API token'],
  ['access key', 'secret'], ['secret key', 'secret'], ['signing key', 'secret'], ['encryption key', 'secret'],
  ['master key', 'secret'], ['client secret', 'secret'],
  // A TLS client's private key or an API client's key (a PEM value is caught by its shape anyway).
  ['client key', 'secret'],
  ['private key', 'private key'],
  // Rails signs sessions with SECRET_KEY_BASE: the one common name where a word follows `secret key` and it is still the secret.
  ['secret key base', 'secret'],
]);

/**
 * Names of the AWS credential parameters themselves (boto3 keywords, SDK credential properties,
 * the SDKs' environment variables): any non-placeholder literal there is a credential. These end in
 * `id` and still name a credential, so they are looked up before anything else.
 */
const AWS_CREDENTIAL_NAMES = new Map<string, SecretKind>([
  ['aws access key id', 'AWS access key id'], ['access key id', 'AWS access key id'],
  ['aws secret access key', 'AWS secret access key'], ['secret access key', 'AWS secret access key'],
  ['aws session token', 'AWS session token'], ['session token', 'AWS session token'],
]);

/**
 * Words before TOKEN that make it something other than a credential: pagination cursors
 * (`NextToken`, `page_token`, `continuationToken`, `marker`), AWS idempotency tokens
 * (`ClientToken`, `idempotency_token`), CSRF tokens (per session, not a deployment's secret),
 * cancellation tokens, token limits (`max_token`).
 */
const NOT_SECRET_BEFORE_TOKEN = new Set([
  'next', 'continuation', 'pagination', 'page', 'marker', 'sync', 'start', 'client', 'idempotency', 'csrf', 'cancel', 'max',
]);

/**
 * Words that may follow a credential word and leave the value that secret: a stage or copy
 * (`DB_PASSWORD_PROD`, `API_KEY_PRIMARY`, `TOKEN_OLD`), a version or number (`API_KEY_V2`,
 * `PASSWORD_2`), `_VALUE`. Any other last word names something else.
 */
const SAME_SECRET_QUALIFIERS = new Set([
  'prod', 'production', 'prd', 'dev', 'development', 'staging', 'stage', 'stg', 'test', 'qa', 'uat', 'live', 'sandbox', 'local',
  'primary', 'secondary', 'old', 'new', 'current', 'previous',
  'value',
]);
const VERSION_WORD = /^v?\d+$/;

/** `awsSecretAccessKey`, `AWS_SECRET_ACCESS_KEY`, `aws-secret-access-key`, `AWSSecretAccessKey` → ['aws', 'secret', 'access', 'key']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * What a name says its value is, if a credential: `DB_PASSWORD`, `db_pass`, `stripeApiKey`,
 * `GITHUB_TOKEN`, `CLIENT_KEY`, `aws_secret_access_key`, `DB_PASSWORD_PROD`; not `SECRET_ARN`,
 * `PASSWORD_HASH`, `TOKEN_TTL`, `NEXT_TOKEN`, `CACHE_KEY`, `pass`.
 */
export function secretKindOfName(name: string): SecretKind | undefined {
  const all = nameWords(name);
  let end = all.length;
  while (end > 1 && (SAME_SECRET_QUALIFIERS.has(all[end - 1]) || VERSION_WORD.test(all[end - 1]))) end--;
  const w = all.slice(0, end);
  if (!w.length) return undefined;
  for (let k = Math.min(4, w.length); k >= 2; k--) {
    const tail = w.slice(-k).join(' ');
    const kind = AWS_CREDENTIAL_NAMES.get(tail) ?? SECRET_LAST_PHRASES.get(tail);
    if (kind) return kind;
  }
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if (last === 'token' && prev && NOT_SECRET_BEFORE_TOKEN.has(prev)) return undefined;
  if (last === 'pass' && w.length === 1) return undefined;
  return SECRET_LAST_WORDS.get(last);
}

/** Whether a name is a credential's name (see secretKindOfName). */
export function isSecretName(name: string): boolean {
  return secretKindOfName(name) !== undefined;
}
