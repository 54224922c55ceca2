/**
 * Where a module reports partial batch failures: a `batchItemFailures` key in a dict / object
 * literal (or assigned by subscript / member), or the Powertools batch utilities that build
 * that response (`process_partial_response`, `BatchProcessor`, `processPartialResponse`, ...).
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import { perModule } from './memo';
import type { CodeModule } from './model';
import { isPython, objectProps, stringValue } from './syntax';
import { walkModule } from './walk';

const KEY = 'batchItemFailures';
const POWERTOOLS = new Set([
  'process_partial_response',
  'async_process_partial_response',
  'batch_processor',
  'async_batch_processor',
  'BatchProcessor',
  'AsyncBatchProcessor',
  'SqsFifoPartialProcessor',
  'processPartialResponse',
  'processPartialResponseSync',
  'SqsFifoPartialProcessorAsync',
  'BasePartialBatchProcessor',
]);

export interface BatchFailureMention {
  node: SyntaxNode;
  kind: 'key' | 'powertools';
}

/** The nodes findMentions looks at. */
const MENTIONS = new Set(['DictionaryExpression', 'ObjectExpression', 'MemberExpression', 'VariableName', 'VariableDefinition']);

/** Cached per module: treat the result as read-only. */
export const batchFailureMentions: (mod: CodeModule) => BatchFailureMention[] = perModule(findMentions);

function findMentions(mod: CodeModule): BatchFailureMention[] {
  const out: BatchFailureMention[] = [];
  const text = mod.source.text;
  const keys = new Occurrences(text, KEY);
  const escapes = new Occurrences(text, '\\');
  walkModule(mod, (n) => {
    if (n.name === 'DictionaryExpression' || n.name === 'ObjectExpression') {
      const props = objectProps(mod, n);
      if (props?.has(KEY)) {
        const key = keyNode(mod, n);
        if (key) out.push({ node: key, kind: 'key' });
      }
    } else if (n.name === 'MemberExpression') {
      // response['batchItemFailures'] = ... / res.batchItemFailures = ...
      const parts = kids(n);
      const prop = parts[2];
      const name = prop?.name === 'PropertyName' ? textOf(text, prop) : parts[1]?.name === '[' ? stringValue(mod, prop) : undefined;
      if (name === KEY && prop) out.push({ node: prop, kind: 'key' });
    } else if ((n.name === 'VariableName' || n.name === 'VariableDefinition') && POWERTOOLS.has(textOf(text, n))) {
      if (isPython(mod) ? mod.moduleNames.has(textOf(text, n)) : true) out.push({ node: n, kind: 'powertools' });
    }
    return undefined;
  }, {
    only: MENTIONS,
    // Most nodes are names, and only a few names matter. A literal or member that names the key
    // has it in its text, or writes it with escapes.
    where: (name, from, to) =>
      name === 'VariableName' || name === 'VariableDefinition' ? POWERTOOLS.has(text.slice(from, to)) : keys.within(from, to) || escapes.within(from, to),
  });
  return out;
}

/** Where a string occurs in a text, to ask whether a span holds one. */
class Occurrences {
  private readonly at: number[] = [];
  constructor(
    text: string,
    private readonly s: string,
  ) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) this.at.push(i);
  }

  within(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.at.length && this.at[lo] + this.s.length <= to;
  }
}

function keyNode(mod: CodeModule, obj: SyntaxNode): SyntaxNode | undefined {
  for (const c of kids(obj)) {
    if (c.name === 'Property') {
      const k = c.firstChild;
      if (k && (textOf(mod.source.text, k) === KEY || stringValue(mod, k) === KEY)) return k;
    } else if (c.name === 'String' && stringValue(mod, c) === KEY) return c;
  }
  return undefined;
}
