import type { Position, Range, TextEdit } from './types';

/**
 * A file's text with a line index, so that parser offsets can be turned into
 * LSP-style line/character positions (UTF-16 code units, like JS strings).
 */
export class SourceText {
  private lineStarts: number[] | undefined;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the \r and \n of a CRLF (a token that ends with the \r) is still the end of
    // its line: LSP positions never point inside a line break.
    return { line: lo, character: Math.min(offset, this.lineEnd(lo)) - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    if (pos.line >= starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    return Math.min(starts[pos.line] + pos.character, this.lineEnd(pos.line));
  }

  range(from: number, to: number): Range {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }

  /** Offset of the first character of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.starts()[this.positionAt(offset).line];
  }

  lineStart(line: number): number {
    return this.starts()[Math.max(0, Math.min(line, this.starts().length - 1))];
  }

  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const starts = this.starts();
    if (line + 1 >= starts.length) return this.text.length;
    let end = starts[line + 1] - 1;
    if (end > 0 && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** Leading whitespace of the line holding `offset`. */
  indentOf(offset: number): string {
    const start = this.lineStartOf(offset);
    let i = start;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    return this.text.slice(start, i);
  }

  /** The line break style used by the file. */
  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  edit(from: number, to: number, newText: string): TextEdit {
    return { range: this.range(from, to), newText };
  }
}

/** Offset of the first character of the line after the one holding `offset` (or the end of the text). */
export function startOfNextLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Applies edits given in LSP ranges to a text (used by tests, the CLI --fix and the fuzz suite). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const src = new SourceText('', text);
  const withOffsets = edits
    .map((e, i) => ({ from: src.offsetAt(e.range.start), to: src.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  let out = '';
  let last = 0;
  for (const e of withOffsets) {
    if (e.from < last) throw new Error('overlapping edits');
    out += text.slice(last, e.from) + e.text;
    last = e.to;
  }
  return out + text.slice(last);
}
