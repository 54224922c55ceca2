import type { ChangedRange } from '@lezer/common';
/**
 * How the engine reaches files. The engine never touches the disk itself: the
 * CLI hands it a Node file-system host, the language server one that prefers
 * the editor's open documents over what is on disk.
 */
export interface FileHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** 'file' | 'dir' | undefined (missing). */
  stat(path: string): { kind: 'file' | 'dir'; size: number } | undefined;
  /** Names of the entries of a directory (not recursive), or [] when unreadable. */
  readDir(path: string): string[];
  /** Canonical path (symlinks resolved), used to detect loops; identity when unsupported. */
  realPath?(path: string): string;
  /**
   * The edits (each inner list one step, in order) that turned `before` into `after`, the file's
   * current text, when the host saw them happen (an editor's document); undefined otherwise.
   * Lets a re-parse reuse what no edit touched without diffing the two texts.
   */
  editsBetween?(path: string, before: string, after: string): ChangedRange[][] | undefined;
}

/** Files larger than this are not parsed; they get one info diagnostic instead. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
