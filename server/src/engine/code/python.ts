import type { SyntaxNode } from '@lezer/common';
import { firstSyntaxError, kid, kids, parseCode, textOf } from '../parse/code';
import type { PreviousParse } from '../parse/code';
import { SourceText, startOfNextLine } from '../text';
import type { CodeModule, FunctionInfo, ImportInfo, ParamInfo } from './model';

/** Builds the module model of a Python file. */
export function analyzePython(path: string, text: string, previous?: PreviousParse): CodeModule {
  const source = new SourceText(path, text);
  const tree = parseCode(text, 'python', path, previous);
  const top = tree.topNode;
  const imports: ImportInfo[] = [];
  const functions = new Map<string, FunctionInfo>();
  const moduleNames = new Set<string>();
  const topStatements = kids(top);
  let hoistAfter = 0;
  let seenCode = false;

  for (const st of topStatements) {
    if (st.name === 'Comment') continue; // comments (a licence header, a shebang) are not code
    if (st.name === 'ImportStatement') {
      const info = pythonImport(st, text);
      imports.push(info);
      for (const b of info.bindings) moduleNames.add(b.local);
      if (!seenCode) hoistAfter = st.to;
      continue;
    }
    if (!seenCode && st.name === 'ExpressionStatement' && st.firstChild?.name === 'String') {
      hoistAfter = st.to; // module docstring
      continue;
    }
    seenCode = true;
    const def = st.name === 'DecoratedStatement' ? kid(st, 'FunctionDefinition') ?? kid(st, 'ClassDefinition') : st;
    if (def?.name === 'FunctionDefinition') {
      const fn = pythonFunction(def, st, text);
      if (fn) {
        functions.set(fn.name, fn);
        moduleNames.add(fn.name);
      }
    } else if (def?.name === 'ClassDefinition') {
      const n = kid(def, 'VariableName');
      if (n) moduleNames.add(textOf(text, n));
    } else {
      for (const name of assignedNames(st, text)) moduleNames.add(name);
    }
  }

  const err = firstSyntaxError(tree, text);
  return {
    path,
    language: 'python',
    source,
    tree,
    syntaxError: err,
    imports,
    functions,
    moduleNames,
    topStatements,
    hoistOffset: hoistAfter === 0 ? 0 : startOfNextLine(text, hoistAfter),
  };
}

function pythonImport(st: SyntaxNode, text: string): ImportInfo {
  // `import a.b as c, d`  |  `from a.b import x as y, z`  |  `from . import x`
  const parts = kids(st);
  const isFrom = parts[0]?.name === 'from';
  const bindings: Array<{ local: string; imported: string }> = [];
  let module = '';
  if (isFrom) {
    const importIdx = parts.findIndex((p) => p.name === 'import');
    module = parts
      .slice(1, importIdx)
      .map((p) => textOf(text, p))
      .join('');
    const names = parts.slice(importIdx + 1);
    for (let i = 0; i < names.length; i++) {
      const p = names[i];
      if (p.name !== 'VariableName') continue;
      const imported = textOf(text, p);
      if (names[i + 1]?.name === 'as' && names[i + 2]) {
        bindings.push({ local: textOf(text, names[i + 2]), imported });
        i += 2;
      } else bindings.push({ local: imported, imported });
    }
  } else {
    // dotted names come as VariableName "." VariableName
    let current = '';
    let i = 1;
    while (i < parts.length) {
      const p = parts[i];
      if (p.name === 'VariableName' || p.name === '.') {
        current += textOf(text, p);
        i++;
        continue;
      }
      if (p.name === 'as' && parts[i + 1]) {
        bindings.push({ local: textOf(text, parts[i + 1]), imported: current });
        module = module || current;
        current = '';
        i += 2;
        continue;
      }
      if (p.name === ',') {
        if (current) bindings.push({ local: current.split('.')[0], imported: current });
        module = module || current;
        current = '';
      }
      i++;
    }
    if (current) {
      bindings.push({ local: current.split('.')[0], imported: current });
      module = module || current;
    }
  }
  return { module, bindings, statement: st, from: st.from, to: st.to };
}

function pythonFunction(def: SyntaxNode, statement: SyntaxNode, text: string): FunctionInfo | undefined {
  const nameNode = kid(def, 'VariableName');
  const paramList = kid(def, 'ParamList');
  const body = kid(def, 'Body');
  if (!nameNode || !body) return undefined;
  const params: ParamInfo[] = [];
  if (paramList) {
    const ps = kids(paramList);
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      if (p.name === 'VariableName') {
        params.push({ name: textOf(text, p), from: p.from, to: p.to });
        // skip a default value: VariableName AssignOp <expr>
        if (ps[i + 1]?.name === 'AssignOp') i += 2;
      } else if (p.name === 'TypeDef') {
        continue;
      }
    }
  }
  const name = textOf(text, nameNode);
  return {
    name,
    localName: name,
    node: def,
    nameSpan: { from: nameNode.from, to: nameNode.to },
    params,
    body,
    statement,
    exported: !name.startsWith('_'),
    isAsync: def.firstChild?.name === 'async',
  };
}

/** Names bound by a module-level statement (assignments, for/with targets are rare at module scope). */
export function assignedNames(st: SyntaxNode, text: string): string[] {
  const out: string[] = [];
  if (st.name === 'AssignStatement' || st.name === 'UpdateStatement') {
    for (const c of kids(st)) {
      if (c.name === 'AssignOp' || c.name === 'UpdateOp') break;
      collectTargets(c, text, out);
    }
    // chained `a = b = value`
    const ks = kids(st);
    for (let i = 0; i + 1 < ks.length; i++) if (ks[i].name === 'AssignOp' && ks[i + 2]?.name === 'AssignOp') collectTargets(ks[i + 1], text, out);
  } else if (st.name === 'IfStatement' || st.name === 'TryStatement' || st.name === 'WithStatement') {
    // conditional definitions at module scope (try: import x except ImportError: x = None)
    for (const b of kids(st)) if (b.name === 'Body') for (const s of kids(b)) out.push(...assignedNames(s, text));
    if (st.name === 'TryStatement')
      for (const b of kids(st))
        if (b.name === 'Body')
          for (const s of kids(b))
            if (s.name === 'ImportStatement') for (const x of pythonImport(s, text).bindings) out.push(x.local);
  }
  return out;
}

function collectTargets(n: SyntaxNode, text: string, out: string[]): void {
  if (n.name === 'VariableName') out.push(textOf(text, n));
  else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression')
    for (const c of kids(n)) collectTargets(c, text, out);
}
