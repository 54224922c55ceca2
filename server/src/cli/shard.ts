/**
 * One share of a parallel CLI audit: an Engine of its own that analyses the files it is given,
 * exactly as Engine.audit does file by file, and hands back plain data (findings and the
 * handler files templates name) for the coordinator (./parallel.ts) to merge in audit order.
 * The same class runs on the main thread and, behind ./shardWorker.ts, in worker threads.
 */
import type { Engine, FunctionSummary } from '../engine/engine';
import { isManifest } from '../engine/engine';
import type { Finding } from '../engine/types';

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

/** A summary whose findings are indexes into the merged findings the coordinator sent. */
export type IndexedSummary = Omit<FunctionSummary, 'findings'> & { findings: number[] };

export class Shard {
  /** Templates this shard analysed, in order: it summarises their functions. */
  private templates: string[] = [];

  constructor(private readonly engine: Engine) {}

  analyzeTemplates(files: string[]): TemplateResult[] {
    return files.map((file) => {
      const a = this.engine.analyzeTemplateFile(file);
      if (a.kind !== 'template') return { file, isTemplate: false, findings: [], linked: [], functionIds: [] };
      this.templates.push(file);
      const r = this.engine.template(file);
      const linked: string[] = [];
      const functionIds = r?.status === 'template' ? r.doc.functions.map((fn) => fn.id) : [];
      if (r?.status === 'template') for (const fn of r.doc.functions) if (fn.handlerTarget?.file) linked.push(fn.handlerTarget.file);
      return { file, isTemplate: true, findings: a.findings, linked, functionIds };
    });
  }

  analyzeCode(files: string[]): CodeResult[] {
    return files.map((file) => {
      const a = this.engine.analyzeCodeFile(file, isManifest);
      return { file, isCode: a.kind === 'code', findings: a.kind === 'code' ? a.findings : [] };
    });
  }

  /**
   * Summaries of the functions of this shard's templates, keyed by template. `findings`: the final
   * findings, or (in order) those of them that can concern these functions (./parallel.ts).
   */
  summarize(findings: Finding[]): Array<[string, IndexedSummary[]]> {
    const index = new Map(findings.map((f, i) => [f, i]));
    const out: Array<[string, IndexedSummary[]]> = [];
    for (const file of this.templates) {
      const r = this.engine.template(file);
      if (r?.status !== 'template') continue;
      out.push([file, r.doc.functions.map((fn) => {
        const s = this.engine.summarize(fn, findings);
        return { ...s, findings: s.findings.map((f) => index.get(f)!) };
      })]);
    }
    return out;
  }
}
