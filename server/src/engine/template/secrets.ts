/**
 * Whether a literal string value looks like a secret, whatever its variable is called, and which
 * values are placeholders or dynamic references. Patterns apply to one string value at a time,
 * never to source text. Used by LA203 (environment variables), which judges variable and
 * parameter names with the name vocabulary it shares with LA103 (../secrets: isSecretName).
 */
import { AWS_ACCESS_KEY_ID, PRIVATE_KEY_BLOCK, shannonEntropy } from '../secrets';

/** Values that stand for "fill me in", not for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(x+|\*+|-+|\.+|<[^>]*>|\{[^}]*\}|todo|tbd|none|null|changeme|change_me|replace_?me|placeholder|dummy|example)$/i.test(v)) return true;
  // Numbers and booleans are settings, not secrets: `REQUIRE_PASSWORD: true`, `USE_TOKEN: false` end in a credential word.
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
  if (PRIVATE_KEY_BLOCK.test(v)) return 'a private key';
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
