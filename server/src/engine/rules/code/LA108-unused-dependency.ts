import { functionCodeFiles } from '../../code/functionFiles';
import { importedModules } from '../../code/imports';
import { isShippedSection, manifestLabel, manifestsFor } from '../../manifests/find';
import type { DeclaredDependency, Manifest } from '../../manifests/model';
import { isDevTool, isLoadedByName, npmPackageOf, pythonDistImported, pythonImportNames } from '../../manifests/packages';
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
      const ecosystem = mod.language === 'python' ? 'python' : 'npm';
      const walk = functionCodeFiles(ctx.project.host, found.dir, ecosystem);
      // A partial view of the code cannot show that nothing imports a package.
      if (walk.truncated) continue;
      const modules = new Set<string>();
      let unreadable = false;
      for (const f of walk.files) {
        const m = f === mod.path ? mod : ctx.project.codeModule(f);
        if (!m) {
          unreadable = true;
          break;
        }
        for (const x of importedModules(m)) modules.add(x);
      }
      if (unreadable) continue;
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
            message: message(manifest, dep, walk.files.length),
            fixes: dep.removal ? [{ title: `Remove ${dep.name} from ${manifestLabel(manifest)}`, edits: [{ file: manifest.path, ...dep.removal }] }] : undefined,
            functionId: h.functions[0]?.id,
            tags: ['unnecessary'],
          });
        }
      }
    }
  },
};

function message(m: Manifest, dep: DeclaredDependency, files: number): string {
  const names = m.ecosystem === 'python' ? pythonImportNames(dep.name).filter((n) => n.toLowerCase() !== dep.name.toLowerCase().replace(/[-.]/g, '_')) : [];
  const as = names.length ? ` (looked for import ${names.join(' / ')})` : '';
  const where = `${files} code file${files === 1 ? '' : 's'}`;
  return `${dep.name} is declared in ${manifestLabel(m)} but none of the function's ${where} imports it${as}; it only adds size and cold-start time to the deployment package. Remove it.`;
}
