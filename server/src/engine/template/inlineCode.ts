/**
 * Inline function code (SAM `InlineCode`, CloudFormation `Code.ZipFile`) as a virtual code
 * module: the decoded scalar value is the code, and a per-character map says where each code
 * character sits in the template, so code findings can be reported in the template.
 *
 * The yaml / jsonc parsers decode the value; this module only aligns that value with the raw
 * scalar text, and refuses (returns undefined) whenever the alignment does not reproduce the
 * decoded value exactly: a wrong position is worse than no finding.
 */
import { isScalar } from '../parse/tree';
import type { TScalar } from '../parse/tree';
import type { SourceText } from '../text';
import { runtimeLanguage } from './handler';
import type { FunctionModel } from './model';

/** How the scalar is written; decides how code text is written back into the template. */
export type InlineStyle = 'block' | 'json' | 'double' | 'single' | 'plain';

export interface InlineCode {
  fn: FunctionModel;
  node: TScalar;
  /** The code: the scalar's decoded value. */
  text: string;
  language: 'python' | 'javascript';
  /** The handler's function name: Handler's part after the last dot (`index.handler` → `handler`). */
  symbol: string | undefined;
  style: InlineStyle;
  /** Template offsets where code character j starts and ends (an escape spans several template characters). */
  starts: number[];
  ends: number[];
  /** Block scalars: the block's indentation, stripped from every template line. */
  indent: number;
  /** Block scalars: the template line holding code line 0. */
  firstLine: number;
}

/** The inline code of a function, with its map into the template; undefined when there is none or it cannot be mapped exactly. */
export function inlineCodeOf(fn: FunctionModel): InlineCode | undefined {
  const node = fn.inlineCode;
  // Intrinsics (`!Sub`, `Fn::Join`) build the code at deploy time: their value is not the code as written.
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.trim()) return undefined;
  const lang = runtimeLanguage(fn.runtime);
  if (lang !== 'python' && lang !== 'node') return undefined;
  const src = fn.template.source;
  const dot = fn.handler?.lastIndexOf('.') ?? -1;
  const base = {
    fn,
    node,
    text: node.value,
    language: lang === 'python' ? ('python' as const) : ('javascript' as const),
    symbol: fn.handler && dot >= 0 ? fn.handler.slice(dot + 1) : fn.handler,
  };
  const first = src.text[node.from];
  if (fn.template.format === 'json') return withMap(base, 'json', mapQuoted(src, node, 'json'));
  if (first === '|') return withMap(base, 'block', mapBlock(src, node));
  if (first === '"') return withMap(base, 'double', mapQuoted(src, node, 'double'));
  if (first === "'") return withMap(base, 'single', mapQuoted(src, node, 'single'));
  // A folded block (`>`) joins lines with spaces: its lines do not line up with the code's.
  if (first === '>') return undefined;
  return withMap(base, 'plain', mapQuoted(src, node, 'plain'));
}

interface CharMap {
  starts: number[];
  ends: number[];
  indent: number;
  firstLine: number;
}

function withMap(base: Omit<InlineCode, 'style' | keyof CharMap>, style: InlineStyle, m: CharMap | undefined): InlineCode | undefined {
  if (!m || m.starts.length !== base.text.length) return undefined;
  return { ...base, style, ...m };
}

/**
 * A literal block scalar (`|`, `|-`, `|+`): code line k is template line header+1+k with the
 * block's indentation removed, so each line maps with one offset.
 */
function mapBlock(src: SourceText, node: TScalar): CharMap | undefined {
  const value = node.value as string;
  const header = src.positionAt(node.from).line;
  const lines = value.split('\n');
  // A final newline leaves an empty last element that has no template line of its own.
  const codeLines = value.endsWith('\n') ? lines.slice(0, -1) : lines;
  const k0 = codeLines.findIndex((l) => l !== '');
  if (k0 < 0) return undefined;
  const firstRaw = src.lineText(header + 1 + k0);
  if (!firstRaw.endsWith(codeLines[k0])) return undefined;
  const indent = firstRaw.length - codeLines[k0].length;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < codeLines.length; k++) {
    const line = header + 1 + k;
    if (line >= src.lineCount || src.lineStart(line) >= node.to) return undefined;
    const raw = src.lineText(line);
    const code = codeLines[k];
    // The template line must be the indentation followed by exactly the code line (blank lines may be shorter).
    if (raw.slice(0, indent).trim() !== '' || raw.slice(indent) !== code) return undefined;
    const at = src.lineStart(line) + Math.min(indent, raw.length);
    for (let c = 0; c < code.length; c++) {
      starts.push(at + c);
      ends.push(at + c + 1);
    }
    if (k < lines.length - 1) {
      // The newline after the line: the template's line break (\n or \r\n).
      starts.push(src.lineEnd(line));
      ends.push(line + 1 < src.lineCount ? src.lineStart(line + 1) : src.text.length);
    }
  }
  return { starts, ends, indent, firstLine: header + 1 };
}

/** Template characters an escape at raw[i] (a backslash) takes up, per quoting style. */
function escapeLength(raw: string, i: number, style: 'json' | 'double'): number {
  const c = raw[i + 1];
  if (c === 'u') return 6;
  if (style === 'double' && c === 'x') return 4;
  if (style === 'double' && c === 'U') return 10;
  return 2;
}

/**
 * A one-line scalar (JSON string, YAML double- or single-quoted or plain): walk the raw text,
 * one code character per plain character or escape. Multi-line YAML flow scalars fold line
 * breaks into spaces, so they are refused (the caller verifies the length; we verify content).
 */
function mapQuoted(src: SourceText, node: TScalar, style: 'json' | 'double' | 'single' | 'plain'): CharMap | undefined {
  const value = node.value as string;
  const quoted = style !== 'plain';
  const from = node.from + (quoted ? 1 : 0);
  const raw = src.text.slice(from, node.to - (quoted ? 1 : 0));
  if (style !== 'json' && (raw.includes('\n') || raw.includes('\r'))) return undefined;
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < raw.length) {
    let len = 1;
    if ((style === 'json' || style === 'double') && raw[i] === '\\') len = escapeLength(raw, i, style);
    else if (style === 'single' && raw[i] === "'" && raw[i + 1] === "'") len = 2;
    const j = starts.length;
    // A plain character must be the decoded character itself; an escape decodes to one code
    // unit (two for a `\U` outside the BMP).
    if (len === 1 && value[j] !== raw[i]) return undefined;
    const units = len === 10 && (value.codePointAt(j) ?? 0) > 0xffff ? 2 : 1;
    for (let u = 0; u < units; u++) {
      starts.push(from + i);
      ends.push(from + i + len);
    }
    i += len;
  }
  return { starts, ends, indent: 0, firstLine: src.positionAt(node.from).line };
}

/** Template offsets of the code range [from, to). */
export function toTemplateSpan(ic: InlineCode, from: number, to: number): { from: number; to: number } {
  const end = ic.ends.length ? ic.ends[ic.ends.length - 1] : ic.node.to;
  const at = (o: number) => (o < ic.starts.length ? ic.starts[Math.max(0, o)] : end);
  const f = at(from);
  return { from: f, to: to > from ? (to - 1 < ic.ends.length ? ic.ends[to - 1] : end) : f };
}
