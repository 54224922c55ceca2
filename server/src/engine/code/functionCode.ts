/**
 * The handler module of a template function as cross rules see it: parsed, or nothing when it
 * has a syntax error (LA002 speaks for it). The function's other code files are listed by
 * ./functionFiles, its package.json found by ../manifests/find.
 */
import type { ProjectView } from '../rules/api';
import type { FunctionModel } from '../template/model';
import type { CodeModule } from './model';

/** The parsed handler module a function points at, when it exists and parses. */
export function linkedModule(project: ProjectView, fn: FunctionModel): CodeModule | undefined {
  const file = fn.handlerTarget?.file;
  if (!file || fn.inlineCode || fn.packageType === 'Image') return undefined;
  const mod = project.codeModule(file);
  return mod && !mod.syntaxError ? mod : undefined;
}
