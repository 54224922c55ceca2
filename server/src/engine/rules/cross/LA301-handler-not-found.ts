import * as path from 'node:path';
import { codeFilesUnder, languagesOfRuntime } from '../../code/functionFiles';
import { exportedNames } from '../../code/exports';
import { starProviders } from '../../code/reexports';
import type { CodeModule, FunctionInfo } from '../../code/model';
import { isScalar } from '../../parse/tree';
import { replaceScalar } from '../../template/edits';
import { runtimeLanguage } from '../../template/handler';
import type { FunctionModel, HandlerTarget, PropValue } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { FixInput, TemplateRule, TemplateRuleContext } from '../api';

/**
 * LA301: the Handler setting names a file or a function that is not there. Lambda only finds
 * out at the first invocation (Runtime.ImportModuleError / HandlerNotFound), after a deploy
 * that looked fine. Only runtimes whose code we read (Python, Node.js) and local code are checked.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA301',
    slug: 'handler-not-found',
    title: 'Handler points at no file or no such function',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      "The function's Handler (with CodeUri, SAM Globals or esbuild EntryPoints) resolves to no file, or to a file without that top-level function / export. The deploy succeeds and every invocation then fails with an import or handler-not-found error.",
    hasFix: true,
  },
  check(ctx) {
    for (const fn of ctx.template.functions) checkFunction(ctx, fn);
  },
};

function checkFunction(ctx: TemplateRuleContext, fn: FunctionModel): void {
  const doc = ctx.template;
  const host = ctx.project.host;
  const t = fn.handlerTarget;
  const hp = fn.prop('Handler');
  if (!t || !hp || fn.inlineCode || fn.packageType === 'Image') return;
  const lang = runtimeLanguage(fn.runtime);
  if (lang !== 'python' && lang !== 'node') return; // java, go, dotnet, ruby, provided: not read
  // A CodeUri that is an S3 URL, a zip or a build output that is not there: nothing to check against.
  if (!t.codeDir || host.stat(t.codeDir)?.kind !== 'dir') return;
  const rel = (f: string) => path.relative(doc.dir, f) || '.';
  const where = hp.source === 'globals' ? ' (from Globals)' : hp.source === 'provider' ? ' (from provider)' : '';
  if (!t.candidates.length) {
    ctx.report({
      from: hp.node.from,
      to: hp.node.to,
      message: `Handler "${t.handler}" of ${fn.id}${where} has no module part: write it as <file>.<function>, e.g. app.handler.`,
      functionId: fn.id,
    });
    return;
  }
  if (!t.file) {
    const moved = findSymbolElsewhere(ctx, fn, t);
    ctx.report({
      from: hp.node.from,
      to: hp.node.to,
      message: `Handler "${t.handler}" of ${fn.id}${where} resolves to no file; tried ${t.candidates.map(rel).join(', ')}.`,
      fixes: moved ? handlerFix(fn, hp, moduleName(t, moved), t.symbol) : undefined,
      functionId: fn.id,
    });
    return;
  }
  const mod = ctx.project.codeModule(t.file);
  if (!mod || mod.syntaxError) return; // LA002 reports the broken file
  const ex = exportedNames(mod);
  if (ex.names.has(t.symbol)) return;
  // Exports that cannot be named (`module.exports = wrap({ handler })`) may hold it; `export * from`
  // statements can be looked into (code/reexports.ts), and one of them offering it is followed.
  const stars = ex.open && !ex.dynamic ? starProviders(t.file, t.symbol, host) : undefined;
  if (ex.open && (!stars?.complete || stars.providers.length === 1)) return;
  const providers = stars?.providers.map((p) => p.file) ?? [];
  const local = mod.functions.get(t.symbol);
  if (mod.language !== 'python' && (local || mod.moduleNames.has(t.symbol))) {
    const span = local?.nameSpan;
    ctx.report({
      from: hp.node.from,
      to: hp.node.to,
      message: `Handler "${t.handler}" of ${fn.id}${where}: ${t.symbol} exists in ${rel(t.file)} but is not exported.`,
      related: span ? [{ file: t.file, from: span.from, to: span.to, message: `${t.symbol} is declared here without export` }] : undefined,
      functionId: fn.id,
    });
    if (span)
      ctx.report({
        file: t.file,
        from: span.from,
        to: span.to,
        message: `${t.symbol} is the handler of ${fn.id} but is not exported, so Lambda cannot find it; export it.`,
        related: [{ from: hp.node.from, to: hp.node.to, message: `${fn.id} names ${t.symbol} as its handler` }],
        functionId: fn.id,
      });
    return;
  }
  const only = soleHandlerCandidate(mod);
  const what =
    mod.language === 'python'
      ? `has no top-level function ${t.symbol}`
      : providers.length
        ? `offers ${t.symbol} through more than one \`export *\` statement (${providers.map(rel).join(', ')}), and such a name is exported from neither; export it by name from one of them`
        : `does not export ${t.symbol}${ex.stars.length ? ', nor does any module it re-exports with `export *`' : ''}`;
  ctx.report({
    from: hp.node.from,
    to: hp.node.to,
    message: `Handler "${t.handler}" of ${fn.id}${where}: ${rel(t.file)} ${what}.`,
    related: only ? [{ file: t.file, from: only.nameSpan.from, to: only.nameSpan.to, message: `${only.name} looks like the handler` }] : undefined,
    fixes: only ? handlerFix(fn, hp, t.module, only.name) : undefined,
    functionId: fn.id,
  });
}

/** The one function of the module that looks like a handler: (event, context) in Python, the one exported function in JS/TS. */
function soleHandlerCandidate(mod: CodeModule): FunctionInfo | undefined {
  const fns = [...mod.functions.values()].filter((f) =>
    mod.language === 'python' ? !f.name.startsWith('_') && f.params.length === 2 : f.exported,
  );
  return fns.length === 1 ? fns[0] : undefined;
}

/** The one code file of the code directory that has the symbol, when the named file is missing. */
function findSymbolElsewhere(ctx: TemplateRuleContext, fn: FunctionModel, t: HandlerTarget): string | undefined {
  const langs = languagesOfRuntime(fn.runtime);
  const listing = codeFilesUnder(ctx.project.host, t.codeDir!, langs);
  const hits = listing.files.filter((f) => {
    const mod = ctx.project.codeModule(f);
    if (!mod || mod.syntaxError) return false;
    const info = mod.functions.get(t.symbol);
    return !!info && (mod.language === 'python' || info.exported);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** The module part of a handler string for `file`, in the style the author used. */
function moduleName(t: HandlerTarget, file: string): string {
  const noExt = path.relative(t.codeDir!, file).replace(/\.[cm]?[jt]sx?$|\.py$/, '').split(path.sep).join('/');
  const python = file.endsWith('.py');
  return python && !t.module.includes('/') ? noExt.split('/').join('.') : noExt;
}

function handlerFix(fn: FunctionModel, hp: PropValue, module: string, symbol: string): FixInput[] | undefined {
  const doc = fn.template;
  // Only a literal written here: a parameter's value or a Serverless variable is not ours to rewrite.
  if (!isScalar(hp.node) || typeof hp.node.value !== 'string' || resolveScalar(doc, hp.node) !== hp.node) return undefined;
  const value = `${module}.${symbol}`;
  return [{ title: `Point Handler at ${value}`, edits: [replaceScalar(doc, hp.node, value, { keepPlain: true })] }];
}
