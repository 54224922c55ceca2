import type { SyntaxNode } from '@lezer/common';
import { firstSyntaxError, kid, kids, parseCode, textOf } from '../parse/code';
import type { PreviousParse } from '../parse/code';
import { SourceText, startOfNextLine } from '../text';
import type { CodeLanguage } from '../types';
import type { CodeModule, FunctionInfo, ImportInfo, ParamInfo } from './model';

const FUNCTION_NODES = new Set(['ArrowFunction', 'FunctionExpression', 'FunctionDeclaration']);

/** Builds the module model of a JavaScript or TypeScript file (ESM or CommonJS). */
export function analyzeJavaScript(path: string, text: string, language: CodeLanguage, previous?: PreviousParse): CodeModule {
  const source = new SourceText(path, text);
  const tree = parseCode(text, language, path, previous);
  const top = tree.topNode;
  const topStatements = kids(top);
  const imports: ImportInfo[] = [];
  const locals = new Map<string, FunctionInfo>(); // module-level functions by local name
  const functions = new Map<string, FunctionInfo>(); // by exported name
  const moduleNames = new Set<string>();
  let hoistAfter = 0;
  let seenCode = false;

  const addExport = (exportedName: string, fn: FunctionInfo) =>
    functions.set(exportedName, { ...fn, name: exportedName, exported: true });

  for (const st0 of topStatements) {
    if (st0.name === 'LineComment' || st0.name === 'BlockComment') continue; // a header comment is not code
    const exported = st0.name === 'ExportDeclaration';
    const st = exported ? (kids(st0).find((c) => c.name !== 'export' && c.name !== 'default') ?? st0) : st0;

    if (st0.name === 'ImportDeclaration') {
      const info = esImport(st0, text);
      imports.push(info);
      for (const b of info.bindings) moduleNames.add(b.local);
      if (!seenCode) hoistAfter = st0.to;
      continue;
    }
    if (!seenCode && st0.name === 'ExpressionStatement' && st0.firstChild?.name === 'String') {
      hoistAfter = st0.to; // 'use strict'
      continue;
    }
    if (st.name === 'VariableDeclaration') {
      const req = requireImport(st, text);
      if (req) {
        imports.push(req);
        if (!seenCode) hoistAfter = st0.to;
      }
      if (!req) seenCode = true;
      for (const { name, nameNode, init } of declarators(st, text)) {
        moduleNames.add(name);
        if (init && FUNCTION_NODES.has(init.name)) {
          const fn = jsFunction(init, name, nameNode, st0, text);
          if (fn) {
            locals.set(name, fn);
            if (exported) addExport(name, fn);
          }
        }
      }
      continue;
    }
    seenCode = true;
    // `export default handler;` / `export default async (event) => {}`: a handler string `file.default` names it.
    const defaultKw = exported ? kid(st0, 'default') : null;
    if (defaultKw && st.name === 'VariableName') {
      const fn = locals.get(textOf(text, st));
      if (fn) addExport('default', fn);
      continue;
    }
    if (defaultKw && (st.name === 'ArrowFunction' || st.name === 'FunctionExpression' || (st.name === 'FunctionDeclaration' && !kid(st, 'VariableDefinition')))) {
      const fn = jsFunction(st, 'default', defaultKw, st0, text);
      if (fn) addExport('default', fn);
      continue;
    }
    if (st.name === 'FunctionDeclaration' || st.name === 'ClassDeclaration') {
      const nameNode = kid(st, 'VariableDefinition');
      if (nameNode) {
        const name = textOf(text, nameNode);
        moduleNames.add(name);
        if (st.name === 'FunctionDeclaration') {
          const fn = jsFunction(st, name, nameNode, st0, text);
          if (fn) {
            locals.set(name, fn);
            if (exported) addExport(name, fn);
            if (defaultKw) addExport('default', fn);
          }
        }
      }
      continue;
    }
    if (exported && st.name === 'ExportGroup') {
      // export { local as name }
      const parts = kids(st);
      for (let i = 0; i < parts.length; i++) {
        if (parts[i].name !== 'VariableName') continue;
        const local = textOf(text, parts[i]);
        let name = local;
        if (parts[i + 1]?.name === 'as' && parts[i + 2]) {
          name = textOf(text, parts[i + 2]);
          i += 2;
        }
        const fn = locals.get(local);
        if (fn) addExport(name, fn);
      }
      continue;
    }
    if (st.name === 'ExpressionStatement') {
      const assign = st.firstChild;
      if (assign?.name === 'AssignmentExpression') commonJsExport(assign, st0, text, locals, addExport);
    }
  }

  // Non-exported module functions are kept too, so that a template naming one can be told why it fails.
  for (const [name, fn] of locals) if (!functions.has(name)) functions.set(name, fn);

  return {
    path,
    language,
    source,
    tree,
    syntaxError: firstSyntaxError(tree, text),
    imports,
    functions,
    moduleNames,
    topStatements,
    hoistOffset: hoistAfter === 0 ? 0 : startOfNextLine(text, hoistAfter),
  };
}

function unquote(s: string): string {
  return s.replace(/^['"`]|['"`]$/g, '');
}

function esImport(st: SyntaxNode, text: string): ImportInfo {
  const parts = kids(st);
  const modNode = parts.find((p) => p.name === 'String');
  const bindings: Array<{ local: string; imported: string }> = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.name === 'VariableDefinition') {
      // default import, or `* as ns`
      const star = parts[i - 2]?.name === 'Star';
      bindings.push({ local: textOf(text, p), imported: star ? '*' : 'default' });
    } else if (p.name === 'ImportGroup') {
      const g = kids(p);
      for (let j = 0; j < g.length; j++) {
        const n = g[j];
        if (n.name === 'VariableName' && g[j + 1]?.name === 'as' && g[j + 2]) {
          bindings.push({ local: textOf(text, g[j + 2]), imported: textOf(text, n) });
          j += 2;
        } else if (n.name === 'VariableDefinition') {
          bindings.push({ local: textOf(text, n), imported: textOf(text, n) });
        }
      }
    }
  }
  return { module: unquote(textOf(text, modNode)), bindings, statement: st, from: st.from, to: st.to };
}

