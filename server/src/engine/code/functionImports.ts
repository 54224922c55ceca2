/**
 * Every module the code files of one function import (all files under the manifest's
 * directory, not just the handler): what tells a dependency the function uses from one it
 * only declares. Undefined when the walk is partial or a file cannot be read, because then
 * a missing import proves nothing.
 */
import type { ProjectView } from '../rules/api';
import { functionCodeFiles } from './functionFiles';
import { importedModules } from './imports';
import type { CodeModule } from './model';

export interface FunctionImports {
  /** Python dotted module names, or JS/TS import specifiers. */
  modules: Set<string>;
  /** How many code files were read (for messages). */
  files: number;
}

export function functionImports(project: ProjectView, handler: CodeModule, dir: string): FunctionImports | undefined {
  const walk = functionCodeFiles(project.host, dir, handler.language === 'python' ? 'python' : 'npm');
  if (walk.truncated) return undefined;
  const modules = new Set<string>();
  for (const f of walk.files) {
    const m = f === handler.path ? handler : project.codeModule(f);
    if (!m) return undefined;
    for (const x of importedModules(m)) modules.add(x);
  }
  return { modules, files: walk.files.length };
}
