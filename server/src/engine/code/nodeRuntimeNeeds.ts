/**
 * What a Node.js handler needs from its runtime that not every Node.js runtime gives: a
 * callback-style handler (Node.js 24 and later call only async handlers) and the AWS SDK for
 * JavaScript v2 when package.json does not ship it (Node.js 18 and later include only v3).
 * LA305 reports these against the current runtime; LA211 warns that the successor needs them.
 */
import type { SyntaxNode } from '@lezer/common';
import { textOf } from '../parse/code';
import type { FileHost } from '../host';
import type { FunctionModel } from '../template/model';
import { declaresDependency, nearestPackageJson } from '../manifests/find';
import type { CodeModule, ImportInfo, ParamInfo } from './model';
import { walk } from './walk';

const NAMES = new Set(['VariableName']);

/** The handler's third parameter, when the body uses it as a callback. */
export function usedCallbackParam(mod: CodeModule, fn: FunctionModel): ParamInfo | undefined {
  const handler = fn.handlerTarget ? mod.functions.get(fn.handlerTarget.symbol) : undefined;
  const cb = handler?.params[2];
  if (!handler || !cb || !/^[A-Za-z_$][\w$]*$/.test(cb.name)) return undefined;
  return usesName(mod, handler.body, cb.name) ? cb : undefined;
}

/** The import of aws-sdk (v2) when the function's package.json does not declare it, so a v3-only runtime lacks it. */
export function undeclaredSdkV2Import(host: FileHost, mod: CodeModule, fn: FunctionModel): ImportInfo | undefined {
  const imp = mod.imports.find((i) => i.module === 'aws-sdk' || i.module.startsWith('aws-sdk/'));
  if (!imp) return undefined;
  const pkg = nearestPackageJson(host, mod.path, fn.handlerTarget?.codeDir ?? fn.template.dir);
  return declaresDependency(pkg, 'aws-sdk') ? undefined : imp;
}

/** Whether `name` is read anywhere in `body` (nested callbacks included: `promise.then(r => callback(null, r))`). */
function usesName(mod: CodeModule, body: SyntaxNode, name: string): boolean {
  let used = false;
  walk(mod, body, (n) => {
    if (used) return false;
    if (textOf(mod.source.text, n) === name) used = true;
    return undefined;
  }, { only: NAMES });
  return used;
}
