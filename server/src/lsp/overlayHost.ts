import { dirname, sep } from 'node:path';
import type { ChangedRange } from '@lezer/common';
import type { FileHost } from '../engine/host';

/**
 * How long what the disk said (stat results, directory listings, file text) is trusted without
 * asking again. Each keystroke in a template resolves every function's handler (several stats
 * each) and reads the handler files cross rules look at: thousands of system calls that keep
 * giving the same answers while someone types. Changes the editor reports (documents,
 * didChangeWatchedFiles) are seen at once through `forget`; other changes on disk within this time.
 */
const DISK_TTL_MS = 1500;

/** Edit steps kept per document: more than one lint's worth of typing (debounce), few old texts held. */
const EDIT_LOG = 16;

/**
 * A FileHost that serves the editor's open documents (unsaved text included)
 * and falls back to another host (the disk) for every other file.
 */
export class OverlayHost implements FileHost {
  private open = new Map<string, string>();
  private stats = new Map<string, { kind: 'file' | 'dir'; size: number } | undefined>();
  private dirs = new Map<string, string[]>();
  private texts = new Map<string, string | undefined>();
  /** Per open document, its recent edits with the text each started from (parses reuse what they left alone). */
  private edits = new Map<string, Array<{ before: string; edits: ChangedRange[][] }>>();
  /** When the disk caches were last emptied: all of them go at once, so none outlives DISK_TTL_MS. */
  private since = 0;

  constructor(
    private readonly base: FileHost,
    private readonly ttlMs = DISK_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * An open document's new text; `edits` are the editor's edits from the previous text (each inner
   * list one step), or undefined when it sent the whole text (nothing known about what changed).
   */
  set(path: string, text: string, edits?: ChangedRange[][]): void {
    const before = this.open.get(path);
    this.open.set(path, text);
    if (!edits || before === undefined) {
      this.edits.delete(path);
      return;
    }
    const log = this.edits.get(path) ?? [];
    log.push({ before, edits });
    if (log.length > EDIT_LOG) log.shift();
    this.edits.set(path, log);
  }

  delete(path: string): void {
    this.open.delete(path);
    this.edits.delete(path);
  }

  editsBetween(path: string, before: string, after: string): ChangedRange[][] | undefined {
    const log = this.edits.get(path);
    if (!log || this.open.get(path) !== after) return undefined;
    for (let i = log.length - 1; i >= 0; i--) if (log[i].before === before) return log.slice(i).flatMap((e) => e.edits);
    return undefined;
  }

  /** The open documents' texts, as [path, text] (an audit worker thread gets a copy). */
  openDocuments(): Array<[string, string]> {
    return [...this.open];
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /** A file changed, appeared or went away: ask the disk again about it and its folder. */
  forget(path: string): void {
    this.stats.delete(path);
    this.texts.delete(path);
    this.dirs.delete(path);
    this.stats.delete(dirname(path));
    this.dirs.delete(dirname(path));
  }

  private fresh(): void {
    const now = this.now();
    if (now - this.since < this.ttlMs) return;
    this.since = now;
    this.stats.clear();
    this.dirs.clear();
    this.texts.clear();
  }

  readFile(path: string): string | undefined {
    const t = this.open.get(path);
    if (t !== undefined) return t;
    this.fresh();
    if (this.texts.has(path)) return this.texts.get(path);
    const text = this.base.readFile(path);
    this.texts.set(path, text);
    return text;
  }

  stat(path: string): { kind: 'file' | 'dir'; size: number } | undefined {
    const t = this.open.get(path);
    // An open document exists for the engine even before it is first saved.
    if (t !== undefined) return { kind: 'file', size: t.length };
    this.fresh();
    if (this.stats.has(path)) return this.stats.get(path);
    const st = this.base.stat(path);
    this.stats.set(path, st);
    return st;
  }

  readDir(path: string): string[] {
    this.fresh();
    let listed = this.dirs.get(path);
    if (!listed) this.dirs.set(path, (listed = this.base.readDir(path)));
    const names = [...listed];
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
