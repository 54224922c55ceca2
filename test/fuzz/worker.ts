// Runs fuzz cases inside a worker thread, so the test can stop a case that hangs (a synchronous
// endless loop cannot be interrupted from the same thread). Each case gets a fresh Engine; the
// worker checks that every range the engine reports lies inside the text it analysed.
import { parentPort } from 'node:worker_threads';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileHost } from '../../server/src/engine/memoryHost';
import { NodeFileHost } from '../../server/src/engine/nodeHost';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import type { CodeRule, Rule, TemplateRule } from '../../server/src/engine/rules/api';
import type { Finding, Range } from '../../server/src/engine/types';
import type { FuzzCase, FuzzResult } from './harness';

export const WS = '/ws';

/** Rules that always throw: the engine must isolate them (onRuleError once, other rules unaffected). */
function throwingRules(): Rule[] {
  const code: CodeRule = {
    kind: 'code',
    meta: { ...ALL_RULES[0].meta, id: 'LA990', slug: 'throws-in-code', title: 'throws' },
    check() {
      throw new Error('deliberate failure in a code rule');
    },
  };
  const template: TemplateRule = {
    kind: 'template',
    meta: { ...ALL_RULES[0].meta, id: 'LA991', slug: 'throws-in-template', title: 'throws', scope: 'template' },
    check() {
      throw new TypeError('deliberate failure in a template rule');
    },
  };
  return [code, template];
}

function lineLengths(text: string): number[] {
  // The same line breaks as LSP and SourceText: \n, \r\n and a lone \r.
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function checkRange(what: string, range: Range, text: string | undefined, problems: string[]): void {
  if (text === undefined) {
    problems.push(`${what}: points into a file the engine cannot read`);
    return;
  }
  const lens = lineLengths(text);
  const ok = (p: Range['start']) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lens.length && p.character >= 0 && p.character <= lens[p.line];
  const { start, end } = range;
  if (!ok(start) || !ok(end)) problems.push(`${what}: range ${JSON.stringify(range)} outside the text (${lens.length} lines)`);
  else if (start.line > end.line || (start.line === end.line && start.character > end.character)) problems.push(`${what}: range ${JSON.stringify(range)} ends before it starts`);
}

function checkFinding(f: Finding, read: (file: string) => string | undefined, problems: string[]): void {
  const label = `${f.ruleId} in ${f.file}`;
  if (!f.message || typeof f.message !== 'string') problems.push(`${label}: empty message`);
  checkRange(label, f.range, read(f.file), problems);
  for (const r of f.related ?? []) checkRange(`${label} related ${r.file}`, r.range, read(r.file), problems);
  for (const fx of f.fixes ?? []) for (const ch of fx.changes) for (const e of ch.edits) checkRange(`${label} fix edit ${ch.file}`, e.range, read(ch.file), problems);
}

function run(c: FuzzCase): FuzzResult {
  const t0 = performance.now();
  const ruleErrors: string[] = [];
  const problems: string[] = [];
  const out: FuzzResult = { name: c.name, ms: 0, findings: [], ruleErrors, problems };
  try {
    let host: MemoryFileHost | NodeFileHost;
    let roots: string[];
    if (c.disk) {
      host = new NodeFileHost();
      roots = [c.disk];
    } else {
      const mem = new MemoryFileHost();
      for (const [rel, text] of Object.entries(c.files ?? {})) mem.set(`${WS}/${rel}`, text);
      host = mem;
      roots = [WS];
    }
    const engine = new Engine(host, {
      roots,
      rules: c.throwingRules ? [...ALL_RULES, ...throwingRules()] : undefined,
      onRuleError: (id, file, e) => ruleErrors.push(`${id} on ${file}: ${(e as Error)?.message ?? e}`),
    });
    const read = (file: string) => host.readFile(file);
    const collect = (fs: Finding[]) => {
      for (const f of fs) {
        checkFinding(f, read, problems);
        out.findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file });
      }
    };
    const base = c.disk ?? WS;
    for (const t of c.targets ?? []) collect(engine.analyzeFile(path.join(base, t)).findings);
    if (c.audit) {
      // Audits return a promise; the worker answers when it settles (see below).
      return out;
    }
  } catch (e) {
    out.error = (e as Error)?.stack ?? String(e);
  }
  out.ms = performance.now() - t0;
  return out;
}

async function runAudit(c: FuzzCase): Promise<FuzzResult> {
  const t0 = performance.now();
  const out = run({ ...c, audit: false });
  if (out.error) return out;
  try {
    const host = new NodeFileHost();
    const engine = new Engine(host, {
      roots: [c.disk!],
      onRuleError: (id, file, e) => out.ruleErrors.push(`${id} on ${file}: ${(e as Error)?.message ?? e}`),
    });
    const r = await engine.audit([c.disk!]);
    for (const f of r.findings) {
      checkFinding(f, (file) => host.readFile(file), out.problems);
      out.findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file });
    }
    out.audited = [...r.templates, ...r.codeFiles];
  } catch (e) {
    out.error = (e as Error)?.stack ?? String(e);
  }
  out.ms = performance.now() - t0;
  return out;
}

parentPort!.on('message', (c: FuzzCase) => {
  if (c.audit) void runAudit(c).then((r) => parentPort!.postMessage(r));
  else parentPort!.postMessage(run(c));
});
