import * as fs from 'node:fs';
import type { FileHost } from './host';

/** FileHost over the real file system, with a small content cache keyed by mtime and size. */
export class NodeFileHost implements FileHost {
  private cache = new Map<string, { mtimeMs: number; size: number; text: string }>();

  readFile(path: string): string | undefined {
    try {
      const st = fs.statSync(path);
      if (!st.isFile()) return undefined;
      const hit = this.cache.get(path);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      let text = fs.readFileSync(path, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch {
      return undefined;
    }
  }

  stat(path: string): { kind: 'file' | 'dir'; size: number } | undefined {
    try {
      const st = fs.statSync(path);
      if (st.isFile()) return { kind: 'file', size: st.size };
      if (st.isDirectory()) return { kind: 'dir', size: 0 };
      return undefined;
    } catch {
      return undefined;
    }
  }

  readDir(path: string): string[] {
    try {
      return fs.readdirSync(path);
    } catch {
      return [];
    }
  }

  realPath(path: string): string {
    try {
      return fs.realpathSync(path);
    } catch {
      return path;
    }
  }
}
