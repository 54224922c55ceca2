import * as path from 'node:path';
import { linkedModule } from '../../code/functionCode';
import { nearestPackageJson } from '../../manifests/find';
import type { CodeModule } from '../../code/model';
import { undeclaredSdkV2Import, usedCallbackParam } from '../../code/nodeRuntimeNeeds';
import { pythonFeatureUses } from '../../code/pyfeatures';
import { runtimeFact } from '../../data/runtimes';
import { bundlingOf } from '../../template/bundling';
import type { FunctionModel } from '../../template/model';
import type { TemplateRule, TemplateRuleContext } from '../api';

interface Problem {
  from: number;
  to: number;
  /** Short, for the template side: "match statement (Python 3.10+)". */
  what: string;
  /** The code-side message. */
  message: string;
}

/**
 * LA305: the handler needs something its runtime does not have. The deploy works; the first
 * invocation fails with an import error (aws-sdk v2 is not in Node.js 18+ runtimes), a syntax
 * error (Python syntax newer than the runtime, ES module syntax loaded as CommonJS), or a
 * handler that never completes (callback handlers are not supported from Node.js 24).
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA305',
    slug: 'runtime-code-mismatch',
    title: 'The code needs what the runtime lacks',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      "The handler code needs something the function's runtime does not provide: the AWS SDK for JavaScript v2 on nodejs18.x or later without bundling it, a callback-style handler on nodejs24.x or later, Python syntax newer than the runtime's Python, or ES module syntax in a .js file that Node.js loads as CommonJS.",
  },
  check(ctx) {
    for (const fn of ctx.template.functions) checkFunction(ctx, fn);
  },
};

function checkFunction(ctx: TemplateRuleContext, fn: FunctionModel): void {
  const mod = linkedModule(ctx.project, fn);
  const runtime = fn.runtime;
  const rp = fn.prop('Runtime');
  if (!mod || !runtime || !rp) return;
  const problems = runtime.startsWith('python') ? pythonProblems(mod, runtime) : runtime.startsWith('nodejs') ? nodeProblems(ctx, fn, mod, runtime) : [];
  if (!problems.length) return;
  const doc = ctx.template;
  const at = { from: rp.node.from, to: rp.node.to };
  for (const p of problems)
    ctx.report({
      file: mod.path,
      from: p.from,
      to: p.to,
      message: p.message,
      related: [{ ...at, message: `${fn.id} runs on ${runtime}` }],
      functionId: fn.id,
    });
  ctx.report({
    ...at,
    message: `${fn.id}'s handler ${path.relative(doc.dir, mod.path)} needs what ${runtime} lacks: ${problems.map((p) => p.what).join('; ')}.`,
    related: problems.map((p) => ({ file: mod.path, from: p.from, to: p.to, message: p.what })),
    functionId: fn.id,
  });
}

function pythonProblems(mod: CodeModule, runtime: string): Problem[] {
  const m = /^python3\.(\d+)$/.exec(runtime);
  if (!m) return [];
  const minor = Number(m[1]);
  return pythonFeatureUses(mod)
    .filter((u) => u.minor > minor)
    .map((u) => ({
      from: u.node.from,
      to: u.node.to,
      what: `${u.feature} (Python 3.${u.minor}+)`,
      message: `${u.feature} needs Python 3.${u.minor} or later, but the function runs on ${runtime}: the module fails to load. Raise the runtime or rewrite this.`,
    }));
}

function nodeProblems(ctx: TemplateRuleContext, fn: FunctionModel, mod: CodeModule, runtime: string): Problem[] {
  const out: Problem[] = [];
  const major = Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0);
  const fact = runtimeFact(runtime);
  const host = ctx.project.host;
  const stop = fn.handlerTarget?.codeDir ?? fn.template.dir;
  const pkg = nearestPackageJson(host, mod.path, stop);
  // A bundler or compiler (sam build esbuild, serverless-webpack, ...) rewrites ES module syntax.
  const transpiled = !!bundlingOf(fn, ctx.project)?.transpiles;

  if (fact?.sdk === 'aws-sdk-v3') {
    const imp = undeclaredSdkV2Import(host, mod, fn);
    if (imp)
      out.push({
        from: imp.from,
        to: imp.to,
        what: 'the AWS SDK for JavaScript v2 (aws-sdk)',
        message: `${runtime} ships only the AWS SDK for JavaScript v3; aws-sdk (v2) is not installed, so this import fails. Move to the @aws-sdk/client-* packages, or add aws-sdk to package.json dependencies.`,
      });
  }

  const cb = major >= 24 ? usedCallbackParam(mod, fn) : undefined;
  if (cb)
    out.push({
      from: cb.from,
      to: cb.to,
      what: 'a callback-style handler',
      message: `${runtime} supports only async (promise-returning) handlers; the callback ${cb.name} is never provided. Make the handler async and return the result.`,
    });

  const esm = mod.topStatements.find((s) => s.name === 'ImportDeclaration' || s.name === 'ExportDeclaration');
  const type = pkg?.json?.type;
  if (esm && mod.language === 'javascript' && mod.path.endsWith('.js') && !transpiled && type !== 'module')
    out.push({
      from: esm.from,
      to: esm.firstChild?.to ?? esm.to,
      what: 'ES module syntax in a .js file loaded as CommonJS',
      message: `This .js file uses ES module syntax, but ${pkg ? path.basename(pkg.path) : 'no package.json'} ${pkg ? 'does not set' : 'sets'} "type": "module", so Node.js loads it as CommonJS and the import fails. Rename it to .mjs or set "type": "module".`,
    });
  return out;
}
