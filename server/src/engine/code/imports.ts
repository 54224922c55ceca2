/**
 * Every module a file loads, wherever the import sits (inside functions, try/except, lazy
 * requires): what tells a declared dependency used from an unused one. Wider than
 * CodeModule.imports, which lists only the top-level imports that bind module names.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { calleePath, isPython, stringValue } from './syntax';
import { walkModule } from './walk';

/** The nodes that load a module. */
const PY_LOADS = new Set(['ImportStatement', 'CallExpression']);
const JS_LOADS = new Set(['ImportDeclaration', 'ExportDeclaration', 'DynamicImport', 'CallExpression']);

/** Python: dotted module names (`os.path`, `google.cloud.storage`); JS/TS: specifiers (`lodash/get`). Relative ones are left out. */
export function importedModules(mod: CodeModule): Set<string> {
  const out = new Set<string>();
  const text = mod.source.text;
  const visit = (n: SyntaxNode) => {
    if (isPython(mod)) {
      if (n.name === 'ImportStatement') for (const m of pythonImportTargets(n, text)) out.add(m);
      else if (n.name === 'CallExpression') {
        // importlib.import_module("yaml") / __import__("yaml"): a literal name is an import too.
        const path = calleePath(mod, n);
        if (path === 'importlib.import_module' || path === 'import_module' || path === '__import__') {
          const arg = kids(kid(n, 'ArgList')!).find((c) => c.name === 'String');
          const v = stringValue(mod, arg);
          if (v && !v.startsWith('.')) out.add(v);
        }
      }
      return;
    }
    if (n.name === 'ImportDeclaration' || n.name === 'ExportDeclaration') {
      const s = kid(n, 'String');
      const v = stringValue(mod, s);
      if (v) out.add(v);
    } else if (n.name === 'DynamicImport') {
      const v = stringValue(mod, kid(n, 'String'));
      if (v) out.add(v);
    } else if (n.name === 'CallExpression') {
      const path = calleePath(mod, n);
      if (path === 'require' || path === 'require.resolve') {
        const args = kid(n, 'ArgList');
        const first = args ? kids(args).find((c) => c.name !== '(') : undefined;
        const v = stringValue(mod, first);
        if (v) out.add(v);
      }
    }
  };
  walkModule(mod, (n) => void visit(n), { only: isPython(mod) ? PY_LOADS : JS_LOADS });
  return out;
}

/** `import a.b, c` → a.b, c; `from a.b import x` → a.b and a.b.x (x may be a submodule); relative imports → none. */
function pythonImportTargets(st: SyntaxNode, text: string): string[] {
  const parts = kids(st);
  const out: string[] = [];
  if (parts[0]?.name === 'from') {
    const importIdx = parts.findIndex((p) => p.name === 'import');
    const from = parts.slice(1, importIdx < 0 ? parts.length : importIdx).map((p) => textOf(text, p)).join('');
    if (!from || from.startsWith('.')) return out;
    out.push(from);
    for (const p of parts.slice(importIdx + 1)) if (p.name === 'VariableName') out.push(`${from}.${textOf(text, p)}`);
    return out;
  }
  let current = '';
  let skipAlias = false;
  for (const p of parts.slice(1)) {
    if (skipAlias) {
      skipAlias = false;
      continue;
    }
    if (p.name === 'VariableName' || p.name === '.') current += textOf(text, p);
    else if (p.name === 'as') skipAlias = true;
    else if (p.name === ',') {
      if (current) out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}
