/**
 * Every constant string literal of a module with the name it is bound to: the variable it is
 * assigned to, the dict key / object property it is the value of, the keyword argument or
 * default parameter it is passed as. `credentials: { secretAccessKey: '...' }` binds to
 * 'secretAccessKey', `os.environ['X'] = '...'` to 'X', `self.password = '...'` to 'password'.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import type { CodeModule } from './model';
import { stringValue } from './syntax';
import { walkModule } from './walk';

export interface BoundLiteral {
  node: SyntaxNode;
  value: string;
  /** The binding name, as written (undefined when the literal is not bound to a name). */
  name?: string;
  /** How the message refers to the binding: '`password`', 'keyword argument `aws_secret_access_key`'. */
  label?: string;
}

const LITERALS = new Set(['String', 'TemplateString']);

export function boundLiterals(mod: CodeModule): BoundLiteral[] {
  const out: BoundLiteral[] = [];
  walkModule(
    mod,
    (n) => {
      const value = stringValue(mod, n);
      if (value === undefined) return false;
      out.push({ node: n, value, ...bindingOf(mod, n) });
      return false;
    },
    { only: LITERALS },
  );
  return out;
}

function bindingOf(mod: CodeModule, lit: SyntaxNode): { name?: string; label?: string } {
  const text = mod.source.text;
  const parent = lit.parent;
  if (!parent) return {};
  const prev = lit.prevSibling;
  const named = (name: string | undefined, what: string) => (name ? { name, label: what ? `${what} \`${name}\`` : `\`${name}\`` } : {});
  // Assignments: x = '...', x: str = '...', obj.x = '...', d['x'] = '...', const x = '...', x = '...'.
  if ((parent.name === 'AssignStatement' || parent.name === 'AssignmentExpression') && parent.lastChild?.from === lit.from) {
    return named(targetName(mod, parent.firstChild), '');
  }
  if (parent.name === 'VariableDeclaration' && (prev?.name === 'Equals')) {
    let def = prev.prevSibling;
    if (def?.name === 'TypeAnnotation') def = def.prevSibling;
    return def?.name === 'VariableDefinition' ? named(textOf(text, def), '') : {};
  }
  // Python keyword arguments and parameter defaults: f(password='...'), def f(token='...').
  if ((parent.name === 'ArgList' || parent.name === 'ParamList') && prev?.name === 'AssignOp' && prev.prevSibling?.name === 'VariableName') {
    return named(textOf(text, prev.prevSibling), parent.name === 'ArgList' ? 'keyword argument' : 'parameter');
  }
  // Dict values: {'password': '...'}.
  if (parent.name === 'DictionaryExpression' && prev?.name === ':' && prev.prevSibling) {
    return named(stringValue(mod, prev.prevSibling), 'key');
  }
  // Object properties: { password: '...' }, { 'api-key': '...' }.
  if (parent.name === 'Property' && prev?.name === ':' && prev.prevSibling) {
    const key = prev.prevSibling;
    const name = key.name === 'String' ? stringValue(mod, key) : key.name === 'PropertyDefinition' ? textOf(text, key) : undefined;
    return named(name, 'property');
  }
  // Class fields: class Cfg: password = '...' is an AssignStatement too; TS `password = '...'` in a class:
  if (parent.name === 'PropertyDeclaration' && prev?.name === 'Equals') {
    const def = kids(parent).find((c) => c.name === 'PropertyDefinition');
    return named(def ? textOf(text, def) : undefined, 'property');
  }
  return {};
}

/** The name an assignment target stands for: `x`, `obj.password` → password, `d['token']` → token. */
function targetName(mod: CodeModule, t: SyntaxNode | null): string | undefined {
  if (!t) return undefined;
  const text = mod.source.text;
  if (t.name === 'VariableName' || t.name === 'VariableDefinition') return textOf(text, t);
  if (t.name === 'MemberExpression') {
    const parts = kids(t);
    const last = parts[parts.length - 1];
    if (last?.name === 'PropertyName') return textOf(text, last);
    if (last?.name === ']') return stringValue(mod, parts[parts.length - 2]);
  }
  return undefined;
}
