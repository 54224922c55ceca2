import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Tree } from '@lezer/common';
import type { SyntaxNode } from '@lezer/common';
import { analyzeCodeText } from '../../server/src/engine/code/index';
import type { CodeModule } from '../../server/src/engine/code/model';
import { walk, walkModule } from '../../server/src/engine/code/walk';
import { PY_AS_PARENTS, PY_FOR_PARENTS } from '../../server/src/engine/code/scopes';
import { walkBody } from '../../server/src/engine/code/syntax';
import { parser as pythonParser } from '@lezer/python';
import { descend, parseCode } from '../../server/src/engine/parse/code';
import { SourceText } from '../../server/src/engine/text';
import type { DescendFilter } from '../../server/src/engine/parse/code';

const PY = `import os, boto3
s3 = boto3.client('s3')
CACHE = {'a': [1, 2, (3, 4)], "b": f"x{os.environ['B']}y"}

def helper(x, *args, y=2, **kw):
    return [i * 2 for i in x if i] + list(lambda z: z)

class Thing:
    def method(self):
        with open('/tmp/x') as f:
            return f.read()

def lambda_handler(event, context):
    try:
        for record in event['Records']:
            s3.put_object(Bucket=os.environ['BUCKET'], Key=record['k'], Body=b'')
    except (KeyError, ValueError) as e:
        print(e)
    match event:
        case {'a': 1}:
            pass
    return {'statusCode': 200, 'body': helper([1, 2, 3])}
`;

