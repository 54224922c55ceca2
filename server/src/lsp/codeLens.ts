// A lens above each handler function: `λ OrdersFunction · python3.12 · 512 MB · 10 s · 2 findings`,
// one per template function using it; clicking opens the template at the function.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { Engine } from '../engine/engine';
import type { FunctionModel } from '../engine/template/model';
import type { Finding } from '../engine/types';
import { visible } from './diagnostics';
import type { NavEnv } from './hover';
import { handlerUses } from './templateSites';

/** Command behind a lens: arguments [uri, range]; the server asks the editor to show that place (window/showDocument). */
export const SHOW_LOCATION_COMMAND = 'lambdaAudit.showLocation';

/** Lambda's defaults when a template sets neither the function nor Globals. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_S = 3;

export function codeLenses(params: CodeLensParams, env: NavEnv): CodeLens[] {
  const file = env.uris.toPath(params.textDocument.uri);
  if (!file) return [];
  const folder = env.ws.folderOf(file);
  if (!folder.settings.enable || !folder.settings.codeLens || env.ws.isExcluded(file)) return [];
  const uses = handlerUses(folder.engine, file);
  if (!uses.length) return [];
  const mod = folder.engine.codeModule(file)!;
  const codeFindings = visible(folder.engine.analyzeFile(file).findings);
  const templateFindings = new Map<string, Finding[]>();
  const lenses: CodeLens[] = [];
  for (const { info, functions } of uses) {
    const range = mod.source.range(info.nameSpan.from, info.nameSpan.to);
    for (const fn of functions) {
      // Findings inside the handler function (every function running it runs that code; the engine
      // tags them with the first function only), others of the file tagged with this function, and the
      // template's findings inside the function's resource.
      const inCode = codeFindings.filter((f) => f.functionId === fn.id || within(mod.source.offsetAt(f.range.start), info.node));
      const inTemplate = findingsOfTemplate(folder.engine, fn, templateFindings).filter((f) =>
        within(fn.template.source.offsetAt(f.range.start), fn.entry),
      );
      const count = inCode.length + inTemplate.length;
      const doc = fn.template;
      const target = doc.source.range(fn.entry.key.from, fn.entry.key.to);
      lenses.push({
        range,
        command: { title: lensTitle(fn, count), command: SHOW_LOCATION_COMMAND, arguments: [env.uris.toUri(doc.path), target] },
      });
    }
  }
  return lenses;
}

function within(offset: number, span: { from: number; to: number }): boolean {
  return offset >= span.from && offset <= span.to;
}

function findingsOfTemplate(engine: Engine, fn: FunctionModel, cache: Map<string, Finding[]>): Finding[] {
  const p = fn.template.path;
  let list = cache.get(p);
  if (!list) {
    list = visible(engine.analyzeFile(p).findings);
    cache.set(p, list);
  }
  return list;
}

export function lensTitle(fn: FunctionModel, findings: number): string {
  // Set but not resolvable (a !Ref without a Default): say so rather than claim the default.
  const memory = fn.memorySize !== undefined ? `${fn.memorySize} MB` : fn.prop('MemorySize') ? '? MB' : `${DEFAULT_MEMORY_MB} MB (default)`;
  const timeout = fn.timeout !== undefined ? `${fn.timeout} s` : fn.prop('Timeout') ? '? s' : `${DEFAULT_TIMEOUT_S} s (default)`;
  const count = findings === 1 ? '1 finding' : `${findings} findings`;
  return ['λ ' + fn.id, fn.runtime ?? 'runtime unknown', memory, timeout, count].join(' · ');
}
