import type { FileHost } from '../engine/host';

/**
 * A FileHost that answers each question about a path once per CLI run. An audit asks a lot
 * of the same questions (rules re-read a handler to get its parsed module, look for the
 * same package.json and bundler configs for every function): on the real file system each is
 * a system call. A CLI run audits the files as they are when it starts, so remembering the
 * answers changes nothing; the language server, whose files change, does not use this.
 */
export class SnapshotHost implements FileHost {
  private files = new Map<string, string | undefined>();
  private stats = new Map<string, ReturnType<FileHost['stat']>>();
  private dirs = new Map<string, string[]>();
  private real = new Map<string, string>();

  constructor(private readonly inner: FileHost) {}

  readFile(path: string): string | undefined {
    if (this.files.has(path)) return this.files.get(path);
    const text = this.inner.readFile(path);
    this.files.set(path, text);
    return text;
  }

  stat(path: string): ReturnType<FileHost['stat']> {
    if (this.stats.has(path)) return this.stats.get(path);
    const st = this.inner.stat(path);
    this.stats.set(path, st);
    return st;
  }

  readDir(path: string): string[] {
    let names = this.dirs.get(path);
    if (!names) this.dirs.set(path, (names = this.inner.readDir(path)));
    // A copy: callers sort the list in place.
    return [...names];
  }

  realPath(path: string): string {
    let r = this.real.get(path);
    if (r === undefined) this.real.set(path, (r = this.inner.realPath ? this.inner.realPath(path) : path));
    return r;
  }
}
