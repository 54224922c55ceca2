import * as path from 'node:path';
import type { FileHost } from './host';

/** FileHost over an in-memory map of absolute paths to text (tests, fuzzing, the LSP overlay). */
export class MemoryFileHost implements FileHost {
  readonly files = new Map<string, string>();
  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(path.resolve(p), t);
  }
  set(p: string, text: string): void {
    this.files.set(path.resolve(p), text);
  }
  readFile(p: string): string | undefined {
    return this.files.get(p);
  }
  stat(p: string): { kind: 'file' | 'dir'; size: number } | undefined {
    const t = this.files.get(p);
    if (t !== undefined) return { kind: 'file', size: t.length };
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return { kind: 'dir', size: 0 };
    return undefined;
  }
  readDir(p: string): string[] {
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    const out = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) out.add(k.slice(prefix.length).split(path.sep)[0]);
    return [...out];
  }
}
