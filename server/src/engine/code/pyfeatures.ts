/**
 * Python syntax and builtins newer than some Lambda runtimes, found by Lezer node name:
 * `match` (MatchStatement, 3.10), `except*` (TryStatement with a `*` token, 3.11),
 * ExceptionGroup / BaseExceptionGroup (builtins since 3.11), type parameter lists and `type X = ...`
 * (TypeParamList, TypeDefinition, 3.12), the walrus operator (NamedExpression, 3.8).
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, textOf } from '../parse/code';
import { perModule } from './memo';
import type { CodeModule } from './model';
import { walkModule } from './walk';

export interface PyFeatureUse {
  feature: string;
  /** The minor version of Python 3 that introduced it. */
  minor: number;
  node: SyntaxNode;
}

const GROUP_BUILTINS = new Set(['ExceptionGroup', 'BaseExceptionGroup']);
const FEATURE_NODES = new Set(['MatchStatement', 'TryStatement', 'VariableName', 'TypeParamList', 'TypeDefinition', 'NamedExpression']);

/** The first use of each feature in the module. Cached per module (the template's check and the handler's ask both): treat it as read-only. */
export const pythonFeatureUses: (mod: CodeModule) => PyFeatureUse[] = perModule(featureUses);

function featureUses(mod: CodeModule): PyFeatureUse[] {
  const found = new Map<string, PyFeatureUse>();
  const add = (feature: string, minor: number, node: SyntaxNode) => {
    if (!found.has(feature)) found.set(feature, { feature, minor, node });
  };
  const text = mod.source.text;
  walkModule(mod, (n) => {
    if (n.name === 'MatchStatement') add('match statement', 10, n.firstChild ?? n);
    else if (n.name === 'TryStatement') {
      const star = kid(n, '*');
      if (star) add('except*', 11, star.prevSibling ?? star);
    } else if (n.name === 'VariableName' && GROUP_BUILTINS.has(textOf(text, n)) && !mod.moduleNames.has(textOf(text, n))) add(textOf(text, n), 11, n);
    else if (n.name === 'TypeParamList') add('type parameter list', 12, n);
    else if (n.name === 'TypeDefinition') add('type statement', 12, n.firstChild ?? n);
    else if (n.name === 'NamedExpression') add('assignment expression (:=)', 8, n);
    return undefined;
  }, { only: FEATURE_NODES, where: (name, from, to) => name !== 'VariableName' || GROUP_BUILTINS.has(text.slice(from, to)) });
  return [...found.values()];
}
