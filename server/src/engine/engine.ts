import * as path from 'node:path';
import { moduleCacheFor } from './code/index';
import type { CodeModuleCache } from './code/index';
import type { CodeModule, FunctionInfo } from './code/model';
import { ruleParams, ruleSeverity } from './config';
import type { LambdaAuditConfig } from './config';
import { discoverFiles } from './discover';
import type { FileHost } from './host';
import { MAX_FILE_BYTES } from './host';
import { languageOfPath } from './parse/code';
import { ALL_RULES } from './rules/index.generated';
import type { CodeRule, HandlerBinding, ProjectView, ReportInput, Rule, TemplateRule } from './rules/api';
import { applyDirectives, applyMetadataIgnores, codeComments, collectDirectives, yamlComments } from './suppress';
import type { SuppressionDirective } from './suppress';
import { loadTemplate, looksLikeTemplateByName, templateFormatOfPath } from './template/load';
import type { TemplateLoadResult } from './template/load';
import type { ParsedTemplateTree } from './parse/yaml';
import { inlineCodeOf, toTemplateSpan } from './template/inlineCode';
import { inlineReport } from './template/inlineReport';
import type { FunctionModel, TemplateDoc } from './template/model';
import { SourceText } from './text';
import type { Finding, Fix, Language, RelatedLocation, RuleMeta, Severity, Range } from './types';

export interface EngineOptions {
  config?: LambdaAuditConfig;
  /** The rule set (defaults to every rule); tests pass a subset. */
  rules?: Rule[];
  /** Workspace roots: the search for templates above a code file stops at them. */
  roots?: string[];
  today?: Date;
  /** Called once per rule that throws; the other rules keep running. */
  onRuleError?: (ruleId: string, file: string, error: unknown) => void;
}

export type FileKind = 'template' | 'code' | 'manifest' | 'other';

export interface FileAnalysis {
  path: string;
  kind: FileKind;
  language?: Language;
  findings: Finding[];
  /** Template functions this file declares (templates) or implements (handler code). */
  functions: FunctionModel[];
}

export interface AuditProgress {
  done: number;
  total: number;
  file?: string;
}

export interface AuditOptions {
  onProgress?: (p: AuditProgress) => void;
  isCancelled?: () => boolean;
  /** Give the event loop a turn every N files, so a server stays responsive. */
  yieldEvery?: number;
  /** The files to audit when the caller already listed them (auditFiles of the same roots). */
  files?: { templateFiles: Set<string>; codeFiles: Set<string> };
}

export interface FunctionSummary {
  id: string;
  template: string;
  /** Range of the function's key in the template. */
  range: Finding['range'];
  resourceType: FunctionModel['resourceType'];
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  role: string;
  events: string[];
  handler?: string;
  handlerFile?: string;
  handlerRange?: Finding['range'];
  findings: Finding[];
}

export interface AuditResult {
  findings: Finding[];
  functions: FunctionSummary[];
  templates: string[];
  codeFiles: string[];
  cancelled: boolean;
}

const CONVENTION_NAMES = new Set(['handler', 'lambda_handler']);
/** Code rules that read the files around a handler (manifests, installed packages): inline code has none. */
const INLINE_SKIPPED_RULES = new Set(['LA108', 'LA109']);

export class Engine implements ProjectView {
  readonly host: FileHost;
  private config: LambdaAuditConfig;
  private rules: Rule[];
  private roots: string[];
  readonly today: Date;
  private onRuleError?: EngineOptions['onRuleError'];
  private codeCache: CodeModuleCache;
  private templateCache = new Map<string, { text: string; result: TemplateLoadResult }>();
  /** Loads of edited templates, kept until the next load of the same file re-parses only what changed. */
  private replacedTemplates = new Map<string, { text: string; result: TemplateLoadResult }>();
  /** Template trees parsed elsewhere (an editor's worker thread) for the text they were parsed from, used by the next load. */
  private adoptedParses = new Map<string, { text: string; parsed: ParsedTemplateTree }>();
  private dirListing = new Map<string, string[]>();
  private reportedRuleErrors = new Set<string>();

  constructor(host: FileHost, options: EngineOptions = {}) {
    this.host = host;
    this.codeCache = moduleCacheFor(host);
    this.config = options.config ?? {};
    this.rules = options.rules ?? ALL_RULES;
    this.roots = (options.roots ?? []).map((r) => path.resolve(r));
    this.today = options.today ?? new Date();
    this.onRuleError = options.onRuleError;
  }

