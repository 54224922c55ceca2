import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { PROJECT_CONFIG_FILE } from './config';
import type { Engine, FileAnalysis } from '../engine/engine';
import type { Finding } from '../engine/types';
import type { FunctionModel } from '../engine/template/model';
import { templateFormatOfPath } from '../engine/template/load';
import { handlerContexts } from './handlerContext';
import type { TemplateParser } from './templatePreparse';
import { toDiagnostic, visible } from './diagnostics';
import type { DiagnosticOptions } from './diagnostics';
import type { UriMap } from './uri';
import type { Workspace } from './workspace';

export interface OpenDocument {
  uri: string;
  version: number;
}

/** One lint's result, before it is published. */
interface Outcome {
  /** The version analysed; undefined when nothing was analysed (linting is off for the file). */
  version?: number;
  findings: Finding[];
  analysis?: FileAnalysis;
  /** A first look skipped templates that were not loaded yet: the full analysis is still to come. */
  followUp: boolean;
  /** Those templates. */
  skipped?: string[];
}

/**
 * Lints open documents as they change: one debounce timer per document (a newer change
 * cancels the pending run), results dropped if the document moved on meanwhile, and a
 * template's open handlers re-checked when the template changes.
 */
export class Linter {
  /** Pending runs, each with what cancels it. */
  private timers = new Map<string, () => void>();
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
    /** Parses large templates off the main thread (absent when the server runs from source). */
    private readonly preparser?: TemplateParser,
  ) {}

  /**
   * Files waiting for the client's settings: until they are known nothing is published (a first
   * lint must not use the wrong severities). A document opened meanwhile is analysed at once all
   * the same, with the settings known so far (initializationOptions, the project file), so that
   * the analysis and the settings round trip overlap instead of adding up.
   */
  private held: Set<string> | undefined = new Set();
  /** What those early analyses found, with the settings they used. */
  private provisional = new Map<string, { version: number; key: string; outcome: Outcome }>();

  /**
   * Settings are in: an early analysis that used the same settings is published as it is; every
   * other waiting file is linted now.
   */
  resume(): void {
    const held = this.held;
    const provisional = this.provisional;
    this.held = undefined;
    this.provisional = new Map();
    for (const f of held ?? []) {
      const p = provisional.get(f);
      if (p && p.version === this.doc(f)?.version && p.key === this.settingsKey(f)) this.guard(f, () => this.deliver(f, p.outcome));
      else this.schedule(f, 0, true);
    }
  }

  /** What an analysis of `file` depends on besides its text: its folder, the merged config, whether linting is on. */
  private settingsKey(file: string): string {
    const folder = this.ws.folderOf(file);
    return JSON.stringify([folder.root, folder.settings.enable, folder.config]);
  }

  /**
   * Lint `file` after the debounce delay; a later call for the same file replaces this one.
   * `quick`: a just-opened document (see firstLook).
   */
  schedule(file: string, delay = this.debounceMs(file), quick = false): void {
    this.cancel(file);
    if (this.held) {
      this.held.add(file);
      // An earlier analysis may be out of date now (this call says something changed).
      this.provisional.delete(file);
      if (!quick) return;
    }
    const run = () => {
      this.timers.delete(file);
      this.dueAt.delete(file);
      // While its templates are parsed on the worker, a handler gets first looks (followUp lints it fully after).
      this.guard(file, () => this.lintNow(file, (quick || this.awaitingTemplates.has(file)) && !this.auditFiles.has(file)));
    };
    const wait = Math.max(0, delay);
    // No delay: the next turn of the event loop (a zero timeout still waits a millisecond or more).
    if (wait === 0) {
      const h = setImmediate(run);
      this.timers.set(file, () => clearImmediate(h));
    } else {
      const h = setTimeout(run, wait);
      this.timers.set(file, () => clearTimeout(h));
    }
    this.dueAt.set(file, performance.now() + wait);
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
    this.timers.get(file)?.();
    this.timers.delete(file);
    this.dueAt.delete(file);
  }

  /**
   * A just-opened handler whose templates are not loaded yet (parsing a 15,000-line template takes
   * far longer than the handler itself): its own findings go out at once, as for a handler no
   * template names, and the full analysis follows in the next turn (when no template was waiting,
   * this was the full analysis).
   */
  private firstLook(engine: Engine, file: string): { analysis: FileAnalysis; skipped: string[] } {
    engine.onlyLoadedTemplates = true;
    engine.skippedTemplates.clear();
    try {
      const analysis = engine.analyzeFile(file);
      return { analysis, skipped: [...engine.skippedTemplates] };
    } finally {
      engine.onlyLoadedTemplates = false;
      engine.skippedTemplates.clear();
    }
  }

  lintNow(file: string, quick = false): void {
    const open = this.doc(file);
    // The project configuration has its own diagnostics (published when it is loaded).
    if (!open || isProjectConfig(file)) return;
    const version = open.version;
    const outcome = this.analyse(file, version, quick);
    // A change that arrived while this ran supersedes it; its own run publishes.
    if (this.doc(file)?.version !== version) return;
    if (this.held) this.provisional.set(file, { version, key: this.settingsKey(file), outcome });
    else this.deliver(file, outcome);
  }

  private analyse(file: string, version: number, quick: boolean): Outcome {
    const folder = this.ws.folderOf(file);
    if (!folder.settings.enable || this.ws.isExcluded(file)) return { findings: [], followUp: false };
    if (!quick) {
      const analysis = folder.engine.analyzeFile(file);
      return { version, findings: analysis.findings, analysis, followUp: false };
    }
    const { analysis, skipped } = this.firstLook(folder.engine, file);
    return { version, findings: analysis.findings, analysis, followUp: skipped.length > 0, skipped };
  }

  private deliver(file: string, o: Outcome): void {
    this.publish(file, o.findings, o.version);
    if (o.analysis?.kind === 'template') {
      this.recheckHandlers(file, o.analysis.functions);
      this.onTemplateLinted?.();
    }
    // On a later turn: the diagnostics just published are written out first (starting the parse thread takes a moment).
    if (o.followUp) setImmediate(() => this.guard(file, () => this.followUp(file, o.skipped ?? [])));
  }

  /**
   * The full analysis of a just-opened handler, once the templates its first look skipped are
   * parsed: large YAML templates on the worker thread (templatePreparse.ts), meanwhile the
   * handler's lints stay first looks, so a keystroke never waits for a template parse.
   */
  private followUp(file: string, templates: string[]): void {
    const engine = this.ws.folderOf(file).engine;
    const pending = this.preparser ? templates.flatMap((t) => this.preparse(engine, t) ?? []) : [];
    if (!pending.length) return this.schedule(file, 0);
    this.awaitingTemplates.set(file, (this.awaitingTemplates.get(file) ?? 0) + 1);
    void Promise.all(pending).then(() => {
      const left = this.awaitingTemplates.get(file)! - 1;
      if (left > 0) return void this.awaitingTemplates.set(file, left);
      this.awaitingTemplates.delete(file);
      if (this.doc(file)) this.schedule(file, 0);
    });
  }

  /** Parses of large templates on the worker, by file, for the text they were asked for. */
  private preparses = new Map<string, { text: string; done: Promise<void> }>();
  /** Handlers whose full analysis waits for such parses (a count: each first look may start one wait). */
  private awaitingTemplates = new Map<string, number>();

  /** Starts (or joins) the worker parse of `template`'s current text; undefined when it is not worth one. */
  private preparse(engine: Engine, template: string): Promise<void> | undefined {
    const text = engine.host.readFile(template);
    if (text === undefined || templateFormatOfPath(template) !== 'yaml' || !this.preparser!.wants(text)) return undefined;
    const running = this.preparses.get(template);
    if (running?.text === text) return running.done;
    const done = this.preparser!.parse(text).then((parsed) => {
      if (this.preparses.get(template)?.done === done) this.preparses.delete(template);
      if (parsed) engine.adoptParsedTemplate(template, text, parsed);
    });
    this.preparses.set(template, { text, done });
    return done;
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
    this.provisional.delete(file);
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
