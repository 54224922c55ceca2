// Where template functions meet code: the `Handler` and `CodeUri` values of a template, and the
// handler functions of a code file with the template functions that name them. Shared by hover,
// definition, references, document links and code lenses.
import * as path from 'node:path';
import type { FunctionInfo } from '../engine/code/model';
import type { Engine } from '../engine/engine';
import { str } from '../engine/parse/tree';
import type { TNode } from '../engine/parse/tree';
import { codeDirOf } from '../engine/template/handler';
import type { FunctionModel, TemplateDoc } from '../engine/template/model';

export function templateDoc(engine: Engine, file: string): TemplateDoc | undefined {
  const r = engine.template(file);
  return r?.status === 'template' ? r.doc : undefined;
}

/** A template value shared by one or more functions (a SAM `Globals` value is shared by all that lack their own). */
export interface ValueSite {
  node: TNode;
  functions: FunctionModel[];
}

function sites(doc: TemplateDoc, valueOf: (fn: FunctionModel) => TNode | undefined): ValueSite[] {
  const byNode = new Map<TNode, FunctionModel[]>();
  for (const fn of doc.functions) {
    const node = valueOf(fn);
    if (node) byNode.set(node, [...(byNode.get(node) ?? []), fn]);
  }
  return [...byNode].map(([node, functions]) => ({ node, functions }));
}

export function handlerSites(doc: TemplateDoc): ValueSite[] {
  return sites(doc, (fn) => fn.prop('Handler')?.node);
}

/** `CodeUri` (SAM) or a local `Code` path (CloudFormation packaged by `aws cloudformation package`). */
export function codeUriSites(doc: TemplateDoc): ValueSite[] {
  return sites(doc, (fn) => {
    if (fn.resourceType === 'AWS::Serverless::Function') return fn.prop('CodeUri')?.node;
    if (fn.resourceType === 'AWS::Lambda::Function') {
      const code = fn.prop('Code')?.node;
      return str(code) !== undefined ? code : undefined;
    }
    return undefined;
  });
}

export function siteAt(list: ValueSite[], offset: number): ValueSite | undefined {
  return list.find((s) => offset >= s.node.from && offset <= s.node.to);
}

/** The handler function a template function names, when its file resolved and defines it. */
export function handlerFunction(engine: Engine, fn: FunctionModel): { file: string; info?: FunctionInfo } | undefined {
  const t = fn.handlerTarget;
  if (!t?.file) return undefined;
  return { file: t.file, info: engine.codeModule(t.file)?.functions.get(t.symbol) };
}

/** The code directory of a function, absolute (undefined for S3 or image code). */
export function codeDir(fn: FunctionModel): string | undefined {
  return fn.handlerTarget?.codeDir ?? codeDirOf(fn);
}

/** A path as the template's author would write it: relative to the template's folder. */
export function fromTemplate(doc: TemplateDoc, file: string): string {
  const rel = path.relative(doc.dir, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Handler functions of a code file, each with the template functions (in every template above it) that name it. */
export function handlerUses(engine: Engine, file: string): Array<{ info: FunctionInfo; functions: FunctionModel[] }> {
  const mod = engine.codeModule(file);
  if (!mod) return [];
  const out = new Map<FunctionInfo, FunctionModel[]>();
  for (const doc of engine.templatesFor(file))
    for (const fn of doc.functions) {
      if (fn.handlerTarget?.file !== file) continue;
      const info = mod.functions.get(fn.handlerTarget.symbol);
      if (info) out.set(info, [...(out.get(info) ?? []), fn]);
    }
  return [...out].map(([info, functions]) => ({ info, functions }));
}