  setConfig(config: LambdaAuditConfig): void {
    this.config = config;
  }

  setRoots(roots: string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
  }

  get ruleMetas(): RuleMeta[] {
    return this.rules.map((r) => r.meta);
  }

  /** Forget cached data of a file that changed, appeared or went away. */
  invalidate(file: string): void {
    this.codeCache.delete(file);
    const t = this.templateCache.get(file);
    if (t) {
      this.replacedTemplates.delete(file);
      this.replacedTemplates.set(file, t);
      if (this.replacedTemplates.size > 8) this.replacedTemplates.delete(this.replacedTemplates.keys().next().value as string);
    }
    this.templateCache.delete(file);
    this.dirListing.delete(path.dirname(file));
  }

  /**
   * Drops every parsed code module. A large audit calls it between groups of files: nothing it
   * parsed for one template's handlers is needed for the next, and keeping them all would cost
   * about 100 KB per handler file. Templates stay (a handler's analysis reads its template).
   */
  releaseModules(): void {
    this.codeCache.clear();
  }

  // ---------- ProjectView ----------

  source(file: string): SourceText | undefined {
    const t = this.templateCache.get(file);
    if (t) {
      const r = t.result;
      if (r.status === 'template') return r.doc.source;
      if (r.status === 'error') return r.source;
    }
    const text = this.host.readFile(file);
    if (text === undefined) return undefined;
    return this.codeModule(file)?.source ?? new SourceText(file, text);
  }

  codeModule(file: string): CodeModule | undefined {
    const text = this.host.readFile(file);
    if (text === undefined || text.length > MAX_FILE_BYTES) return undefined;
    return this.codeCache.get(file, text);
  }

  template(file: string): TemplateLoadResult | undefined {
    const text = this.host.readFile(file);
    if (text === undefined) return undefined;
    const hit = this.templateCache.get(file);
    if (hit && hit.text === text) return hit.result;
    const adopted = this.adoptedParses.get(file);
    this.adoptedParses.delete(file);
    const result: TemplateLoadResult =
      text.length > MAX_FILE_BYTES
        ? { status: 'not-a-template' }
        : loadTemplate(file, text, this.host, undefined, this.replacedTemplates.get(file), adopted?.text === text ? adopted.parsed : undefined);
    this.replacedTemplates.delete(file);
    this.templateCache.set(file, { text, result });
    return result;
  }

  /**
   * The template tree of `file` for `text`, parsed elsewhere (the language server parses large
   * templates on a worker thread): the next load of the file uses it if the file still has that
   * text, instead of parsing again. A tree for a text that is no longer the file's is never used.
   */
  adoptParsedTemplate(file: string, text: string, parsed: ParsedTemplateTree): void {
    if (this.templateCache.get(file)?.text === text) return;
    this.adoptedParses.delete(file);
    this.adoptedParses.set(file, { text, parsed });
    // Trees nobody loaded (the handler was closed first) are not kept for ever.
    if (this.adoptedParses.size > 8) this.adoptedParses.delete(this.adoptedParses.keys().next().value as string);
  }

  /**
   * Set by an editor that wants a first answer for a just-opened handler without waiting for
   * templates that are not loaded yet: templatesFor then skips those and lists them in `skippedTemplates`.
   */
  onlyLoadedTemplates = false;
  readonly skippedTemplates = new Set<string>();

  templatesFor(codeFile: string): TemplateDoc[] {
    const out: TemplateDoc[] = [];
    for (const dir of this.ancestorDirs(path.dirname(codeFile))) {
      for (const f of [...this.templateCandidates(dir), ...this.cdkTemplates(dir)]) {
        const cached = this.templateCache.get(f);
        if (this.onlyLoadedTemplates && cached?.text !== this.host.readFile(f)) {
          this.skippedTemplates.add(f);
          continue;
        }
        const r = this.template(f);
        if (r?.status === 'template' && r.doc.functions.some((fn) => fn.handlerTarget?.file === codeFile)) out.push(r.doc);
      }
    }
    return out;
  }

  /**
   * With `include: [cdk.out]`, the stacks of a CDK assembly beside an ancestor folder: their
   * functions point at source folders (template/cdkAssets.ts) that are not below cdk.out.
   */
  private cdkTemplates(dir: string): string[] {
    if (!this.config.include?.includes('cdk.out')) return [];
    const out = path.join(dir, 'cdk.out');
    if (this.host.stat(out)?.kind !== 'dir') return [];
    return this.templateCandidates(out).filter((f) => f.endsWith('.template.json'));
  }

