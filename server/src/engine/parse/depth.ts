import { CST, Lexer } from 'yaml';
import type { Tree } from '@lezer/common';

/**
 * Nesting guards. Recursive code (the yaml library's composer, Lezer's tree building, some of the
 * rules' helpers) overflows the stack on input nested thousands of levels deep. A RangeError is
 * caught, but not everything at the edge of the stack is: V8 compiles a regular expression the
 * first time it runs on a kind of string, and a compile that finds no stack left aborts the whole
 * process ("RegExpCompiler Allocation failed"), below the reach of any `catch`. The yaml library
 * even carries on after catching its own overflow, resolving scalars with regular expressions at
 * that depth. So nesting that deep is refused before such code runs, not caught after.
 */

/** Templates nested deeper than this are refused: before the yaml library sees them (yamlTooDeep) and while converting (yaml.ts, json.ts). */
export const MAX_TEMPLATE_NESTING = 500;
/** Code trees deeper than this are refused: real code is a few dozen levels deep. */
export const MAX_CODE_TREE_DEPTH = 1000;

/** Lexer tokens that mark a state and are not part of the text. */
const CONTROL_TOKENS = new Set(['doc-mode', 'flow-error-end', 'scalar']);

/**
 * Offset where a YAML text nests too deeply, or undefined: flow collections (`[...]`, `{...}`)
 * more than `max` deep, counted on the yaml library's own lexer tokens (a bracket inside a quoted
 * or plain scalar is no collection; the lexer is iterative, and a text with fewer brackets than
 * `max` cannot nest that deep and is not lexed), or a line indented more than `2 × max` columns
 * (block nesting: every level indents at least one column more).
 */
export function yamlTooDeep(text: string, max = MAX_TEMPLATE_NESTING): number | undefined {
  let opens = 0;
  let lineStart = 0;
  let inIndent = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = i + 1;
      inIndent = true;
    } else if (inIndent && c === 0x20) {
      if (i - lineStart >= 2 * max) return lineStart;
    } else {
      inIndent = false;
      if (c === 0x5b || c === 0x7b) opens++;
    }
  }
  if (opens <= max) return undefined;
  let depth = 0;
  let at = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++depth > max) return at;
    } else if ((type === 'flow-map-end' || type === 'flow-seq-end') && depth > 0) depth--;
    if (!type || !CONTROL_TOKENS.has(type)) at += token.length;
  }
  return undefined;
}

/**
 * Whether a code tree nests deeper than `max` levels (an operator or member chain is as deep as it
 * is long, so the text alone cannot tell). A walk with a cursor, which stops as soon as it knows:
 * about 0.06 ms for a 300-line handler.
 */
export function codeTooDeep(tree: Tree, max = MAX_CODE_TREE_DEPTH): boolean {
  const cursor = tree.cursor();
  let depth = 0;
  for (;;) {
    if (cursor.firstChild()) {
      if (++depth > max) return true;
      continue;
    }
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return false;
      depth--;
    }
  }
}
