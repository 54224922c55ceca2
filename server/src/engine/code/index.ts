import { changedRange, languageOfPath, parseCode } from '../parse/code';
import type { PreviousParse } from '../parse/code';
import type { FileHost } from '../host';
import { SourceText } from '../text';
import type { CodeLanguage } from '../types';
import { analyzeJavaScript } from './javascript';
import type { CodeModule } from './model';
import { analyzePython } from './python';

export function analyzeCodeText(path: string, text: string, language?: CodeLanguage, previous?: PreviousParse): CodeModule | undefined {
  const lang = language ?? languageOfPath(path);
  if (!lang) return undefined;
  try {
    return lang === 'python' ? analyzePython(path, text, previous) : analyzeJavaScript(path, text, lang, previous);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Lezer builds (and the models walk) trees recursively: code nested thousands of levels deep
    // overflows the stack. Such a file gets one parse-error finding instead of taking the caller down.
    return unanalysable(path, text, lang, 'Not analysed: the code is nested too deeply to analyse');
  }
}

/** Modules that stand in for code too deep to analyse. */
const placeholders = new WeakSet<CodeModule>();

function unanalysable(path: string, text: string, language: CodeLanguage, message: string): CodeModule {
  const module: CodeModule = {
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
  placeholders.add(module);
  return module;
}

/**
 * Parse results keyed by path and exact text: re-analysis of an unchanged file
 * (a template edit re-checking its handlers, the audit after typing) costs nothing,
 * and a changed file is parsed incrementally from its previous tree.
 */
export class CodeModuleCache {
  private entries = new Map<string, { text: string; language?: CodeLanguage; module: CodeModule | undefined; stale?: boolean }>();
  constructor(
    private readonly max = 5000,
    /** Where the edits between two texts of a file may be known (an editor overlay); else they are diffed. */
    private readonly edits?: FileHost['editsBetween'],
  ) {}

  get(path: string, text: string, language?: CodeLanguage): CodeModule | undefined {
    const hit = this.entries.get(path);
    if (hit && !hit.stale && hit.text === text && hit.language === language) return hit.module;
    // A placeholder module's tree is not the text's: nothing of it can be reused.
    const reusable = hit?.module && hit.language === language && !placeholders.has(hit.module);
    const previous = reusable ? this.previousParse(path, hit.text, hit.module!, text) : undefined;
    const module = analyzeCodeText(path, text, language, previous);
    if (!hit && this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(path, { text, language, module });
    return module;
  }

  private previousParse(path: string, before: string, module: CodeModule, after: string): PreviousParse {
    return { tree: module.tree, changes: this.edits?.(path, before, after) ?? [[changedRange(before, after)]] };
  }

  /** Forgets every module (a shard of a large audit, once done with a group of files, so memory stays flat). */
  clear(): void {
    this.entries.clear();
  }

  /**
   * The file changed: its module is not served again, but its tree stays as the base the next
   * parse of the file starts from (typing in a handler invalidates it on every keystroke).
   */
  delete(path: string): void {
    const hit = this.entries.get(path);
    if (hit) hit.stale = true;
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
  const edits = (host as FileHost).editsBetween;
  if (!c) cachesByHost.set(host, (c = new CodeModuleCache(5000, edits ? edits.bind(host) : undefined)));
  return c;
}
