/**
 * Code edits of inline code (a code rule's fix) written back into the template. Every
 * translated fix is checked by re-parsing the edited template: the scalar must decode to
 * exactly the fixed code, otherwise the fix is dropped (the finding stays).
 */
import { parseJsonTree } from '../parse/json';
import { get, isScalar } from '../parse/tree';
import { parseYamlTree } from '../parse/yaml';
import type { InlineCode } from './inlineCode';
import { toTemplateSpan } from './inlineCode';

export interface OffsetEdit {
  from: number;
  to: number;
  text: string;
}

/** The template edits for code edits of `ic`, or undefined when they cannot be written exactly. */
export function toTemplateEdits(ic: InlineCode, edits: OffsetEdit[]): OffsetEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].from < sorted[i - 1].to) return undefined;
  const out = ic.style === 'block' ? blockEdits(ic, sorted) : flowEdits(ic, sorted);
  if (!out || !decodesTo(ic, out, applyOffsetEdits(ic.text, sorted))) return undefined;
  return out;
}

/** One-line scalars: each code character has its own template span; inserted text is escaped. */
function flowEdits(ic: InlineCode, edits: OffsetEdit[]): OffsetEdit[] | undefined {
  const out: OffsetEdit[] = [];
  for (const e of edits) {
    const text = encode(ic.style, e.text);
    if (text === undefined) return undefined;
    out.push({ ...toTemplateSpan(ic, e.from, e.to), text });
  }
  return out;
}

function encode(style: InlineCode['style'], text: string): string | undefined {
  // JSON escapes are valid in YAML double-quoted scalars too.
  if (style === 'json' || style === 'double') return JSON.stringify(text).slice(1, -1);
  if (style === 'single') return text.includes('\n') || text.includes('\r') ? undefined : text.split("'").join("''");
  return undefined; // plain scalars: any edit may change how the scalar reads
}

/**
 * Block scalars: an edit is widened to the whole code lines it touches, and those lines are
 * rewritten with the block's indentation (blank lines stay empty). Edits on the same line are
 * merged into one rewrite so the template edits never overlap.
 */
function blockEdits(ic: InlineCode, edits: OffsetEdit[]): OffsetEdit[] | undefined {
  const src = ic.fn.template.source;
  const code = ic.text;
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  // Code lines with a template line of their own (not the empty remainder after a final newline).
  const mapped = code.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;
  const lineOf = (o: number) => {
    let k = 0;
    while (k + 1 < lineStarts.length && lineStarts[k + 1] <= o) k++;
    return k;
  };
  const lineEnd = (k: number) => (k + 1 < lineStarts.length ? lineStarts[k + 1] - 1 : code.length);
  const groups: Array<{ first: number; last: number; edits: OffsetEdit[] }> = [];
  for (const e of edits) {
    const first = lineOf(e.from);
    const last = lineOf(e.to);
    const g = groups[groups.length - 1];
    if (g && first <= g.last) {
      g.last = Math.max(g.last, last);
      g.edits.push(e);
    } else groups.push({ first, last, edits: [e] });
  }
  const pad = ' '.repeat(ic.indent);
  const out: OffsetEdit[] = [];
  for (const g of groups) {
    if (g.last >= mapped) return undefined;
    const a = lineStarts[g.first];
    const b = lineEnd(g.last);
    const rewritten = applyOffsetEdits(code.slice(a, b), g.edits.map((e) => ({ from: e.from - a, to: e.to - a, text: e.text })));
    out.push({
      from: src.lineStart(ic.firstLine + g.first),
      to: src.lineEnd(ic.firstLine + g.last),
      text: rewritten
        .split('\n')
        .map((l) => (l === '' ? '' : pad + l))
        .join(src.eol),
    });
  }
  return out;
}

export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  let out = '';
  let last = 0;
  for (const e of [...edits].sort((a, b) => a.from - b.from || a.to - b.to)) {
    out += text.slice(last, e.from) + e.text;
    last = e.to;
  }
  return out + text.slice(last);
}

/** Whether the template with `edits` applied still holds this function's inline code, decoding to `expected`. */
function decodesTo(ic: InlineCode, edits: OffsetEdit[], expected: string): boolean {
  const doc = ic.fn.template;
  const text = applyOffsetEdits(doc.source.text, edits);
  const parsed = doc.format === 'json' ? parseJsonTree(text) : parseYamlTree(text);
  if (parsed.error) return false;
  const node = get(parsed.root, ...inlineCodePath(ic));
  return isScalar(node) && node.value === expected;
}

/** Where the inline code lives in the template (SAM Globals may hold InlineCode for every function). */
function inlineCodePath(ic: InlineCode): string[] {
  const fn = ic.fn;
  if (fn.resourceType !== 'AWS::Serverless::Function') return ['Resources', fn.id, 'Properties', 'Code', 'ZipFile'];
  return fn.prop('InlineCode')?.source === 'globals' ? ['Globals', 'Function', 'InlineCode'] : ['Resources', fn.id, 'Properties', 'InlineCode'];
}
