/**
 * The "re-raise" edit for a swallowed exception: Python gets `raise` as the last statement of
 * the except body, JavaScript `throw <param>;` as the last statement of the catch block (a
 * parameter `err` is added when the clause has none). A trailing `pass`/`return`/`continue`/
 * `break` is replaced rather than followed: a raise after it would never run.
 */
import { kids, textOf } from '../parse/code';
import type { EditInput } from '../rules/api';
import type { CodeModule } from './model';
import type { SwallowedCatch } from './swallowed';

const REPLACEABLE = new Set(['PassStatement', 'ReturnStatement', 'ContinueStatement', 'BreakStatement']);

export function rethrowEdits(mod: CodeModule, c: SwallowedCatch): EditInput[] | undefined {
  return c.kind === 'py-except' ? pythonEdits(mod, c) : jsEdits(mod, c);
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

function onSameLine(text: string, a: number, b: number): boolean {
  return !text.slice(Math.min(a, b), Math.max(a, b)).includes('\n');
}

function pythonEdits(mod: CodeModule, c: SwallowedCatch): EditInput[] | undefined {
  const text = mod.source.text;
  const last = c.statements[c.statements.length - 1];
  if (!last) return undefined;
  if (REPLACEABLE.has(last.name)) return [{ from: last.from, to: last.to, text: 'raise' }];
  // `except Exception: log(e)` on one line continues with `; raise`.
  if (onSameLine(text, c.body.from, last.from)) return [{ from: last.to, to: last.to, text: '; raise' }];
  return [{ from: last.to, to: last.to, text: `\n${lineIndent(text, last.from)}raise` }];
}

function jsEdits(mod: CodeModule, c: SwallowedCatch): EditInput[] | undefined {
  const text = mod.source.text;
  // Concise arrow bodies and `.catch(console.error)` have no block to add a statement to.
  if (c.body.name !== 'Block') return undefined;
  const edits: EditInput[] = [];
  let name: string;
  if (c.param) {
    name = textOf(text, c.param);
  } else {
    name = 'err';
    if (!c.paramSlot) return undefined;
    if (c.paramSlot.name === 'catch') edits.push({ from: c.paramSlot.to, to: c.paramSlot.to, text: ` (${name})` });
    else if (c.paramSlot.name === 'ParamList' && kids(c.paramSlot).every((k) => k.name === '(' || k.name === ')')) edits.push({ from: c.paramSlot.from, to: c.paramSlot.to, text: `(${name})` });
    else return undefined;
  }
  const stmt = `throw ${name};`;
  const last = c.statements[c.statements.length - 1];
  const open = c.body.firstChild!;
  const close = c.body.lastChild!;
  if (!last) {
    if (onSameLine(text, open.from, close.from)) edits.push({ from: c.body.from, to: c.body.to, text: `{ ${stmt} }` });
    else {
      const indent = lineIndent(text, close.from);
      edits.push({ from: open.to, to: close.from, text: `\n${indent}  ${stmt}\n${indent}` });
    }
    return edits;
  }
  if (REPLACEABLE.has(last.name)) {
    edits.push({ from: last.from, to: last.to, text: stmt });
    return edits;
  }
  if (onSameLine(text, open.from, last.from)) {
    const lastText = textOf(text, last);
    const sep = lastText.endsWith(';') || lastText.endsWith('}') ? ' ' : '; ';
    edits.push({ from: last.to, to: last.to, text: `${sep}${stmt}` });
  } else {
    edits.push({ from: last.to, to: last.to, text: `\n${lineIndent(text, last.from)}${stmt}` });
  }
  return edits;
}
