/**
 * Whether a string value is a credential, from three signals: its shape (AWS access key ids,
 * private key blocks, well-known token formats), the name it is bound to (judged by the shared
 * name vocabulary in ../secrets, which LA203 uses for environment variables too) and its Shannon
 * entropy. Regular expressions here only ever see the content of one string literal.
 */
import { AWS_ACCESS_KEY_ID, PRIVATE_KEY_BLOCK, nameWords, secretKindOfName, shannonEntropy, type SecretKind } from '../secrets';

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

/**
 * Words of a name under which a random-looking value is taken for a secret even though the name
 * alone does not make it one (`webhook_sig`, `hmac`, `auth_header_value`, `cache_key` with a
 * random value). Whole words: `design`, `monkey` or `assign` hold the letters of `sig` or `key`
 * and mean nothing of the sort.
 */
const KEYISH_WORDS = new Set(['key', 'keys', 'auth', 'cred', 'creds', 'sig', 'sign', 'signature', 'hmac']);

/** The credential a literal is, from its value and the name it is bound to (if any). */
export function classifySecret(value: string, boundName: string | undefined): SecretKind | undefined {
  if (isPlaceholder(value)) return undefined;
  const v = value.trim();
  if (AWS_ACCESS_KEY_ID.test(v) || ACCESS_KEY_ID_INSIDE.test(v)) {
    const m = ACCESS_KEY_ID_INSIDE.exec(v);
    if (!m || !AWS_EXAMPLE_KEYS.has(m[1])) return 'AWS access key id';
  }
  if (PRIVATE_KEY_BLOCK.test(v)) return 'private key';
  if (TOKEN_FORMATS.some((r) => r.test(v))) return 'API token';
  const byName = boundName ? secretKindOfName(boundName) : undefined;
  if (byName && !isReference(v)) {
    if (byName === 'secret' && /^[A-Za-z0-9/+=]{40}$/.test(v) && boundName && nameWords(boundName).includes('secret')) return 'AWS secret access key';
    return byName;
  }
  if (looksRandom(v) && boundName && nameWords(boundName).some((w) => KEYISH_WORDS.has(w))) return 'high-entropy secret';
  if (!boundName && looksRandom(v) && v.length >= 32) return 'high-entropy secret';
  return undefined;
}
