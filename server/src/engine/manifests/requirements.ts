/**
 * requirements.txt, read the way pip reads it: one requirement per logical line (a trailing
 * backslash continues it), `#` comments, option lines (-r, -c, -e, --index-url, ...) ignored.
 * The project name of a requirement is extracted per PEP 508: the name comes first and ends
 * where extras (`[`), a version specifier, a marker (`;`), a URL (`@`) or whitespace begins.
 */
import type { DeclaredDependency } from './model';

interface LogicalLine {
  /** Offsets of the physical lines it spans: [start of first line, end of last line incl. newline). */
  from: number;
  to: number;
  /** The content with continuations joined and the comment cut, with the offset of each char. */
  chars: Array<{ c: string; at: number }>;
}

export function parseRequirements(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  for (const line of logicalLines(text)) {
    const dep = requirementOf(line);
    if (dep) out.push({ ...dep, section: 'requirements', removal: { from: line.from, to: line.to, text: '' } });
  }
  return out;
}

function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let cur: LogicalLine | undefined;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    let content = text.slice(pos, end);
    if (content.endsWith('\r')) content = content.slice(0, -1);
    if (!cur) cur = { from: pos, to: next, chars: [] };
    cur.to = next;
    // A comment starts at `#` at the start of a line or after whitespace (pip's rule; `#egg=` in a URL is not one).
    let cut = content.length;
    for (let i = 0; i < content.length; i++) {
      if (content[i] === '#' && (i === 0 || content[i - 1] === ' ' || content[i - 1] === '\t')) {
        cut = i;
        break;
      }
    }
    let body = content.slice(0, cut);
    const continued = cut === content.length && body.endsWith('\\');
    if (continued) body = body.slice(0, -1);
    for (let i = 0; i < body.length; i++) cur.chars.push({ c: body[i], at: pos + i });
    if (!continued) {
      lines.push(cur);
      cur = undefined;
    }
    pos = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

const isNameChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '.' || c === '_' || c === '-';

/**
 * The project name of one PEP 508 requirement string (pyproject `dependencies` entries), with
 * offsets mapped from `base` (the offset of the string's first character in its file).
 */
export function parseRequirementString(value: string, base: number): Omit<DeclaredDependency, 'section'> | undefined {
  return requirementOf({ from: base, to: base + value.length, chars: [...value].map((c, i) => ({ c, at: base + i })) });
}

function requirementOf(line: LogicalLine): Omit<DeclaredDependency, 'section'> | undefined {
  const cs = line.chars;
  let i = 0;
  while (i < cs.length && (cs[i].c === ' ' || cs[i].c === '\t')) i++;
  if (i >= cs.length) return undefined;
  const rest = cs.slice(i).map((x) => x.c).join('');
  // Options (-r other.txt, -e path, --index-url ...) and bare paths/URLs name no project we can check.
  if (rest.startsWith('-') || rest.startsWith('.') || rest.startsWith('/')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) return eggName(rest, cs.slice(i));
  let j = i;
  while (j < cs.length && isNameChar(cs[j].c)) j++;
  // PEP 508: a name starts and ends with a letter or digit.
  while (j > i && !/[A-Za-z0-9]/.test(cs[j - 1].c)) j--;
  if (j === i || !/[A-Za-z0-9]/.test(cs[i].c)) return undefined;
  const name = cs.slice(i, j).map((x) => x.c).join('');
  const after = cs.slice(j).map((x) => x.c).join('');
  // What may follow a name: extras, a specifier, a marker, a URL, or nothing.
  const tail = after.trimStart();
  if (tail && !'[<>=!~;@('.includes(tail[0])) return undefined;
  const version = versionOf(tail);
  return { name, from: cs[i].at, to: cs[j - 1].at + 1, version };
}

function versionOf(tail: string): string | undefined {
  let s = tail;
  if (s.startsWith('[')) s = s.slice(s.indexOf(']') + 1).trimStart();
  const semi = s.indexOf(';');
  if (semi >= 0) s = s.slice(0, semi);
  s = s.trim();
  return s && !s.startsWith('@') ? s : undefined;
}

/** `https://host/pkg.zip#egg=name`: the project name from the egg fragment (a single string's content). */
function eggName(url: string, cs: Array<{ c: string; at: number }>): Omit<DeclaredDependency, 'section'> | undefined {
  const k = url.indexOf('#egg=');
  if (k < 0) return undefined;
  let e = k + 5;
  while (e < url.length && isNameChar(url[e])) e++;
  if (e === k + 5) return undefined;
  return { name: url.slice(k + 5, e), from: cs[k + 5].at, to: cs[e - 1].at + 1 };
}