/** `const x = require('m')`, `const { a, b: c } = require('m')`. */
function requireImport(decl: SyntaxNode, text: string): ImportInfo | undefined {
  const parts = kids(decl);
  const eq = parts.findIndex((p) => p.name === 'Equals');
  if (eq < 1) return undefined;
  const init = parts[eq + 1];
  if (init?.name !== 'CallExpression') return undefined;
  const callee = init.firstChild;
  if (!callee || textOf(text, callee) !== 'require') return undefined;
  const arg = kid(kid(init, 'ArgList')!, 'String');
  if (!arg) return undefined;
  const target = parts[eq - 1];
  const bindings: Array<{ local: string; imported: string }> = [];
  if (target.name === 'VariableDefinition') bindings.push({ local: textOf(text, target), imported: '*' });
  else if (target.name === 'ObjectPattern') {
    for (const p of kids(target)) {
      if (p.name !== 'PatternProperty') continue;
      const pk = kids(p);
      const key = pk[0];
      const local = pk.find((x) => x.name === 'VariableDefinition') ?? key;
      bindings.push({ local: textOf(text, local), imported: textOf(text, key) });
    }
  }
  return { module: unquote(textOf(text, arg)), bindings, statement: decl, from: decl.from, to: decl.to };
}

/** Declarators of a `const/let/var` statement: name and initializer. */
export function declarators(decl: SyntaxNode, text: string): Array<{ name: string; nameNode: SyntaxNode; init?: SyntaxNode }> {
  const out: Array<{ name: string; nameNode: SyntaxNode; init?: SyntaxNode }> = [];
  const parts = kids(decl);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.name === 'VariableDefinition') {
      let j = i + 1;
      if (parts[j]?.name === 'TypeAnnotation') j++;
      const init = parts[j]?.name === 'Equals' ? parts[j + 1] : undefined;
      out.push({ name: textOf(text, p), nameNode: p, init });
    } else if (p.name === 'ObjectPattern' || p.name === 'ArrayPattern') {
      const walk = (n: SyntaxNode) => {
        for (const c of kids(n)) {
          if (c.name === 'VariableDefinition') out.push({ name: textOf(text, c), nameNode: c });
          else walk(c);
        }
      };
      walk(p);
    }
  }
  return out;
}

function jsFunction(
  fnNode: SyntaxNode,
  name: string,
  nameNode: SyntaxNode,
  statement: SyntaxNode,
  text: string,
): FunctionInfo | undefined {
  const paramList = kid(fnNode, 'ParamList');
  let body = kid(fnNode, 'Block');
  if (!body && fnNode.name === 'ArrowFunction') body = fnNode.lastChild; // concise body
  if (!body) return undefined;
  const params: ParamInfo[] = [];
  if (paramList) {
    for (const p of kids(paramList)) {
      if (p.name === 'VariableDefinition') params.push({ name: textOf(text, p), from: p.from, to: p.to });
      else if (p.name === 'ObjectPattern' || p.name === 'ArrayPattern') params.push({ name: textOf(text, p), from: p.from, to: p.to });
    }
  } else if (fnNode.name === 'ArrowFunction' && fnNode.firstChild?.name === 'VariableDefinition') {
    const p = fnNode.firstChild;
    params.push({ name: textOf(text, p), from: p.from, to: p.to });
  }
  return {
    name,
    localName: name,
    node: fnNode,
    nameSpan: { from: nameNode.from, to: nameNode.to },
    params,
    body,
    statement,
    exported: false,
    isAsync: fnNode.firstChild?.name === 'async',
  };
}

/** `exports.x = fn`, `module.exports.x = fn`, `module.exports = { x, y: fn }`. */
function commonJsExport(
  assign: SyntaxNode,
  statement: SyntaxNode,
  text: string,
  locals: Map<string, FunctionInfo>,
  addExport: (name: string, fn: FunctionInfo) => void,
): void {
  const parts = kids(assign);
  const target = parts[0];
  const value = parts[parts.length - 1];
  const targetText = textOf(text, target).replace(/\s+/g, '');
  const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(targetText);
  if (m) {
    const name = m[1];
    const prop = target.lastChild!;
    if (FUNCTION_NODES.has(value.name)) {
      const fn = jsFunction(value, name, prop, statement, text);
      if (fn) addExport(name, fn);
    } else if (value.name === 'VariableName') {
      const fn = locals.get(textOf(text, value));
      if (fn) addExport(name, fn);
    }
    return;
  }
  if (targetText === 'module.exports' && value.name === 'ObjectExpression') {
    for (const prop of kids(value)) {
      if (prop.name !== 'Property') continue;
      const pk = kids(prop);
      const key = pk[0];
      const v = pk.length >= 3 ? pk[pk.length - 1] : undefined;
      const name = textOf(text, key);
      if (!v) {
        const fn = locals.get(name); // shorthand { handler }
        if (fn) addExport(name, fn);
      } else if (FUNCTION_NODES.has(v.name)) {
        const fn = jsFunction(v, name, key, statement, text);
        if (fn) addExport(name, fn);
      } else if (v.name === 'VariableName') {
        const fn = locals.get(textOf(text, v));
        if (fn) addExport(name, fn);
      }
    }
  }
}
