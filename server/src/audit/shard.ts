/**
 * One share of a parallel audit: an Engine of its own that analyses the files it is given,
 * exactly as Engine.audit does file by file, and hands back plain data (findings and the
 * handler files templates name) for the coordinator (./parallel.ts) to merge in audit order.
 * The same class runs on the main thread (CLI) and, behind ./shardWorker.ts, in worker threads.
 */
import type { Engine, FunctionSummary } from '../engine/engine';
import { isManifest } from '../engine/engine';
import type { Finding, Range } from '../engine/types';

export interface TemplateResult {
  file: string;
  /** Engine.audit lists the file as a template (it parsed as one, or failed to as one). */
  isTemplate: boolean;
  findings: Finding[];
  /** Handler files the template's functions point at, in function order. */
  linked: string[];
  /** The template's function ids (findings name their function by id). */
  functionIds: string[];
}

export interface CodeResult {
  file: string;
  isCode: boolean;
  findings: Finding[];
}

export interface ShardWork {
  /** This shard's templates. */
  templates: string[];
  /** This shard's code files. */
  code: string[];
  /** Every code file of the audit, whichever shard has it: a handler a template names outside them is analysed by that template's shard. */
  discovered: string[];
}

/** A summary whose findings are indexes into the merged findings the coordinator sent. */
export type IndexedSummary = Omit<FunctionSummary, 'findings'> & { findings: number[] };

/** Code files analysed between two releases of the parsed modules, outside template groups. */
const RELEASE_EVERY = 32;

export class Shard {
  /**
   * Templates this shard analysed, in order (it summarises their functions), each with its
   * functions' handler declarations, noted while the handlers are parsed: summaries come after
   * the modules are gone.
   */
  private templates = new Map<string, Array<Range | undefined>>();

  constructor(
    private readonly engine: Engine,
    /** Told each file as it is done (a worker forwards it to the coordinator's progress report). */
    private readonly onFileDone: (file: string) => void = () => {},
  ) {}

  /**
   * Each template, then at once the handlers it names (their modules are still parsed: the
   * template's cross rules read them), then the rest of the code files. Parsed modules are
   * dropped after each group, so a shard holds a few modules at a time, not the workspace's.
   */
  audit(work: ShardWork): { templates: TemplateResult[]; code: CodeResult[] } {
    const mine = new Set(work.code);
    const discovered = new Set(work.discovered);
    const code = new Map<string, CodeResult>();
    const templates = work.templates.map((file) => {
      const t = this.analyzeTemplate(file);
      for (const f of t.linked) if (!code.has(f) && (mine.has(f) || !discovered.has(f))) code.set(f, this.analyzeCode(f));
      this.engine.releaseModules();
      return t;
    });
    let sinceRelease = 0;
    for (const f of work.code) {
      if (code.has(f)) continue;
      code.set(f, this.analyzeCode(f));
      if (++sinceRelease % RELEASE_EVERY === 0) this.engine.releaseModules();
    }
    this.engine.releaseModules();
    return { templates, code: [...code.values()] };
  }

  private analyzeTemplate(file: string): TemplateResult {
    const a = this.engine.analyzeTemplateFile(file);
    this.onFileDone(file);
    if (a.kind !== 'template') return { file, isTemplate: false, findings: [], linked: [], functionIds: [] };
    const r = this.engine.template(file);
    const functions = r?.status === 'template' ? r.doc.functions : [];
    // The cross rules that just ran parsed these handlers: their modules are still cached.
    this.templates.set(file, functions.map((fn) => this.engine.handlerRange(fn)));
    const linked = functions.flatMap((fn) => (fn.handlerTarget?.file ? [fn.handlerTarget.file] : []));
    const functionIds = functions.map((fn) => fn.id);
    return { file, isTemplate: true, findings: a.findings, linked, functionIds };
  }

  private analyzeCode(file: string): CodeResult {
    const a = this.engine.analyzeCodeFile(file, isManifest);
    this.onFileDone(file);
    return { file, isCode: a.kind === 'code', findings: a.kind === 'code' ? a.findings : [] };
  }

  /**
   * Summaries of the functions of this shard's templates, keyed by template. `findings`: the final
   * findings, or (in order) those of them that can concern these functions (./parallel.ts).
   */
  summarize(findings: Finding[]): Array<[string, IndexedSummary[]]> {
    const index = new Map(findings.map((f, i) => [f, i]));
    const out: Array<[string, IndexedSummary[]]> = [];
    for (const [file, ranges] of this.templates) {
      const r = this.engine.template(file);
      if (r?.status !== 'template') continue;
      out.push([file, r.doc.functions.map((fn, i) => {
        const s = this.engine.summarize(fn, findings, ranges[i]);
        return { ...s, findings: s.findings.map((f) => index.get(f)!) };
      })]);
    }
    return out;
  }
}
