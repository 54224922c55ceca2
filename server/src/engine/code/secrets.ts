/**
 * Whether a string value is a credential, from three signals: its shape (AWS access key ids,
 * private key blocks, well-known token formats), the name it is bound to (password, secret,
 * token, api_key, ...) and its Shannon entropy. Regular expressions here only ever see the
 * content of one string literal.
 */
import { AWS_ACCESS_KEY_ID, shannonEntropy } from '../secrets';

export type SecretKind =
  | 'AWS access key id'
  | 'AWS secret access key'
  | 'AWS session token'
  | 'private key'
  | 'API token'
  | 'password'
  | 'secret'
  | 'high-entropy secret';

/** The key id the AWS documentation uses in its examples. */
const AWS_EXAMPLE_KEYS = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

const ACCESS_KEY_ID_INSIDE = /(?:^|[^A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/;
const TOKEN_FORMATS: RegExp[] = [
  /^gh[pousr]_[A-Za-z0-9]{36,}$/, // GitHub
  /^github_pat_[A-Za-z0-9_]{40,}$/,
  /^xox[abprs]-[A-Za-z0-9-]{10,}$/, // Slack
  /^(sk|rk)_live_[A-Za-z0-9]{16,}$/, // Stripe
  /^AIza[0-9A-Za-z_-]{35}$/, // Google API key
  /^glpat-[A-Za-z0-9_-]{20,}$/, // GitLab
  /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/, // a JWT
];
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/;

/** Words that make a name a credential when the name ends with them. */
const SECRET_LAST_WORDS: Record<string, SecretKind> = {
  password: 'password', passwd: 'password', pwd: 'password', passphrase: 'password', pass: 'password',
  secret: 'secret', token: 'API token', apikey: 'API token', credential: 'secret', credentials: 'secret',
};
/** Two-word endings: client_secret, api_key, access_key, private_key, secret_key, auth_token, ... */
const SECRET_LAST_PAIRS: Record<string, SecretKind> = {
  'api key': 'API token', 'access key': 'secret', 'private key': 'private key', 'secret key': 'secret',
  'signing key': 'secret', 'encryption key': 'secret', 'client secret': 'secret', 'master key': 'secret',
  'app key': 'API token', 'auth key': 'API token',
};
/** Names of the AWS credential parameters themselves: any non-placeholder literal there is a key. */
const AWS_CREDENTIAL_NAMES: Record<string, SecretKind> = {
  'aws access key id': 'AWS access key id', 'access key id': 'AWS access key id',
  'aws secret access key': 'AWS secret access key', 'secret access key': 'AWS secret access key',
  'aws session token': 'AWS session token', 'session token': 'AWS session token',
};
/** Tokens that name something other than a credential: pagination, limits, token counts. */
const NOT_SECRET_BEFORE_TOKEN = new Set(['next', 'continuation', 'pagination', 'page', 'csrf', 'max', 'idempotency', 'client', 'cancel', 'sync', 'start', 'marker']);

/** `awsSecretAccessKey`, `AWS_SECRET_ACCESS_KEY`, `api-key` → ['aws', 'secret', 'access', 'key']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a name says its value is, if a credential. */
export function secretKindOfName(name: string): SecretKind | undefined {
  const w = nameWords(name);
  if (!w.length) return undefined;
  for (let k = Math.min(4, w.length); k >= 2; k--) {
    const tail = w.slice(-k).join(' ');
    if (AWS_CREDENTIAL_NAMES[tail]) return AWS_CREDENTIAL_NAMES[tail];
  }
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if (prev && SECRET_LAST_PAIRS[`${prev} ${last}`]) return SECRET_LAST_PAIRS[`${prev} ${last}`];
  if (last === 'token' && prev && NOT_SECRET_BEFORE_TOKEN.has(prev)) return undefined;
  // 'pass' alone is too common (a pass/fail flag); only `db_pass`-style compounds count.
  if (last === 'pass' && w.length === 1) return undefined;
  return SECRET_LAST_WORDS[last];
}

/** Values that are obviously not real: placeholders, templates, references. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (AWS_EXAMPLE_KEYS.has(v) || v.includes('EXAMPLE')) return true;
  const lower = v.toLowerCase();
  if (/^(.)\1+$/.test(v)) return true; // xxxxxxxx, ********, 00000000
  if (/^<.*>$/.test(v) || /^\{\{.*\}\}$/.test(v) || v.includes('${') || v.startsWith('$') || v.startsWith('%(')) return true;
  const words = ['changeme', 'change_me', 'change-me', 'dummy', 'example', 'placeholder', 'redacted', 'your-', 'your_', 'yourkey', 'replace', 'todo', 'fixme', 'fake', 'sample', 'notsecret', 'not-a-secret', 'secret-here', 'xxx'];
  if (words.some((w) => lower.includes(w))) return true;
  return ['password', 'secret', 'token', 'none', 'null', 'undefined', 'test', 'testing', 'default'].includes(lower);
}

/** Values that are names or pointers to a secret rather than the secret: ARNs, SSM paths, env var names, URLs. */
export function isReference(value: string): boolean {
  if (value.startsWith('arn:') || value.startsWith('{{resolve:')) return true;
  if (value.startsWith('/') || value.startsWith('http://') || value.startsWith('https://')) return true;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return true; // DB_PASSWORD: an environment variable name
  return /\s/.test(value.trim());
}

/**
 * Long, mixed-case, digit-bearing, high-entropy strings without URL or path punctuation:
 * random keys look like this, hashes (hex, at most 4 bits per char), UUIDs and words do not.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 24 || value.length > 200) return false;
  if (/[\s:.@]/.test(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  return shannonEntropy(value) >= 4.3;
}

/** The credential a literal is, from its value and the name it is bound to (if any). */
export function classifySecret(value: string, boundName: string | undefined): SecretKind | undefined {
  if (isPlaceholder(value)) return undefined;
  const v = value.trim();
  if (AWS_ACCESS_KEY_ID.test(v) || ACCESS_KEY_ID_INSIDE.test(v)) {
    const m = ACCESS_KEY_ID_INSIDE.exec(v);
    if (!m || !AWS_EXAMPLE_KEYS.has(m[1])) return 'AWS access key id';
  }
  if (PRIVATE_KEY.test(v)) return 'private key';
  if (TOKEN_FORMATS.some((r) => r.test(v))) return 'API token';
  const byName = boundName ? secretKindOfName(boundName) : undefined;
  if (byName && !isReference(v)) {
    if (byName === 'secret' && /^[A-Za-z0-9/+=]{40}$/.test(v) && boundName && nameWords(boundName).includes('secret')) return 'AWS secret access key';
    return byName;
  }
  if (looksRandom(v) && boundName && /key|auth|cred|sig|hmac/i.test(boundName)) return 'high-entropy secret';
  if (!boundName && looksRandom(v) && v.length >= 32) return 'high-entropy secret';
  return undefined;
}
