/**
 * What the two secret detectors share: code literals (code/secrets.ts, LA103) and template
 * environment values (template/secrets.ts, LA203) are classified by different vocabularies
 * (each rule's tests pin its own), but measure randomness and recognise an access key id alike.
 * Regular expressions here only ever see one string value.
 */

/** An AWS access key id, the whole value: long-term (AKIA) or temporary (ASIA). */
export const AWS_ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

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
