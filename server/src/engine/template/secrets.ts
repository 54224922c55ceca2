/**
 * Whether a name or a literal string looks like a secret. Patterns apply to one variable name or
 * one string value at a time, never to source text. Used by LA203 (environment variables);
 * LA103's detector (code/secrets.ts) weighs names and values differently; both share ../secrets.
 */
import { AWS_ACCESS_KEY_ID, shannonEntropy } from '../secrets';

/** Words that make a variable name a secret's name. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PWD', 'SECRET', 'TOKEN', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
/** Word pairs that do (`API_KEY`, `PRIVATE_KEY`); `KEY` alone is too common (`CACHE_KEY`). */
const SECRET_PAIRS = new Set(['API_KEY', 'PRIVATE_KEY', 'ACCESS_KEY', 'SECRET_KEY', 'SIGNING_KEY', 'AUTH_KEY', 'ENCRYPTION_KEY', 'MASTER_KEY', 'CLIENT_KEY']);
/** A last word that makes the variable name where the secret is, or something about it, not the secret. */
const REFERENCE_WORDS = new Set([
  'ARN', 'NAME', 'ID', 'PATH', 'PARAM', 'PARAMETER', 'URL', 'URI', 'ENDPOINT', 'TTL', 'EXPIRY', 'EXPIRATION', 'LENGTH', 'HEADER',
  'TABLE', 'BUCKET', 'REGION', 'FILE', 'KEYID', 'ALIAS', 'VERSION', 'TYPE', 'FIELD', 'ENABLED', 'SECONDS', 'MINUTES',
]);

/** Split `dbPassword`, `DB_PASSWORD`, `db-password` into upper-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** `DB_PASSWORD`, `stripeApiKey`, `GITHUB_TOKEN`; not `SECRET_ARN`, `TOKEN_TTL`, `CACHE_KEY`. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length || REFERENCE_WORDS.has(words[words.length - 1])) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  for (let i = 0; i + 1 < words.length; i++) if (SECRET_PAIRS.has(`${words[i]}_${words[i + 1]}`)) return true;
  return false;
}

/** Values that stand for "fill me in", not for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(x+|\*+|-+|\.+|<[^>]*>|\{[^}]*\}|todo|tbd|none|null|changeme|change_me|replace_?me|placeholder|dummy|example)$/i.test(v)) return true;
  // Numbers and booleans are settings (`TOKEN_TTL`-like names that slipped through), not secrets.
  return /^(\d+|true|false)$/i.test(v);
}

/**
 * What a literal value gives away by itself, whatever its variable is called: an AWS access key
 * id, a well-known token format, a private key, credentials in a URL, or a long random string.
 * Undefined when the value looks like ordinary configuration.
 */
export function secretValueKind(value: string): string | undefined {
  const v = value.trim();
  if (AWS_ACCESS_KEY_ID.test(v)) return 'an AWS access key id';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) return 'a private key';
  if (/^(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20,})$/.test(v))
    return 'an access token';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(v) && !/:\/\/[^/\s:@]+:(\$\{|\{\{)/.test(v)) return 'a URL with a password';
  if (looksRandom(v)) return 'a high-entropy string';
  return undefined;
}

/**
 * Long strings of key-like characters with high per-character entropy and mixed character
 * classes (a 40-character AWS secret key has about 4.7 bits per character; CamelCase words,
 * ARNs, paths and UUIDs stay lower or contain characters keys do not).
 */
export function looksRandom(v: string): boolean {
  if (v.length < 24 || !/^[A-Za-z0-9+/=_-]+$/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(v)).length;
  if (classes < 3) return false;
  // A random string's entropy approaches log2 of its length (each character new); text made of
  // words repeats letters. The bar follows the length, capped where long keys reliably reach.
  return shannonEntropy(v) >= Math.min(4.5, 0.85 * Math.log2(v.length));
}

/** CloudFormation dynamic references that keep the secret out of the template. */
export function isSecureDynamicReference(value: string): boolean {
  return value.includes('{{resolve:secretsmanager:') || value.includes('{{resolve:ssm-secure:') || value.includes('{{resolve:ssm:');
}
