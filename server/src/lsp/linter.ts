import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { PROJECT_CONFIG_FILE } from './config';
import type { Engine, FileAnalysis } from '../engine/engine';
import type { Finding } from '../engine/types';
import type { FunctionModel } from '../engine/template/model';
import { handlerContexts } from './handlerContext';
import { toDiagnostic, visible } from './diagnostics';
import type { DiagnosticOptions } from './diagnostics';
import type { UriMap } from './uri';
import type { Workspace } from './workspace';

export interface OpenDocument {
  uri: string;
  version: number;
}

/**
 * Lints open documents as they change: one debounce timer per document (a newer change
 * cancels the pending run), results dropped if the document moved on meanwhile, and a
 * template's open handlers re-checked when the template changes.
 */
export class Linter {
  private timers = new Map<string, NodeJS.Timeout>();
  /**
   * Per template, the handler files it pointed at when last linted with a digest of their context
   * in it ('' for a file that was not open): an edit re-checks an open handler only when that
   * changed, or when the template started or stopped pointing at it.
   */
  private linkedHandlers = new Map<string, Map<string, string>>();
  /** Files whose diagnostics came from the last audit (kept when the document closes). */
  readonly auditFiles = new Set<string>();
  diagnosticOptions: DiagnosticOptions = { relatedInformation: true };
  /** Called after a template was linted: what its handlers' lenses show may have changed. */
  onTemplateLinted?: () => void;

  constructor(
    private readonly connection: Connection,
    private readonly ws: Workspace,
    private readonly uris: UriMap,
    private readonly doc: (file: string) => OpenDocument | undefined,
    private readonly debounceMs: (file: string) => number,
  ) {}

  /** Until the client's settings are known, runs wait here (a first lint must not use the wrong severities). */
  private held: Set<string> | undefined = new Set();

  /** Settings are in: run what waited. */
  resume(): void {
    const held = this.held;
    this.held = undefined;
    for (const f of held ?? []) this.schedule(f, 0, true);
  }

  /** Lint `file` after the debounce delay; a later call for the same file replaces this one. */
  schedule(file: string, delay = this.debounceMs(file), quick = false): void {
    if (this.held) {
      this.held.add(file);
      return;
    }
    this.cancel(file);
    const run = () => {
      this.timers.delete(file);
      this.dueAt.delete(file);
      this.guard(file, () => this.lintNow(file, quick && !this.auditFiles.has(file)));
    };
    this.timers.set(file, setTimeout(run, Math.max(0, delay)));
    this.dueAt.set(file, performance.now() + Math.max(0, delay));
  }

  /** Whether a lint is waiting to run (background work steps aside meanwhile). */
  get busy(): boolean {
    return this.timers.size > 0 || !!this.held?.size;
  }

  /** When each scheduled lint is due (performance.now() time). */
  private dueAt = new Map<string, number>();

  /**
   * Whether a lint is due now (its debounce is over): an audit waits for those only, so it neither
   * stalls on a debounce that is still running nor on documents held until the settings arrive.
   */
  get lintDue(): boolean {
    const now = performance.now();
    for (const t of this.dueAt.values()) if (t <= now + 1) return true;
    return false;
  }

  cancel(file: string): void {
    const t = this.timers.get(file);
    if (t) clearTimeout(t);
    this.timers.delete(file);
    this.dueAt.delete(file);
  }

  /**
   * A just-opened handler whose templates are not loaded yet (parsing a 15,000-line template takes
   * far longer than the handler itself): its own findings go out at once, as for a handler no
   * template names, and the full analysis follows in the next turn (when no template was waiting,
   * this was the full analysis).
   */
  private firstLook(engine: Engine, file: string): FileAnalysis {
    engine.onlyLoadedTemplates = true;
    engine.skippedTemplates = false;
    try {
      const a = engine.analyzeFile(file);
      if (engine.skippedTemplates) this.schedule(file, 0);
      return a;
    } finally {
      engine.onlyLoadedTemplates = false;
    }
  }

  lintNow(file: string, quick = false): void {
    const open = this.doc(file);
    // The project configuration has its own diagnostics (published when it is loaded).
    if (!open || isProjectConfig(file)) return;
    const version = open.version;
    const folder = this.ws.folderOf(file);
    if (!folder.settings.enable || this.ws.isExcluded(file)) {
      this.publish(file, []);
      return;
    }
    const analysis = quick ? this.firstLook(folder.engine, file) : folder.engine.analyzeFile(file);
    // A change that arrived while this ran supersedes it; its own run publishes.
    if (this.doc(file)?.version !== version) return;
    this.publish(file, analysis.findings, version);
    if (analysis.kind === 'template') {
      this.recheckHandlers(file, analysis.functions);
      this.onTemplateLinted?.();
    }
  }

  private recheckHandlers(template: string, functions: FunctionModel[]): void {
    const doc = functions[0]?.template;
    const now = doc ? handlerContexts(doc, (f) => f !== template && !!this.doc(f)) : new Map<string, string>();
    now.delete(template);
    const before = this.linkedHandlers.get(template);
    this.linkedHandlers.set(template, now);
    for (const h of new Set([...(before?.keys() ?? []), ...now.keys()])) {
      if (!this.doc(h)) continue;
      const same = before?.has(h) && now.has(h) && now.get(h) !== '' && before.get(h) === now.get(h);
      if (!same) this.schedule(h, 0);
    }
  }

  /** After a template changed on disk or its document closed: re-check the open handlers it pointed at. */
  recheckLinkedTo(template: string): void {
    for (const h of this.linkedHandlers.get(template)?.keys() ?? []) if (this.doc(h)) this.schedule(h, 0);
  }

  /** Every open document again (settings or project configuration changed). */
  relintOpen(files: Iterable<string>): void {
    for (const f of files) this.schedule(f, 0);
  }

  publish(file: string, findings: Finding[], version?: number): void {
    const diagnostics = visible(findings).map((f) => toDiagnostic(f, (p) => this.uris.toUri(p), this.diagnosticOptions));
    void this.connection.sendDiagnostics({ uri: this.uris.toUri(file), version, diagnostics }).catch(() => undefined);
  }

  /** A document closed: its live diagnostics go, unless the audit reported the file (then show its on-disk state). */
  closed(file: string): void {
    this.cancel(file);
    if (isProjectConfig(file)) return;
    if (this.auditFiles.has(file)) {
      this.guard(file, () => this.publish(file, this.ws.folderOf(file).engine.analyzeFile(file).findings));
    } else {
      this.publish(file, []);
    }
  }

  private guard(file: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.connection.console.error(`lambda-audit: analysing ${file} failed: ${(e as Error)?.stack ?? e}`);
    }
  }
}

function isProjectConfig(file: string): boolean {
  return path.basename(file) === PROJECT_CONFIG_FILE;
}
