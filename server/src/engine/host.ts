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
}

/** Files larger than this are not parsed; they get one info diagnostic instead. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
