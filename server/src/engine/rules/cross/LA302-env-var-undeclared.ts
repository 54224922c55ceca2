import * as path from 'node:path';
import { linkedModule } from '../../code/functionCode';
import { codeFilesUnder, languagesOfRuntime } from '../../code/functionFiles';
import { envReads } from '../../code/envreads';
import { consumedOutsideCode, providedByLambda } from '../../data/lambdaEnv';
import { get, intrinsicName, isMap } from '../../parse/tree';
import { addMapEntry } from '../../template/addProperty';
import type { FunctionModel } from '../../template/model';
import type { EditInput, FixInput, TemplateRule, TemplateRuleContext } from '../api';

const PLACEHOLDER = 'TODO';

/**
 * LA302: code reads an environment variable its function never declares (it is missing at
 * runtime: KeyError, or `undefined` flowing into an SDK call), and, as a hint, a declared
 * variable that no code file of the function reads.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA302',
    slug: 'env-var-undeclared',
    title: 'Environment variable read but not declared',
    defaultSeverity: 'warning',
    category: 'correctness',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      "The handler code reads an environment variable that the function's template never declares (nor SAM Globals / the Serverless provider), and without a default: in Lambda the variable is missing and the read fails or yields undefined. A declared variable that no code reads is reported as a hint.",
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const readsByFn = new Map<FunctionModel, Set<string> | undefined>();
    for (const fn of doc.functions) {
      if (!declarationsKnown(fn)) {
        readsByFn.set(fn, undefined);
        continue;
      }
      reportUndeclared(ctx, fn);
      readsByFn.set(fn, allReads(ctx, fn));
    }
    reportUnread(ctx, readsByFn);
  },
};

/** Whether the template spells out the function's variables (not `Environment: !If ...` or `${file(env.yml)}`). */
function declarationsKnown(fn: FunctionModel): boolean {
  const doc = fn.template;
  const sls = doc.kind === 'serverless';
  for (const owner of [fn.properties, doc.functionDefaults]) {
    const env = get(owner, sls ? 'environment' : 'Environment');
    if (!env) continue;
    if (!isMap(env) || intrinsicName(env)) return false;
    if (sls) continue;
    const vars = get(env, 'Variables');
    if (vars && (!isMap(vars) || intrinsicName(vars))) return false;
  }
  return true;
}

function reportUndeclared(ctx: TemplateRuleContext, fn: FunctionModel): void {
  const mod = linkedModule(ctx.project, fn);
  if (!mod) return;
  const where = fn.template.kind === 'serverless' ? 'environment' : 'Environment.Variables';
  const seen = new Set<string>();
  for (const r of envReads(mod).reads) {
    if (r.tolerant || providedByLambda(r.name) || fn.environment.has(r.name)) continue;
    const edits = addVariableEdits(fn, r.name);
    const fixes: FixInput[] | undefined =
      edits && !seen.has(r.name) ? [{ title: `Add ${r.name} to ${fn.id}'s ${where}`, edits: edits.map((e) => ({ ...e, file: fn.template.path })) }] : undefined;
    seen.add(r.name);
    ctx.report({
      file: mod.path,
      from: r.nameSpan.from,
      to: r.nameSpan.to,
      message: `${r.name} is read without a default, but ${fn.id} does not declare it in its ${where}: in Lambda it is not set.`,
      related: [{ from: fn.entry.key.from, to: fn.entry.key.to, message: `${fn.id} declares its environment here` }],
      fixes,
      functionId: fn.id,
    });
  }
}

/** Edits that add `name: TODO` to the function's own variables, creating the maps as needed. */
function addVariableEdits(fn: FunctionModel, name: string): EditInput[] | undefined {
  const doc = fn.template;
  const props = fn.properties;
  if (!props) return undefined;
  if (doc.kind === 'serverless') {
    const env = get(props, 'environment');
    return isMap(env) ? addMapEntry(doc, env, name, PLACEHOLDER) : addMapEntry(doc, props, 'environment', { [name]: PLACEHOLDER });
  }
  const env = get(props, 'Environment');
  if (!env) return addMapEntry(doc, props, 'Environment', { Variables: { [name]: PLACEHOLDER } });
  if (!isMap(env)) return undefined;
  const vars = get(env, 'Variables');
  if (!vars) return addMapEntry(doc, env, 'Variables', { [name]: PLACEHOLDER });
  return isMap(vars) ? addMapEntry(doc, vars, name, PLACEHOLDER) : undefined;
}

/**
 * Every variable name any code file of the function reads, or undefined when that cannot be
 * known: the code is not local, a file does not parse, the walk hit its bound, or some code
 * reads the environment as a whole or by a computed name.
 */
function allReads(ctx: TemplateRuleContext, fn: FunctionModel): Set<string> | undefined {
  const mod = linkedModule(ctx.project, fn);
  const dir = fn.handlerTarget?.codeDir;
  if (!mod || !dir) return undefined;
  const listing = codeFilesUnder(ctx.project.host, dir, languagesOfRuntime(fn.runtime, mod.language));
  if (listing.truncated) return undefined;
  const names = new Set<string>();
  for (const f of new Set([mod.path, ...listing.files])) {
    const m = ctx.project.codeModule(f);
    if (!m || m.syntaxError) return undefined;
    const r = envReads(m);
    if (r.dynamic) return undefined;
    for (const x of r.reads) names.add(x.name);
  }
  return names;
}

function reportUnread(ctx: TemplateRuleContext, readsByFn: Map<FunctionModel, Set<string> | undefined>): void {
  const doc = ctx.template;
  const rel = (fn: FunctionModel) => path.relative(doc.dir, fn.handlerTarget!.codeDir!) || '.';
  const sharedDone = new Set<unknown>();
  for (const [fn, reads] of readsByFn) {
    for (const [name, decl] of fn.environment) {
      if (consumedOutsideCode(name)) continue;
      if (decl.source === 'function') {
        if (!reads || reads.has(name)) continue;
        ctx.report({
          from: decl.entry.key.from,
          to: decl.entry.key.to,
          message: `${name} is declared for ${fn.id} but no code file under ${rel(fn)} reads it; remove it if nothing else (a layer, a library) uses it.`,
          severity: 'info',
          functionId: fn.id,
        });
        continue;
      }
      // A Globals / provider variable: unread only when no function of the template reads it.
      if (sharedDone.has(decl.entry)) continue;
      sharedDone.add(decl.entry);
      const all = [...readsByFn.values()];
      if (all.some((r) => !r || r.has(name))) continue;
      ctx.report({
        from: decl.entry.key.from,
        to: decl.entry.key.to,
        message: `${name} is declared for every function but no function's code reads it; remove it if nothing else (a layer, a library) uses it.`,
        severity: 'info',
      });
    }
  }
}
