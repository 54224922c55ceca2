import * as path from 'node:path';
import { runtimeFact } from '../../data/runtimes';
import { isShippedSection, manifestLabel, manifestsFor } from '../../manifests/find';
import type { DeclaredDependency, Manifest } from '../../manifests/model';
import { installedPackageSizes, megabytes } from '../../manifests/packageSize';
import { isDevTool, normalizeDist, npmPackageOf } from '../../manifests/packages';
import { functionImports } from '../../code/functionImports';
import type { CodeModule } from '../../code/model';
import { handlerBundling } from '../../template/bundling';
import type { CodeRule, CodeRuleContext } from '../api';

const DEFAULT_MAX_MB = 50;
/** The Python runtimes ship boto3 and these dependencies of it. */
const PY_RUNTIME_SDK = new Set(['boto3', 'botocore', 's3transfer']);

export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA109',
    slug: 'heavy-package',
    title: 'Deployment package carries what it does not need',
    defaultSeverity: 'info',
    category: 'cost',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    summary:
      'The function\'s manifest ships packages the Lambda runtime already provides (boto3, the AWS SDK for JavaScript), development tools (test runners, linters, type stubs, compilers) as runtime dependencies, or its installed dependencies exceed a size budget. A bigger package takes longer to download and unpack on every cold start.',
  },
  check(ctx) {
    const mod = ctx.module;
    const seen = new Set<string>();
    const report = (r: Parameters<CodeRuleContext['report']>[0]) => {
      const key = `${r.file}|${r.from}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report(r);
    };
    for (const h of ctx.handlers) {
      const codeDir = h.functions.find((f) => f.handlerTarget?.codeDir)?.handlerTarget?.codeDir;
      const found = manifestsFor(ctx.project.host, mod.path, mod.language, codeDir);
      const runtime = h.functions.find((f) => f.runtime)?.runtime;
      const dir = found?.dir ?? codeDir ?? path.dirname(mod.path);
      // Under a bundler that ships only what is imported, the manifest is not the package:
      // an unimported package, a build tool or the size of node_modules never reaches it.
      const bundler = mod.language === 'python' ? undefined : handlerBundling(ctx.project, h.functions, dir);
      const shaken = bundler?.shipsOnlyImported ? bundler : undefined;
      const imported = shaken && found ? importedPackages(ctx, mod, found.dir) : undefined;
      for (const m of found?.manifests ?? []) {
        for (const dep of m.dependencies) {
          if (!isShippedSection(m, dep.section)) continue;
          let message: string | undefined;
          if (!shaken) message = runtimeProvided(m, dep, runtime) ?? devTool(m, dep);
          // Unknown imports (partial walk): assume it is imported rather than stay wrongly quiet.
          else if (!isDevTool(m.ecosystem, dep.name) && (!imported || imported.has(dep.name))) message = bundledRuntimeProvided(dep, runtime, shaken.tool);
          if (message) report({ file: m.path, from: dep.from, to: dep.to, message, functionId: h.functions[0]?.id });
        }
      }
      const over = shaken ? undefined : sizeFinding(ctx, dir, mod.language === 'python' ? 'python' : 'npm');
      if (over) report({ from: h.fn.nameSpan.from, to: h.fn.nameSpan.to, message: over, functionId: h.functions[0]?.id });
    }
  },
};

function runtimeProvided(m: Manifest, dep: DeclaredDependency, runtime: string | undefined): string | undefined {
  const where = manifestLabel(m);
  if (m.ecosystem === 'python') {
    if (!PY_RUNTIME_SDK.has(normalizeDist(dep.name))) return undefined;
    return `${dep.name} is already in the Lambda Python runtime. Bundling it pins a known version (useful when you need an API newer than the runtime's) but adds about 80 MB unzipped to the deployment package and to every cold start. Remove it from ${where} unless you need that pin, or ship the pinned SDK in a layer.`;
  }
  const sdk = runtimeFact(runtime)?.sdk;
  if (!sdk || !runtime) return undefined; // without the function's runtime we cannot tell what it provides
  if (dep.name === 'aws-sdk' && sdk === 'aws-sdk-v2')
    return `aws-sdk (v2) is already in the ${runtime} runtime, and the whole v2 SDK is tens of megabytes. Move it to devDependencies (or mark it external in your bundler) unless you need a pinned version.`;
  if (dep.name.startsWith('@aws-sdk/') && sdk === 'aws-sdk-v3')
    return `${dep.name} is already in the ${runtime} runtime (AWS SDK for JavaScript v3). Bundling it pins a known version at the cost of package size and cold start; if you do not need the pin, move it to devDependencies or mark @aws-sdk/* external in your bundler.`;
  return undefined;
}

/** An SDK the runtime provides, imported by bundled code: the bundler inlines it unless it is marked external. */
function bundledRuntimeProvided(dep: DeclaredDependency, runtime: string | undefined, tool: string): string | undefined {
  const sdk = runtimeFact(runtime)?.sdk;
  if (!sdk || !runtime) return undefined;
  if (dep.name === 'aws-sdk' && sdk === 'aws-sdk-v2')
    return `aws-sdk (v2) is already in the ${runtime} runtime, and ${tool} bundles the imported SDK (tens of megabytes) into the function unless it is external. Mark aws-sdk external in the ${tool} configuration unless you need a pinned version.`;
  if (dep.name.startsWith('@aws-sdk/') && sdk === 'aws-sdk-v3')
    return `${dep.name} is already in the ${runtime} runtime (AWS SDK for JavaScript v3), and ${tool} bundles it into the function unless it is external. If you do not need a pinned version, mark @aws-sdk/* external in the ${tool} configuration to keep the package small.`;
  return undefined;
}

/** npm packages the function's code files import, or undefined when the walk cannot tell. */
function importedPackages(ctx: CodeRuleContext, mod: CodeModule, dir: string): Set<string> | undefined {
  const imports = functionImports(ctx.project, mod, dir);
  if (!imports) return undefined;
  return new Set([...imports.modules].map(npmPackageOf).filter((x): x is string => !!x));
}

function devTool(m: Manifest, dep: DeclaredDependency): string | undefined {
  if (!isDevTool(m.ecosystem, dep.name)) return undefined;
  if (m.kind === 'package.json')
    return `${dep.name} is a development tool listed in dependencies, so it is installed into the deployment package. Move it to devDependencies.`;
  if (m.kind === 'pyproject')
    return `${dep.name} is a development tool listed with the runtime dependencies in pyproject.toml, so it ships with the function. Move it to a dev dependency group.`;
  return `${dep.name} is a development tool, and everything in requirements.txt is installed into the deployment package. Move it to a separate requirements-dev.txt.`;
}

function sizeFinding(ctx: CodeRuleContext, dir: string, ecosystem: 'python' | 'npm'): string | undefined {
  const raw = Number(ctx.params.maxPackageMB);
  const maxMb = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_MAX_MB;
  const sizes = installedPackageSizes(ctx.project.host, dir, ecosystem);
  if (!sizes || sizes.totalBytes <= maxMb * 1024 * 1024) return undefined;
  const top = sizes.packages.slice(0, 3).map((p) => `${p.name} ${megabytes(p.bytes)} MB`).join(', ');
  const amount = `${sizes.partial ? 'at least ' : ''}${megabytes(sizes.totalBytes)} MB`;
  const advice =
    ecosystem === 'npm'
      ? 'Keep dev tools in devDependencies, leave out what the runtime provides, and bundle with tree shaking (esbuild) so only the code you import ships'
      : 'Leave out boto3 and dev tools, and move large libraries into a layer or a container image';
  return `The installed dependencies (${sizes.label} in ${path.basename(dir)}) take ${amount}, over the ${maxMb} MB budget; largest: ${top}. ${advice}.`;
}