const TS = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const client = new S3Client({});
let count = 0;
type Pair<T> = { a: T; b: T };
export const handler = async (event: { Records: Array<{ body: string }> }): Promise<void> => {
  for (const r of event.Records) {
    count++;
    const { body = '' } = JSON.parse(r.body) as Pair<string>;
    await client.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: \`k/\${body}\`, Body: '' }));
  }
  [1, 2, 3].forEach((x) => { console.log(x, \`\${x}\`); });
  class Local { m() { return this; } }
  return void new Local();
};
`;

/** Broken on purpose: error nodes, some of them empty. */
const BROKEN_PY = `def f(a, b:
    return a +
x = [1, 2,
def g(): pass
`;
const BROKEN_JS = `function f( { return 1 + ; }
const x = { a: , b: [1, 2 };
if (x) { y( }
`;

function moduleOf(path: string, text: string): CodeModule {
  const mod = analyzeCodeText(path, text);
  assert.ok(mod);
  return mod;
}

/** What a visit saw: the node and its chain of parents, by kind and span. */
function describeNode(n: SyntaxNode): string {
  const chain: string[] = [];
  for (let p: SyntaxNode | null = n; p; p = p.parent) chain.push(`${p.name}@${p.from}-${p.to}`);
  return chain.join(' < ');
}

/** The walk a filter stands for, spelled out with a plain descend and tests in the visitor. */
function reference(root: SyntaxNode, filter: DescendFilter, stopAt?: (n: SyntaxNode) => boolean): string[] {
  const out: string[] = [];
  descend(root, (n) => {
    if (filter.prune?.has(n.name)) return false;
    if (filter.only && !filter.only.has(n.name)) return undefined;
    if (filter.where && !filter.where(n.name, n.from, n.to)) return undefined;
    out.push(describeNode(n));
    return stopAt?.(n) ? false : undefined;
  });
  return out;
}

function record(run: (visit: (n: SyntaxNode) => boolean | void) => void, stopAt?: (n: SyntaxNode) => boolean): string[] {
  const out: string[] = [];
  run((n) => {
    out.push(describeNode(n));
    return stopAt?.(n) ? false : undefined;
  });
  return out;
}

/** Every node of a tree with at least `min` characters (walk looks small subtrees up differently). */
function nodesOf(mod: CodeModule, min = 0): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  descend(mod.tree.topNode, (n) => void (n.to - n.from >= min && out.push(n)));
  return out;
}

const FILTERS: DescendFilter[] = [
  { only: new Set(['CallExpression']) },
  { only: new Set(['CallExpression', 'NewExpression', 'MemberExpression']) },
  { only: new Set(['String', 'TemplateString', 'FormatString']), prune: new Set(['FunctionDefinition', 'ArrowFunction']) },
  { only: new Set(['VariableName', 'VariableDefinition', '⚠']) },
  { only: new Set(['⚠', 'Body', 'Block']), prune: new Set(['ClassDefinition', 'ClassDeclaration']) },
  { only: new Set(['(', ')', ',', '[', ']']) },
  { prune: new Set(['FunctionDefinition', 'FunctionDeclaration', 'ArrowFunction']) },
  { only: new Set(['VariableName', 'CallExpression']), where: (name, from, to) => name === 'CallExpression' || (to - from) % 2 === 0 },
  { only: new Set(['MemberExpression', 'String']), prune: new Set(['ClassDefinition']), where: (_, from) => from % 3 !== 0 },
];

/** Big enough that the parser stores parts of the tree as subtrees, not all in one flat buffer. */
const BIG_PY =
  Array.from({ length: 30 }, (_, i) => PY.replace(/lambda_handler/g, `handler_${i}`)).join('\n') +
  `\ndef long(event, context):\n${Array.from({ length: 400 }, (_, i) => `    v${i} = call_${i}(event['k${i}'], [${i}, 'x'])\n`).join('')}`;
const BIG_TS =
  Array.from({ length: 30 }, (_, i) => TS.replace(/handler/g, `handler${i}`).replace(/^import .*$/m, '')).join('\n') +
  `\nexport function long(event: any) {\n${Array.from({ length: 400 }, (_, i) => `  const v${i} = call${i}(event.k${i}, [${i}, 'x']);\n`).join('')}}\n`;

const SOURCES: Array<[string, string]> = [
  ['/ws/app.py', PY],
  ['/ws/app.ts', TS],
  ['/ws/broken.py', BROKEN_PY],
  ['/ws/broken.js', BROKEN_JS],
  ['/ws/big.py', BIG_PY],
  ['/ws/big.ts', BIG_TS],
];

describe('descend with a filter', () => {
  it('visits what a plain descend with the same tests in the visitor visits, in the same order', () => {
    for (const [path, text] of SOURCES) {
      const mod = moduleOf(path, text);
      for (const filter of FILTERS) {
        const top = mod.tree.topNode;
        assert.deepEqual(record((v) => descend(top, v, filter)), reference(top, filter), `${path} ${[...(filter.only ?? [])]}`);
      }
    }
  });

  it('prunes: a pruned node is neither visited nor entered, and false from the visitor skips a subtree', () => {
    const mod = moduleOf('/ws/app.py', PY);
    const seen = record((v) => descend(mod.tree.topNode, v, { only: new Set(['VariableName']), prune: new Set(['FunctionDefinition', 'ClassDefinition']) }));
    const names = seen.map((s) => PY.slice(Number(s.split('@')[1].split('-')[0]), Number(s.split('-')[1].split(' ')[0])));
    assert.deepEqual(names, ['os', 'boto3', 's3', 'boto3', 'CACHE', 'os']);
    const calls = record(
      (v) => descend(mod.tree.topNode, (n) => (n.name === 'CallExpression' ? v(n) : undefined)),
      () => true,
    );
    // The outer call only: `boto3.client('s3')`, `helper(...)`'s callers skipped their arguments.
    assert.ok(calls.every((c) => !c.split(' < ').slice(1).some((p) => p.startsWith('CallExpression'))));
  });
});

describe('walk over a module index', () => {
  it('visits the nodes descend visits, for the whole module and for every subtree as root', () => {
    for (const [path, text] of SOURCES) {
      const mod = moduleOf(path, text);
      for (const filter of FILTERS) {
        const label = `${path} ${[...(filter.only ?? [])]} / ${[...(filter.prune ?? [])]}`;
        assert.deepEqual(record((v) => walkModule(mod, v, filter)), reference(mod.tree.topNode, filter), label);
        // Every subtree of the small sources; a sample of the big ones.
        const roots = nodesOf(mod).filter((_, i) => text.length < 5000 || i % 97 === 0);
        for (const root of roots) {
          assert.deepEqual(record((v) => walk(mod, root, v, filter)), reference(root, filter), `${label} under ${describeNode(root)}`);
        }
      }
    }
  });

  it('sees the parts of a big tree that are stored as subtrees, named and anonymous', () => {
    for (const [path, text] of [['/ws/big.py', BIG_PY], ['/ws/big.ts', BIG_TS]]) {
      const tree = moduleOf(path, text).tree;
      const kinds = new Set<string>();
      const todo = [tree];
      while (todo.length) {
        const t = todo.pop()!;
        for (const c of t.children) {
          if (!(c instanceof Tree)) continue;
          kinds.add(c.type.isAnonymous ? 'anonymous' : 'named');
          todo.push(c);
        }
      }
      assert.deepEqual([...kinds].sort(), ['anonymous', 'named'], path);
    }
  });

  it('skips the subtree of a node the visitor returns false for', () => {
    for (const [path, text] of SOURCES) {
      const mod = moduleOf(path, text);
      const filter = { only: new Set(['CallExpression', 'MemberExpression', 'ArgList', '⚠']) };
      const stop = (n: SyntaxNode) => n.name === 'ArgList' || (n.from * 7) % 3 === 0;
      assert.deepEqual(record((v) => walkModule(mod, v, filter), stop), reference(mod.tree.topNode, filter, stop), path);
      for (const root of nodesOf(mod, 200)) {
        assert.deepEqual(record((v) => walk(mod, root, v, filter), stop), reference(root, filter, stop), path);
      }
    }
  });

  it('hands out nodes whose parents are the root object and the nodes it visited before', () => {
    const mod = moduleOf('/ws/app.py', PY);
    const handler = mod.functions.get('lambda_handler')!;
    const visited = new Set<SyntaxNode>();
    const only = new Set(['TryStatement', 'Body', 'ForStatement', 'ExpressionStatement', 'CallExpression', 'ArgList', 'MemberExpression', 'VariableName']);
    let reachedRoot = 0;
    walk(
      mod,
      handler.body,
      (n) => {
        // As with descend: a visited ancestor is the very object the visitor saw.
        if (n.parent && n.parent !== handler.body && only.has(n.parent.name)) assert.ok(visited.has(n.parent), `parent of ${describeNode(n)}`);
        let p = n.parent;
        while (p && p !== handler.body) p = p.parent;
        if (p === handler.body) reachedRoot++;
        visited.add(n);
      },
      { only },
    );
    assert.equal(reachedRoot, visited.size);
    assert.ok(visited.size > 20);
  });

  it('walkBody does not enter nested functions, lambdas or classes', () => {
    const mod = moduleOf('/ws/app.ts', TS);
    const calls: string[] = [];
    walkBody(mod, mod.functions.get('handler')!, (n) => void calls.push(TS.slice(n.from, n.to).split('(')[0]), new Set(['CallExpression']));
    assert.deepEqual(calls, ['JSON.parse', 'client.send', '[1, 2, 3].forEach']);
  });

  it('stays right when it indexes more modules than it keeps, and again for ones it let go', () => {
    const mods = Array.from({ length: 40 }, (_, i) => moduleOf(`/ws/m${i}.py`, `${BIG_PY}\nx${i} = f(${i})\n`));
    const filter = { only: new Set(['CallExpression', 'String']), prune: new Set(['ClassDefinition']) };
    for (const round of [0, 1])
      for (const mod of round ? [...mods].reverse() : mods) {
        assert.deepEqual(record((v) => walkModule(mod, v, filter)), reference(mod.tree.topNode, filter));
        const fn = mod.functions.get('long')!;
        assert.deepEqual(record((v) => walk(mod, fn.body, v, filter)), reference(fn.body, filter));
      }
  });

  it('falls back to a plain walk for a node of another tree', () => {
    const mod = moduleOf('/ws/app.py', PY);
    const other = parseCode(PY, 'python').topNode;
    const filter = { only: new Set(['CallExpression']) };
    const body = other.getChild('FunctionDefinition')!.getChild('Body')!;
    assert.deepEqual(record((v) => walk(mod, body, v, filter)), reference(body, filter));
  });

  it('knows every Python node that holds a `for` or an `as` (the binding walks of scopes.ts look at those only)', () => {
    const text = [
      'import a.b as c, d as e',
      'from f import (g as h, i)',
      'from . import j as k',
      'async def f(x, *a, y=[i for i in z], **kw):',
      '    for p, q in r: pass',
      '    async for s in t: pass',
      '    with open(u) as v, w as x1: pass',
      '    async with m as n: pass',
      '    try: pass',
      '    except E as e1: pass',
      '    except* (F, G) as e2: pass',
      '    l = [a for a in b if a for c in a]',
      '    d = {k: v for k, v in e}',
      '    s = {x for x in y}',
      '    g = (x for x in y)',
      '    h(x for x in y)',
      '    match v:',
      '        case [a1, b1] as c1: pass',
      '        case {"k": (1 | 2) as d1}: pass',
      '        case P(x=3 as e3): pass',
      '@dec(x for x in y)',
      'class K(Base, metaclass=M):',
      '    z = [q async for q in aiter()]',
    ].join('\n');
    const mod = moduleOf('/ws/grammar.py', text + '\n');
    assert.equal(mod.syntaxError, undefined);
    const parents = new Set<string>();
    let seen = 0;
    descend(mod.tree.topNode, (n) => {
      if (n.name === 'for') assert.ok(PY_FOR_PARENTS.has(n.parent!.name), `for in ${n.parent!.name}`);
      if (n.name === 'as') assert.ok(PY_AS_PARENTS.has(n.parent!.name), `as in ${n.parent!.name}`);
      if (n.name === 'for' || n.name === 'as') {
        parents.add(n.parent!.name);
        seen++;
      }
    });
    assert.ok(seen >= 20, String(seen));
    assert.deepEqual([...parents].sort(), [...PY_FOR_PARENTS, ...PY_AS_PARENTS].sort());
  });

  it('walks code nested thousands of levels deep without running out of stack', () => {
    const depth = 5000;
    const text = `x = ${'['.repeat(depth)}1${']'.repeat(depth)}\ny = f(g(1))\n`;
    // The engine refuses such a module before any rule walks it (parse/depth.ts)...
    assert.equal(moduleOf('/ws/deep.py', text).syntaxError?.message, 'Not analysed: the code is nested too deeply to analyse');
    // ...and the walk copes with one all the same: the same module over the parser's own tree.
    const mod: CodeModule = { ...moduleOf('/ws/deep.py', 'x = 1\n'), tree: pythonParser.parse(text), source: new SourceText('/ws/deep.py', text) };
    const lists: SyntaxNode[] = [];
    walkModule(mod, (n) => void lists.push(n), { only: new Set(['ArrayExpression']) });
    // The parser stops nesting somewhere past 2,000 levels; what it built is walked all the way down.
    assert.ok(lists.length > 2000, String(lists.length));
    const span = (n: SyntaxNode) => `${n.from}-${n.to}`;
    const plain: string[] = [];
    descend(mod.tree.topNode, (n) => void (n.name === 'ArrayExpression' && plain.push(span(n))));
    assert.deepEqual(lists.map(span), plain);
    let deepest = 0;
    for (const n of lists) {
      let d = 0;
      for (let p = n.parent; p; p = p.parent) d++;
      deepest = Math.max(deepest, d);
    }
    assert.ok(deepest > 2000, String(deepest));
    const calls: string[] = [];
    walk(mod, lists[0], (n) => void calls.push(text.slice(n.from, n.to)), { only: new Set(['Number']) });
    assert.ok(calls.length >= 1);
  });
});
