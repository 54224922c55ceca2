import { languageOfPath, parseCode } from '../parse/code';
import { SourceText } from '../text';
import type { CodeLanguage } from '../types';
import { analyzeJavaScript } from './javascript';
import type { CodeModule } from './model';
import { analyzePython } from './python';

export function analyzeCodeText(path: string, text: string, language?: CodeLanguage): CodeModule | undefined {
  const lang = language ?? languageOfPath(path);
  if (!lang) return undefined;
  try {
    return lang === 'python' ? analyzePython(path, text) : analyzeJavaScript(path, text, lang);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Lezer builds (and the models walk) trees recursively: code nested thousands of levels deep
    // overflows the stack. Such a file gets one parse-error finding instead of taking the caller down.
    return unanalysable(path, text, lang, 'Not analysed: the code is nested too deeply to analyse');
  }
}

function unanalysable(path: string, text: string, language: CodeLanguage, message: string): CodeModule {
  return {
    path,
    language,
    source: new SourceText(path, text),
    tree: parseCode('', language, path),
    syntaxError: { from: 0, to: 0, message },
    imports: [],
    functions: new Map(),
    moduleNames: new Set(),
    topStatements: [],
    hoistOffset: 0,
  };
}

/**
 * Parse results keyed by path and exact text: re-analysis of an unchanged file
 * (a template edit re-checking its handlers, the audit after typing) costs nothing.
 */
export class CodeModuleCache {
  private entries = new Map<string, { text: string; language?: CodeLanguage; module: CodeModule | undefined }>();
  constructor(private readonly max = 5000) {}

  get(path: string, text: string, language?: CodeLanguage): CodeModule | undefined {
    const hit = this.entries.get(path);
    if (hit && hit.text === text && hit.language === language) return hit.module;
    const module = analyzeCodeText(path, text, language);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(path, { text, language, module });
    return module;
  }

  delete(path: string): void {
    this.entries.delete(path);
  }
}

const cachesByHost = new WeakMap<object, CodeModuleCache>();

/**
 * One parse cache per FileHost: loading a template follows JS/TS handlers through re-exports
 * (which parses them) and the engine then analyses the same files, so both must share the parse
 * instead of parsing every handler twice. Entries are keyed by exact text, so sharing is safe.
 */
export function moduleCacheFor(host: object): CodeModuleCache {
  let c = cachesByHost.get(host);
  if (!c) cachesByHost.set(host, (c = new CodeModuleCache()));
  return c;
}
