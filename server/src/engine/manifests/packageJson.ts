/**
 * package.json dependency maps, read with jsonc-parser (positions kept), and the edit that
 * removes one entry while keeping the file valid JSON: the property together with the comma
 * that separates it from its neighbour.
 */
import { parseTree } from 'jsonc-parser';
import type { Node as JNode, ParseError } from 'jsonc-parser';
import type { DeclaredDependency } from './model';

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

export function parsePackageJson(text: string): DeclaredDependency[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object' || errors.length) return [];
  const out: DeclaredDependency[] = [];
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v || !SECTIONS.includes(String(k.value)) || v.type !== 'object') continue;
    const entries = v.children ?? [];
    entries.forEach((p, i) => {
      const [nk, nv] = p.children ?? [];
      if (!nk) return;
      out.push({
        name: String(nk.value),
        // The name without its quotes.
        from: nk.offset + 1,
        to: nk.offset + nk.length - 1,
        section: String(k.value),
        version: nv?.type === 'string' ? String(nv.value) : undefined,
        removal: removalOf(text, entries, i),
      });
    });
  }
  return out;
}

/**
 * Deleting entry i of an object: from the end of the previous entry (taking its comma) when
 * it is the last one, else from its own start to the start of the next entry (taking its
 * comma). Whole lines go when the entries sit one per line, so no blank line is left behind.
 */
function removalOf(text: string, entries: JNode[], i: number): { from: number; to: number; text: string } {
  const cur = entries[i];
  const start = cur.offset;
  const end = cur.offset + cur.length;
  if (i + 1 < entries.length) {
    const next = entries[i + 1].offset;
    const lineStart = startOfLine(text, start);
    const nextLineStart = startOfLine(text, next);
    // One per line: drop this entry's whole line(s).
    if (onlyWhitespace(text, lineStart, start) && nextLineStart > lineStart && onlyWhitespace(text, nextLineStart, next)) return { from: lineStart, to: nextLineStart, text: '' };
    return { from: start, to: next, text: '' };
  }
  if (i > 0) {
    const prevEnd = entries[i - 1].offset + entries[i - 1].length;
    return { from: prevEnd, to: end, text: '' };
  }
  // The only entry: leave an empty object, on one line.
  const after = skipSpace(text, end);
  const before = skipSpaceBack(text, start);
  return { from: before, to: after, text: '' };
}

function startOfLine(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}
function onlyWhitespace(text: string, from: number, to: number): boolean {
  return text.slice(from, to).trim() === '';
}
function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}
function skipSpaceBack(text: string, at: number): number {
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  return at;
}
