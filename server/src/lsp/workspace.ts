import * as path from 'node:path';
import { isExcludedPath } from '../engine/discover';
import { Engine } from '../engine/engine';
import type { LambdaAuditConfig } from '../engine/config';
import type { Range } from '../engine/types';
import { NodeFileHost } from '../engine/nodeHost';
import { DEFAULT_SETTINGS, mergeConfig, normalizeSettings, readProjectConfig } from './config';
import type { Settings } from './config';
import { OverlayHost } from './overlayHost';

/** A workspace folder (or the catch-all for files outside every folder) with its own engine and config. */
export interface Folder {
  /** Absolute path; undefined for the catch-all. */
  root: string | undefined;
  uri: string | undefined;
  name: string;
  engine: Engine;
  settings: Settings;
  project: LambdaAuditConfig;
  config: LambdaAuditConfig;
}

export interface WorkspaceLog {
  error(message: string): void;
  warn(message: string): void;
}

/**
 * The folders of the editor's workspace, one Engine each (so each folder's
 * `.lambda-audit.yaml` and roots apply), all reading through one overlay of open documents.
 */
export class Workspace {
  readonly host = new OverlayHost(new NodeFileHost());
  private folders: Folder[] = [];
  private outside: Folder;
  /** Settings that apply where no folder-scoped value was pulled (initializationOptions, pushed settings). */
  private globalSettings: Settings = { ...DEFAULT_SETTINGS };

  constructor(private readonly log: WorkspaceLog) {
    this.outside = this.makeFolder(undefined, undefined, 'no folder');
  }

  private makeFolder(root: string | undefined, uri: string | undefined, name: string): Folder {
    const engine = new Engine(this.host, {
      roots: root ? [root] : [],
      onRuleError: (id, file, e) => this.log.error(`rule ${id} failed on ${file}: ${(e as Error)?.stack ?? e}`),
    });
    const f: Folder = { root, uri, name, engine, settings: { ...this.globalSettings }, project: {}, config: {} };
    this.loadProject(f);
    return f;
  }

  setFolders(list: Array<{ root: string; uri: string; name: string }>): void {
    const old = new Map(this.folders.map((f) => [f.root, f]));
    this.folders = list.map((x) => old.get(x.root) ?? this.makeFolder(x.root, x.uri, x.name));
  }

  all(): Folder[] {
    return [...this.folders, this.outside];
  }

  workspaceFolders(): Folder[] {
    return this.folders;
  }

  /** The innermost folder holding `file`, else the catch-all. */
  folderOf(file: string): Folder {
    let best: Folder | undefined;
    for (const f of this.folders) {
      if (!f.root) continue;
      if ((file === f.root || file.startsWith(f.root + path.sep)) && (!best || f.root.length > best.root!.length)) best = f;
    }
    return best ?? this.outside;
  }

  /** A file changed, appeared or went away (open document or disk). */
  invalidate(file: string): void {
    this.host.forget(file);
    for (const f of this.all()) f.engine.invalidate(file);
  }

  setGlobalSettings(raw: unknown): void {
    this.globalSettings = normalizeSettings(raw, DEFAULT_SETTINGS);
    for (const f of this.all()) this.applySettings(f, this.globalSettings);
  }

  get defaultSettings(): Settings {
    return this.globalSettings;
  }

  applySettings(f: Folder, settings: Settings): void {
    f.settings = settings;
    f.config = mergeConfig(f.project, settings);
    f.engine.setConfig(f.config);
  }

  /** Re-reads the folder's `.lambda-audit.yaml`; its problems go to `onConfigProblems` (shown on the file). */
  loadProject(f: Folder): void {
    if (!f.root) return;
    const r = readProjectConfig(this.host, f.root, f.engine.ruleMetas);
    f.project = r.config;
    this.applySettings(f, f.settings);
    this.onConfigProblems?.(r.file, r.source ? r.problems.map((p) => ({ range: r.source!.range(p.from, p.to), message: p.message })) : []);
  }

  /** Set by the session: publishes (or clears) the problems of a project configuration file. */
  onConfigProblems?: (file: string, problems: Array<{ range: Range; message: string }>) => void;

  /** Whether the user asked for this file to be skipped (project `exclude` and `lambdaAudit.exclude`). */
  isExcluded(file: string): boolean {
    const f = this.folderOf(file);
    return !!f.root && isExcludedPath(f.root, file, f.config.exclude);
  }
}
