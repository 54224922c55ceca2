import { sep } from 'node:path';
import type { FileHost } from '../engine/host';

/**
 * A FileHost that serves the editor's open documents (unsaved text included)
 * and falls back to another host (the disk) for every other file.
 */
export class OverlayHost implements FileHost {
  private open = new Map<string, string>();

  constructor(private readonly base: FileHost) {}

  set(path: string, text: string): void {
    this.open.set(path, text);
  }

  delete(path: string): void {
    this.open.delete(path);
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  readFile(path: string): string | undefined {
    const t = this.open.get(path);
    return t !== undefined ? t : this.base.readFile(path);
  }

  stat(path: string): { kind: 'file' | 'dir'; size: number } | undefined {
    const t = this.open.get(path);
    // An open document exists for the engine even before it is first saved.
    if (t !== undefined) return { kind: 'file', size: t.length };
    return this.base.stat(path);
  }

  readDir(path: string): string[] {
    const names = this.base.readDir(path);
    const prefix = path.endsWith('/') || path.endsWith('\\') ? path : path + sep;
    for (const p of this.open.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (rest && !rest.includes('/') && !rest.includes('\\') && !names.includes(rest)) names.push(rest);
    }
    return names;
  }

  realPath(path: string): string {
    return this.base.realPath ? this.base.realPath(path) : path;
  }
}
