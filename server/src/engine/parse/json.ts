import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JNode, ParseError } from 'jsonc-parser';
import type { ParsedTemplateTree } from './yaml';
import type { TEntry, TMap, TNode, TScalar } from './tree';
import { MAX_TEMPLATE_NESTING } from './depth';

export function parseJsonTree(text: string): ParsedTemplateTree {
  const errors: ParseError[] = [];
  let tree: JNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  } catch (e) {
    return { root: undefined, error: { from: 0, to: 0, message: `JSON could not be read: ${(e as Error).message}` } };
  }
  if (errors.length) {
    const e = errors[0];
    return {
      root: undefined,
      error: { from: e.offset, to: e.offset + e.length, message: `JSON syntax error: ${describe(printParseErrorCode(e.error))}` },
    };
  }
  if (!tree) return { root: undefined };
  try {
    return { root: convert(tree, 0) };
  } catch (e) {
    if (e instanceof RangeError || (e as Error).message === 'depth')
      return { root: undefined, error: { from: 0, to: 0, message: 'JSON nesting is too deep to analyse' } };
    throw e;
  }
}

function describe(code: string): string {
  // "CommaExpected" -> "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(n: JNode, depth: number): TNode {
  if (depth > MAX_TEMPLATE_NESTING) throw new Error('depth');
  const from = n.offset;
  const to = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const map: TMap = { kind: 'map', entries: [], from, to, flow: true };
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        const key: TScalar = { kind: 'scalar', value: String(k.value), from: k.offset, to: k.offset + k.length };
        const value: TNode = v ? convert(v, depth + 1) : { kind: 'scalar', value: null, from: key.to, to: key.to };
        const e: TEntry = { key, value, from: p.offset, to: p.offset + p.length };
        map.entries.push(e);
      }
      return map;
    }
    case 'array':
      return { kind: 'seq', items: (n.children ?? []).map((c) => convert(c, depth + 1)), from, to, flow: true };
    default:
      return { kind: 'scalar', value: n.value ?? null, from, to };
  }
}
