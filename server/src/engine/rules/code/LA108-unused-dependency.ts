import { functionImports } from '../../code/functionImports';
import { isShippedSection, manifestLabel, manifestsFor } from '../../manifests/find';
import type { DeclaredDependency, Manifest } from '../../manifests/model';
import { isDevTool, isLoadedByName, npmPackageOf, pythonDistImported, pythonImportNames } from '../../manifests/packages';
import { handlerBundling } from '../../template/bundling';
import type { CodeRule } from '../api';

/**
 * Every declared package is installed into the deployment package: one no code imports only
 * adds size, download and unzip time to cold starts, and attack surface.
 */
export const rule: CodeRule = {
  kind: 'code',
  meta: {
    id: 'LA108',
    slug: 'unused-dependency',
    title: 'Declared dependency is never imported by the function',
    defaultSeverity: 'info',
    category: 'cost',
    scope: 'code',
    languages: ['python', 'javascript', 'typescript'],
    hasFix: true,
    summary:
      'A package declared in the function\'s requirements.txt, pyproject.toml or package.json dependencies is never imported by any code file of the function. It is still installed into the deployment package, where it adds size and cold-start time for nothing. Remove it from the manifest.',
  },
  check(ctx) {
    const mod = ctx.module;
    const reported = new Set<string>();
    for (const h of ctx.handlers) {
      const codeDir = h.functions.find((f) => f.handlerTarget?.codeDir)?.handlerTarget?.codeDir;
      const found = manifestsFor(ctx.project.host, mod.path, mod.language, codeDir);
      if (!found) continue;
      const imports = functionImports(ctx.project, mod, found.dir);
      // A partial view of the code cannot show that nothing imports a package.
      if (!imports) continue;
      const modules = imports.modules;
      // A bundler ships only what is imported: the package is dead weight in the manifest, not in the package.
      const bundler = mod.language === 'python' ? undefined : handlerBundling(ctx.project, h.functions, found.dir);
      const npmUsed = new Set([...modules].map(npmPackageOf).filter((x): x is string => !!x));
      for (const manifest of found.manifests) {
        for (const dep of manifest.dependencies) {
          const key = `${manifest.path}|${dep.from}`;
          if (reported.has(key) || !isShippedSection(manifest, dep.section)) continue;
          // Dev tools are LA109's; packages loaded by name have no import to find.
          if (isDevTool(manifest.ecosystem, dep.name) || isLoadedByName(manifest.ecosystem, dep.name)) continue;
          const used = manifest.ecosystem === 'python' ? pythonDistImported(dep.name, modules) : npmUsed.has(dep.name);
          if (used) continue;
          reported.add(key);
          ctx.report({
            file: manifest.path,
            from: dep.from,
            to: dep.to,
            message: message(manifest, dep, imports.files, bundler?.shipsOnlyImported ? bundler.tool : undefined),
            fixes: dep.removal ? [{ title: `Remove ${dep.name} from ${manifestLabel(manifest)}`, edits: [{ file: manifest.path, ...dep.removal }] }] : undefined,
            functionId: h.functions[0]?.id,
            tags: ['unnecessary'],
          });
        }
      }
    }
  },
};

function message(m: Manifest, dep: DeclaredDependency, files: number, bundler: string | undefined): string {
  const names = m.ecosystem === 'python' ? pythonImportNames(dep.name).filter((n) => n.toLowerCase() !== dep.name.toLowerCase().replace(/[-.]/g, '_')) : [];
  const as = names.length ? ` (looked for import ${names.join(' / ')})` : '';
  const where = `${files} code file${files === 1 ? '' : 's'}`;
  const head = `${dep.name} is declared in ${manifestLabel(m)} but none of the function's ${where} imports it${as}`;
  if (bundler)
    return `${head}. ${bundler} ships only what the code imports, so it is not in the deployment package, but it clutters the manifest and every install. Remove it.`;
  return `${head}; it only adds size and cold-start time to the deployment package. Remove it.`;
}
