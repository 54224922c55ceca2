import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Path <-> URI conversion. Editors spell file URIs differently (VS Code percent-encodes
 * the drive colon on Windows), so URIs of open documents are remembered as the client
 * sent them and reused when publishing; other files get Node's canonical form.
 */
export class UriMap {
  private known = new Map<string, string>();

  /** Absolute path of a file: URI, or undefined for other schemes (untitled:, git:, ...). */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const p = path.resolve(fileURLToPath(uri));
      if (!this.known.has(p)) this.known.set(p, uri);
      return p;
    } catch {
      return undefined;
    }
  }

  toUri(file: string): string {
    return this.known.get(file) ?? pathToFileURL(file).href;
  }

  remember(file: string, uri: string): void {
    this.known.set(file, uri);
  }
}