  private ancestorDirs(start: string): string[] {
    const dirs: string[] = [];
    const root = this.roots.filter((r) => start === r || start.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
    let d = start;
    for (let i = 0; i < 12; i++) {
      dirs.push(d);
      if (root ? d === root : i >= 4) break;
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
    return dirs;
  }

  private templateCandidates(dir: string): string[] {
    let list = this.dirListing.get(dir);
    if (!list) {
      list = this.host
        .readDir(dir)
        .filter((n) => templateFormatOfPath(n) && n !== 'package.json' && n !== 'package-lock.json' && !n.startsWith('tsconfig'))
        .map((n) => path.join(dir, n))
        .filter((f) => this.host.stat(f)?.kind === 'file');
      this.dirListing.set(dir, list);
    }
    return list;
  }

  // ---------- analysis ----------

  /** Findings for one file (template or handler code), as the editor shows them. */
  analyzeFile(file: string): FileAnalysis {
    const lang = languageOfPath(file);
    if (lang) return this.analyzeCodeFile(file);
    if (isManifest(file)) return this.analyzeManifestFile(file);
    if (templateFormatOfPath(file)) return this.analyzeTemplateFile(file);
    return { path: file, kind: 'other', findings: [], functions: [] };
  }

  analyzeTemplateFile(file: string): FileAnalysis {
    const text = this.host.readFile(file);
    const format = templateFormatOfPath(file);
    if (text === undefined) return { path: file, kind: 'other', findings: [], functions: [] };
    if (text.length > MAX_FILE_BYTES) {
      if (!looksLikeTemplateByName(file)) return { path: file, kind: 'other', findings: [], functions: [] };
      const src = new SourceText(file, text.slice(0, 200));
      return {
        path: file,
        kind: 'template',
        language: format,
        findings: [this.tooLarge('LA001', file, src, text.length)],
        functions: [],
      };
    }
    const r = this.template(file);
    if (!r || r.status === 'not-a-template') return { path: file, kind: 'other', findings: [], functions: [] };
    if (r.status === 'error') {
      const f = this.finding('LA001', r.source, { from: r.from, to: r.to, message: r.message });
      return { path: file, kind: 'template', language: r.format, findings: f ? [f] : [], functions: [] };
    }
    const doc = r.doc;
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      if (rule.kind !== 'template') continue;
      findings.push(...this.runTemplateRule(rule, doc).filter((f) => f.file === file));
    }
    findings.push(...this.analyzeInlineCode(doc));
    this.suppress(findings, file, doc.source, doc.format);
    this.suppressByMetadata(findings, doc);
    return { path: file, kind: 'template', language: doc.format, findings: dedupe(findings), functions: doc.functions };
  }

  /**
   * A dependency manifest (requirements.txt, pyproject.toml, package.json) has no rules of its
   * own: the code rules of the handlers it serves (LA108, LA109) report into it. Those are the
   * handlers a template points at below the manifest's folder, and handler files beside it.
   */
  analyzeManifestFile(file: string): FileAnalysis {
    const dir = path.dirname(file);
    const handlerFiles = new Set<string>();
    for (const d of this.ancestorDirs(dir))
      for (const t of this.templateCandidates(d)) {
        const r = this.template(t);
        if (r?.status !== 'template') continue;
        for (const fn of r.doc.functions) {
          const h = fn.handlerTarget?.file;
          if (h && h.startsWith(dir + path.sep)) handlerFiles.add(h);
        }
      }
    for (const n of this.host.readDir(dir)) if (languageOfPath(n)) handlerFiles.add(path.join(dir, n));
    const findings: Finding[] = [];
    const functions: FunctionModel[] = [];
    for (const h of handlerFiles) {
      const a = this.analyzeCodeFile(h, (f) => f === file);
      findings.push(...a.findings.filter((f) => f.file === file));
      functions.push(...a.functions);
    }
    return { path: file, kind: findings.length || functions.length ? 'manifest' : 'other', findings: dedupe(findings), functions };
  }

  /** `alsoKeep`: findings of other files to keep too (the audit keeps those in manifests). */
  analyzeCodeFile(file: string, alsoKeep?: (f: string) => boolean): FileAnalysis {
    const language = languageOfPath(file);
    const text = this.host.readFile(file);
    if (!language || text === undefined) return { path: file, kind: 'other', findings: [], functions: [] };
    const templates = this.templatesFor(file);
    const linked = templates.flatMap((t) => t.functions.filter((fn) => fn.handlerTarget?.file === file));
    if (text.length > MAX_FILE_BYTES) {
      if (!linked.length) return { path: file, kind: 'other', findings: [], functions: [] };
      const src = new SourceText(file, text.slice(0, 200));
      return { path: file, kind: 'code', language, findings: [this.tooLarge('LA002', file, src, text.length)], functions: linked };
    }
    const mod = this.codeModule(file)!;
    const handlers = this.handlerBindings(mod, linked);
    if (!handlers.length && !linked.length) return { path: file, kind: 'other', language, findings: [], functions: [] };
    if (mod.syntaxError) {
      const f = this.finding('LA002', mod.source, { ...mod.syntaxError });
      return { path: file, kind: 'code', language, findings: f ? [f] : [], functions: linked };
    }
    const findings: Finding[] = [];
    if (handlers.length) {
      for (const rule of this.rules) {
        if (rule.kind !== 'code') continue;
        findings.push(...this.runCodeRule(rule, mod, handlers).filter((f) => f.file === file || alsoKeep?.(f.file)));
      }
    }
    // Cross rules that read a template and the code it points to report here too.
    for (const doc of templates) {
      const view = crossView(doc, file);
      for (const rule of this.rules)
        if (rule.kind === 'template' && rule.meta.scope === 'cross') findings.push(...this.runTemplateRule(rule, view).filter((f) => f.file === file));
    }
    this.suppress(findings, file, mod.source, language);
    return { path: file, kind: 'code', language, findings: dedupe(findings), functions: linked };
  }

  /**
   * The module's handler functions: those a template names, else the convention
   * (`handler` / `lambda_handler` taking (event, context), or an exported `handler`).
   */
  handlerBindings(mod: CodeModule, linked: FunctionModel[]): HandlerBinding[] {
    const bySymbol = new Map<string, HandlerBinding>();
    for (const fn of linked) {
      const sym = fn.handlerTarget?.symbol;
      const info = sym ? mod.functions.get(sym) : undefined;
      if (!info) continue;
      const b = bySymbol.get(sym!) ?? { fn: info, functions: [] };
      b.functions.push(fn);
      bySymbol.set(sym!, b);
    }
    if (linked.length) return [...bySymbol.values()];
    const out: HandlerBinding[] = [];
    for (const info of mod.functions.values()) if (isConventionHandler(mod, info)) out.push({ fn: info, functions: [] });
    return out;
  }

  /**
   * Inline code (`InlineCode`, `Code.ZipFile`) checked by the code rules as a virtual module;
   * findings, related locations and fixes are mapped back into the template (template/inlineCode.ts).
   */
  private analyzeInlineCode(doc: TemplateDoc): Finding[] {
    const out: Finding[] = [];
    for (const fn of doc.functions) {
      const ic = fn.inlineCode ? inlineCodeOf(fn) : undefined;
      if (!ic) continue;
      // A path no file has: it keys the code cache, and no finding keeps it (inlineReport moves them all).
      const codePath = `${doc.path}#${fn.id}${ic.language === 'python' ? '.py' : '.js'}`;
      const mod = this.codeCache.get(codePath, ic.text, ic.language);
      if (!mod) continue;
      if (mod.syntaxError) {
        const at = toTemplateSpan(ic, mod.syntaxError.from, mod.syntaxError.to);
        const f = this.finding('LA002', doc.source, { ...at, message: `Inline code of ${fn.id}: ${mod.syntaxError.message}` });
        if (f) out.push({ ...f, functionId: fn.id });
        continue;
      }
      const info = ic.symbol ? mod.functions.get(ic.symbol) : undefined;
      if (!info) continue;
      const handlers: HandlerBinding[] = [{ fn: info, functions: [fn] }];
      for (const rule of this.rules)
        if (rule.kind === 'code' && !INLINE_SKIPPED_RULES.has(rule.meta.id))
          out.push(...this.runCodeRule(rule, mod, handlers, (r) => inlineReport(ic, codePath, r)));
    }
    return out;
  }

  /** `mapReport`: moves a report elsewhere before it becomes a finding (inline code → template), or drops it. */
  private runCodeRule(rule: CodeRule, mod: CodeModule, handlers: HandlerBinding[], mapReport?: (r: ReportInput) => ReportInput | undefined): Finding[] {
    const sev = ruleSeverity(this.config, rule.meta.id, rule.meta.defaultSeverity);
    if (sev === 'off') return [];
    const out: Finding[] = [];
    const bindingFunctionId = (from: number): string | undefined => {
      const b = handlers.find((h) => from >= h.fn.node.from && from <= h.fn.node.to);
      return b?.functions[0]?.id;
    };
    try {
      rule.check({
        project: this,
        params: ruleParams(this.config, rule.meta.id),
        module: mod,
        handlers,
        report: (input) => {
          const r = mapReport ? mapReport(input) : input;
          const f = r && this.toFinding(rule.meta, sev, mod.path, r);
          if (r && f) {
            if (!f.functionId && f.file === mod.path) f.functionId = bindingFunctionId(r.from);
            if (!f.related && f.file === mod.path) f.related = this.relatedForHandler(handlers, r.from);
            out.push(f);
          }
        },
      });
    } catch (e) {
      this.ruleFailed(rule.meta.id, mod.path, e);
    }
    return out;
  }

  /** "Function X declared here" links from a handler finding to the template functions using it. */
  private relatedForHandler(handlers: HandlerBinding[], from: number): RelatedLocation[] | undefined {
    const b = handlers.find((h) => from >= h.fn.node.from && from <= h.fn.node.to);
    if (!b || !b.functions.length) return undefined;
    return b.functions.map((fn) => ({
      file: fn.template.path,
      range: fn.template.source.range(fn.entry.key.from, fn.entry.key.to),
      message: `${fn.id} (${fn.runtime ?? 'runtime unknown'}) uses this handler`,
    }));
  }

  private runTemplateRule(rule: TemplateRule, doc: TemplateDoc): Finding[] {
    const sev = ruleSeverity(this.config, rule.meta.id, rule.meta.defaultSeverity);
    if (sev === 'off') return [];
    const out: Finding[] = [];
    try {
      rule.check({
        project: this,
        params: ruleParams(this.config, rule.meta.id),
        template: doc,
        report: (r) => {
          const f = this.toFinding(rule.meta, sev, doc.path, r);
          if (f) {
            if (!f.functionId && f.file === doc.path) f.functionId = doc.functions.find((fn) => r.from >= fn.entry.from && r.from <= fn.entry.to)?.id;
            out.push(f);
          }
        },
      });
    } catch (e) {
      this.ruleFailed(rule.meta.id, doc.path, e);
    }
    return out;
  }

  private ruleFailed(id: string, file: string, e: unknown): void {
    if (this.reportedRuleErrors.has(id)) return;
    this.reportedRuleErrors.add(id);
    this.onRuleError?.(id, file, e);
  }

  private toFinding(meta: RuleMeta, sev: Severity, defaultFile: string, r: ReportInput): Finding | undefined {
    const file = r.file ?? defaultFile;
    const src = this.source(file);
    if (!src) return undefined;
    const fixes: Fix[] | undefined = r.fixes
      ?.map((fx): Fix | undefined => {
        const byFile = new Map<string, Fix['changes'][number]>();
        for (const e of fx.edits) {
          const ef = e.file ?? defaultFile;
          const es = ef === file ? src : this.source(ef);
          if (!es) return undefined;
          const fe = byFile.get(ef) ?? { file: ef, edits: [] };
          fe.edits.push(es.edit(e.from, e.to, e.text));
          byFile.set(ef, fe);
        }
        return { title: fx.title, isPreferred: fx.preferred, changes: [...byFile.values()] };
      })
      .filter((x): x is Fix => !!x);
    const related = r.related
      ?.map((rel) => {
        const rf = rel.file ?? defaultFile;
        const rs = rf === file ? src : this.source(rf);
        return rs ? { file: rf, range: rs.range(rel.from, rel.to), message: rel.message } : undefined;
      })
      .filter((x): x is RelatedLocation => !!x);
    return {
      ruleId: meta.id,
      severity: r.severity ?? sev,
      message: r.message,
      file,
      range: src.range(r.from, r.to),
      related: related?.length ? related : undefined,
      fixes: fixes?.length ? fixes : undefined,
      tags: r.tags,
      functionId: r.functionId,
    };
  }

  /** An engine-reported finding (LA001/LA002/LA003) under the rule's configured severity. */
  private finding(id: string, src: SourceText, r: ReportInput): Finding | undefined {
    const meta = this.rules.find((x) => x.meta.id === id)?.meta;
    if (!meta) return undefined;
    const sev = ruleSeverity(this.config, id, meta.defaultSeverity);
    if (sev === 'off') return undefined;
    return { ruleId: id, severity: r.severity ?? sev, message: r.message, file: src.path, range: src.range(r.from, r.to) };
  }

  private tooLarge(id: string, file: string, src: SourceText, size: number): Finding {
    return {
      ruleId: id,
      severity: 'info',
      message: `Not analysed: the file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for analysis.`,
      file,
      range: src.range(0, 0),
    };
  }

  private suppress(findings: Finding[], file: string, source: SourceText, language: Language | undefined): SuppressionDirective[] {
    let comments: Array<{ from: number; to: number }> = [];
    // Every directive (and so every unused one, LA003) starts with this: without it, lexing a
    // 15,000-line template for its comments on each keystroke finds nothing to apply.
    if (!source.text.includes('lambda-audit-ignore-')) return [];
    if (language === 'yaml') comments = yamlComments(source.text);
    else if (language === 'python' || language === 'javascript' || language === 'typescript') {
      const mod = this.codeModule(file);
      if (mod) comments = codeComments(mod);
    }
    if (!comments.length) return [];
    const directives = collectDirectives(source, comments);
    if (!directives.length) return [];
    const unused = applyDirectives(findings, file, source, directives);
    const meta = this.rules.find((r) => r.meta.id === 'LA003');
    if (meta) {
      for (const d of unused) {
        const f = this.finding('LA003', source, {
          from: d.from,
          to: d.to,
          message: d.ids.length
            ? `This suppression of ${d.ids.join(', ')} no longer suppresses anything; remove it.`
            : 'This suppression no longer suppresses anything; remove it.',
        });
        if (f) {
          f.tags = ['unnecessary'];
          findings.push(f);
        }
      }
    }
    return unused;
  }

  /** Resource `Metadata: { lambda-audit: { ignore: [...] } }`; an item that covers nothing is an LA003 finding. */
  private suppressByMetadata(findings: Finding[], doc: TemplateDoc): void {
    for (const m of applyMetadataIgnores(findings, doc)) {
      const f = this.finding('LA003', doc.source, {
        from: m.from,
        to: m.to,
        message: `This Metadata suppression of ${m.id} on ${m.resource} no longer suppresses anything; remove it.`,
      });
      if (f) {
        f.tags = ['unnecessary'];
        findings.push(f);
      }
    }
  }

  // ---------- whole workspace ----------

  /** The files an audit of `roots` reads, in audit order (a parallel CLI audit splits them across workers). */
  auditFiles(roots: string[], isCancelled?: () => boolean): { templateFiles: Set<string>; codeFiles: Set<string> } {
    const templateFiles = new Set<string>();
    const codeFiles = new Set<string>();
    for (const root of roots) {
      const st = this.host.stat(root);
      if (st?.kind === 'file') {
        (languageOfPath(root) ? codeFiles : templateFiles).add(path.resolve(root));
        continue;
      }
      const found = discoverFiles(this.host, path.resolve(root), {
        exclude: this.config.exclude,
        include: this.config.include,
        isCancelled,
      });
      found.templates.forEach((f) => templateFiles.add(f));
      found.code.forEach((f) => codeFiles.add(f));
    }
    return { templateFiles, codeFiles };
  }

  async audit(roots: string[], opts: AuditOptions = {}): Promise<AuditResult> {
    const result: AuditResult = { findings: [], functions: [], templates: [], codeFiles: [], cancelled: false };
    const listed = opts.files ?? this.auditFiles(roots, opts.isCancelled);
    const templateFiles = listed.templateFiles;
    // A copy: handlers templates name are added below.
    const codeFiles = new Set(listed.codeFiles);
    const total = templateFiles.size + codeFiles.size;
    let done = 0;
    const yieldEvery = opts.yieldEvery ?? 0;
    const step = async (file: string) => {
      done++;
      opts.onProgress?.({ done, total, file });
      if (yieldEvery && done % yieldEvery === 0) await new Promise((r) => setImmediate(r));
    };
    const docs: TemplateDoc[] = [];
    const linkedCode = new Set<string>();
    for (const file of templateFiles) {
      if (opts.isCancelled?.()) return { ...result, cancelled: true };
      const a = this.analyzeTemplateFile(file);
      if (a.kind === 'template') {
        result.templates.push(file);
        result.findings.push(...a.findings);
        const r = this.template(file);
        if (r?.status === 'template') {
          docs.push(r.doc);
          for (const fn of r.doc.functions) if (fn.handlerTarget?.file) linkedCode.add(fn.handlerTarget.file);
        }
      }
      await step(file);
    }
    // Handlers a template names are analysed even when they sit in a skipped folder.
    for (const f of linkedCode) codeFiles.add(f);
    for (const file of codeFiles) {
      if (opts.isCancelled?.()) return { ...result, cancelled: true };
      const a = this.analyzeCodeFile(file, isManifest);
      if (a.kind === 'code') {
        result.codeFiles.push(file);
        result.findings.push(...a.findings);
      }
      await step(file);
    }
    result.findings = dedupe(result.findings);
    result.functions = docs.flatMap((doc) => doc.functions.map((fn) => this.summarize(fn, result.findings)));
    return result;
  }

  /** Where the function's handler is declared in its code file (parses the file unless it is cached). */
  handlerRange(fn: FunctionModel): Range | undefined {
    const handlerFile = fn.handlerTarget?.file;
    const mod = handlerFile ? this.codeModule(handlerFile) : undefined;
    const info = mod && fn.handlerTarget ? mod.functions.get(fn.handlerTarget.symbol) : undefined;
    return info && mod ? mod.source.range(info.nameSpan.from, info.nameSpan.to) : undefined;
  }

  /** One function of the audit with the findings about it (public for the parallel audit; `handlerRange` when already known). */
  summarize(fn: FunctionModel, findings: Finding[], handlerRange = this.handlerRange(fn)): FunctionSummary {
    const doc = fn.template;
    const handlerFile = fn.handlerTarget?.file;
    const inEntry = (f: Finding) => {
      if (f.file !== doc.path) return false;
      const o = doc.source.offsetAt(f.range.start);
      return o >= fn.entry.from && o <= fn.entry.to;
    };
    const inHandler = (f: Finding) => f.file === handlerFile && (!f.functionId || f.functionId === fn.id);
    const role =
      fn.role.kind === 'resource' ? fn.role.id : fn.role.kind === 'arn' ? fn.role.value : fn.role.kind === 'generated' ? '(generated per function)' : '(unknown)';
    return {
      id: fn.id,
      template: doc.path,
      range: doc.source.range(fn.entry.key.from, fn.entry.key.to),
      resourceType: fn.resourceType,
      runtime: fn.runtime,
      memorySize: fn.memorySize,
      timeout: fn.timeout,
      role,
      events: fn.events.map((e) => `${e.type}${e.id.startsWith('events[') ? '' : ` (${e.id})`}`),
      handler: fn.handler,
      handlerFile,
      handlerRange,
      findings: findings.filter((f) => f.functionId === fn.id || inEntry(f) || inHandler(f)),
    };
  }
}

/** Dependency manifests whose findings come from the code rules of the handlers they serve. */
export function isManifest(file: string): boolean {
  const base = path.basename(file);
  return base === 'package.json' || base === 'pyproject.toml' || (base.startsWith('requirements') && base.endsWith('.txt'));
}

/**
 * The template as cross rules should see it when checking one code file: only the functions whose
 * code can contain that file (its handler, or a CodeUri folder holding it). Cross rules check each
 * function on its own, so the findings in `file` are the same, but a template of 50 functions no
 * longer runs every cross rule for all 50 on each of its 50 handlers (quadratic in an audit, and
 * paid again on every keystroke in a handler).
 */
function crossView(doc: TemplateDoc, file: string): TemplateDoc {
  const reaches = (fn: FunctionModel) => {
    const t = fn.handlerTarget;
    if (!t) return false;
    if (t.file === file) return true;
    return !!t.codeDir && file.startsWith(t.codeDir.endsWith(path.sep) ? t.codeDir : t.codeDir + path.sep);
  };
  const functions = doc.functions.filter(reaches);
  return functions.length === doc.functions.length ? doc : { ...doc, functions };
}

function isConventionHandler(mod: CodeModule, info: FunctionInfo): boolean {
  if (!CONVENTION_NAMES.has(info.name)) return false;
  if (mod.language === 'python') return info.params.length === 2;
  return info.exported && info.params.length >= 1 && info.params.length <= 3;
}

export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}|${f.file}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
