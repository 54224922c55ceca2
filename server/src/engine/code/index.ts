import { languageOfPath } from '../parse/code';
import type { CodeLanguage } from '../types';
import { analyzeJavaScript } from './javascript';
import type { CodeModule } from './model';
import { analyzePython } from './python';

export function analyzeCodeText(path: string, text: string, language?: CodeLanguage): CodeModule | undefined {
  const lang = language ?? languageOfPath(path);
  if (!lang) return undefined;
  return lang === 'python' ? analyzePython(path, text) : analyzeJavaScript(path, text, lang);
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
