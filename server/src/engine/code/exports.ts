/**
 * What a module offers a handler string: for JS/TS the names it exports (ESM and CommonJS,
 * functions or not: `export const handler = middy(fn)` is a valid handler), for Python every
 * name bound at module scope. `open` means the module exports more than it names itself
 * (`export * from`, `module.exports = build()`), so "not exported" cannot be concluded from it
 * alone; `stars` are the modules it re-exports whole, which code/reexports.ts can look into, and
 * `dynamic` the other reasons, which nothing can.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import { declarators } from './javascript';
import { perModule } from './memo';
import type { CodeModule } from './model';
import { dottedPath } from './syntax';

export interface ExportedNames {
  names: Set<string>;
  open: boolean;
  /** Specifiers of `export * from '…'` (not `export * as ns`, which names one export). */
  stars: string[];
  /** Open for another reason than star exports (`module.exports = build()`, a spread, Python's `import *`). */
  dynamic: boolean;
}

/** Cached per module (a barrel is asked about by each handler it re-exports): treat the result as read-only. */
export const exportedNames: (mod: CodeModule) => ExportedNames = perModule(namesExported);

function namesExported(mod: CodeModule): ExportedNames {
  const out: ExportedNames = { names: new Set(), open: false, stars: [], dynamic: false };
  const text = mod.source.text;
  if (mod.language === 'python') {
    for (const n of mod.moduleNames) out.names.add(n);
    // `from x import *` binds names we cannot see.
    out.open = out.dynamic = mod.imports.some((i) => kids(i.statement).some((c) => c.name === '*'));
    return out;
  }
  for (const [name, fn] of mod.functions) if (fn.exported) out.names.add(name);
  /** `module.exports = value`: an object literal's keys, else (a call, a variable, a spread) names we cannot see. */
  const exportsObject = (value: SyntaxNode | null) => {
    if (value?.name !== 'ObjectExpression') {
      out.open = out.dynamic = true;
      return;
    }
    for (const p of kids(value)) {
      if (p.name === 'Spread' || (p.name === 'Property' && kid(p, 'Spread'))) out.open = out.dynamic = true;
      if (p.name !== 'Property') continue;
      const key = p.firstChild;
      if (key && key.name !== 'Spread') out.names.add(key.name === 'String' ? textOf(text, key).slice(1, -1) : textOf(text, key));
    }
  };
  for (const st of mod.topStatements) {
    if (st.name === 'ExportDeclaration') {
      const inner = kids(st).find((c) => c.name !== 'export' && c.name !== 'default');
      if (kid(st, 'default')) out.names.add('default');
      // TypeScript's `export = value` compiles to `module.exports = value`.
      if (inner?.name === 'Equals') exportsObject(inner.nextSibling);
      else if (kid(st, 'Star')) {
        const spec = kid(st, 'String');
        const ns = kid(st, 'as') && kid(st, 'VariableName');
        // `export * as ns from './x'` exports the one name ns; `export * from './x'` whatever x exports.
        if (ns) out.names.add(textOf(text, ns));
        else {
          out.open = true;
          if (spec) out.stars.push(textOf(text, spec).slice(1, -1));
          else out.dynamic = true;
        }
      } else if (inner?.name === 'VariableDeclaration') for (const d of declarators(inner, text)) out.names.add(d.name);
      else if (inner?.name === 'ClassDeclaration' || inner?.name === 'FunctionDeclaration') {
        const nm = kid(inner, 'VariableDefinition');
        if (nm && !kid(st, 'default')) out.names.add(textOf(text, nm));
      } else if (inner?.name === 'ExportGroup') {
        const parts = kids(inner);
        for (let i = 0; i < parts.length; i++) {
          if (parts[i].name !== 'VariableName') continue;
          if (parts[i + 1]?.name === 'as' && parts[i + 2]) {
            out.names.add(textOf(text, parts[i + 2]));
            i += 2;
          } else out.names.add(textOf(text, parts[i]));
        }
      }
      continue;
    }
    if (st.name !== 'ExpressionStatement') continue;
    const assign = st.firstChild;
    if (assign?.name !== 'AssignmentExpression') continue;
    const target = assign.firstChild!;
    const value = assign.lastChild!;
    const t = dottedPath(mod, target);
    if (t === 'module.exports') exportsObject(value);
    else if (t && (t.startsWith('exports.') || t.startsWith('module.exports.')) && t.split('.').length === (t.startsWith('exports.') ? 2 : 3)) {
      out.names.add(t.slice(t.lastIndexOf('.') + 1));
    }
  }
  return out;
}
