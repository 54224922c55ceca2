import { Lexer } from 'yaml';
import type { CodeModule } from './code/model';
import { metadataIgnores } from './template/ignoreMetadata';
import type { MetadataIgnore } from './template/ignoreMetadata';
import type { TemplateDoc } from './template/model';
import type { SourceText } from './text';
import type { Finding, Language, TextEdit } from './types';

export interface SuppressionDirective {
  kind: 'next-line' | 'file';
  /** Rule ids it names; empty means every rule. */
  ids: string[];
  reason?: string;
  /** Offsets of the comment. */
  from: number;
  to: number;
  /** Zero-based line of the comment. */
  line: number;
  /** The line it applies to (next-line), computed by the collector. */
  target?: number;
}

const PREFIX = 'lambda-audit-ignore-';

/** A comment's text (without its `#` / `//` / `/* *\/` markers) as a directive, if it is one. */
export function parseDirective(body: string): Omit<SuppressionDirective, 'from' | 'to' | 'line'> | undefined {
  const t = body.trim();
  if (!t.startsWith(PREFIX)) return undefined;
  const rest = t.slice(PREFIX.length);
  const kind = rest.startsWith('next-line') ? 'next-line' : rest.startsWith('file') ? 'file' : undefined;
  if (!kind) return undefined;
  const afterKind = rest.slice(kind.length);
  if (afterKind && !/^\s/.test(afterKind)) return undefined;
  const sep = afterKind.indexOf('--');
  const idsPart = sep >= 0 ? afterKind.slice(0, sep) : afterKind;
  const reason = sep >= 0 ? afterKind.slice(sep + 2).trim() : undefined;
  const ids = idsPart
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  return { kind, ids, reason: reason || undefined };
}

function stripMarkers(comment: string): string {
  if (comment.startsWith('#')) return comment.slice(1);
  if (comment.startsWith('//')) return comment.slice(2);
  if (comment.startsWith('/*')) return comment.slice(2, comment.endsWith('*/') ? -2 : undefined);
  return comment;
}

/** Comments of a code module, from its syntax tree. */
export function codeComments(mod: CodeModule): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  mod.tree.iterate({
    enter(n) {
      if (n.name === 'Comment' || n.name === 'LineComment' || n.name === 'BlockComment') out.push({ from: n.from, to: n.to });
    },
  });
  return out;
}

const YAML_CONTROL = new Set(['\x02', '\x18', '\x1f']);

/** Comments of a YAML file, from the yaml library's lexer (never a regex over the text). */
export function yamlComments(text: string): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  let offset = 0;
  try {
    for (const tok of new Lexer().lex(text)) {
      if (YAML_CONTROL.has(tok)) continue;
      if (tok.startsWith('#')) out.push({ from: offset, to: offset + tok.length });
      offset += tok.length;
    }
  } catch {
    return out;
  }
  return out;
}

export function collectDirectives(source: SourceText, comments: Array<{ from: number; to: number }>): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  const commentLines = new Set<number>();
  for (const c of comments) commentLines.add(source.positionAt(c.from).line);
  for (const c of comments) {
    const d = parseDirective(stripMarkers(source.text.slice(c.from, c.to)));
    if (!d) continue;
    const line = source.positionAt(c.from).line;
    const dir: SuppressionDirective = { ...d, from: c.from, to: c.to, line };
    if (d.kind === 'next-line') {
      // The next line that is code: stacked directive/comment lines and blank lines are skipped.
      let t = line + 1;
      while (t < source.lineCount && (source.lineText(t).trim() === '' || (commentLines.has(t) && isCommentOnly(source, t)))) t++;
      dir.target = t;
    }
    out.push(dir);
  }
  return out;
}

function isCommentOnly(source: SourceText, line: number): boolean {
  const t = source.lineText(line).trim();
  return t.startsWith('#') || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*');
}

/**
 * Marks findings of `file` covered by a directive (they are kept, with `suppression`
 * set, so SARIF can report them as suppressed) and returns the directives that covered nothing.
 */
export function applyDirectives(findings: Finding[], file: string, source: SourceText, directives: SuppressionDirective[]): SuppressionDirective[] {
  const used = new Set<SuppressionDirective>();
  for (const f of findings) {
    if (f.file !== file || f.suppression) continue;
    for (const d of directives) {
      if (d.ids.length && !d.ids.includes(f.ruleId)) continue;
      if (d.kind === 'next-line' && d.target !== f.range.start.line) continue;
      f.suppression = { kind: 'inSource', justification: d.reason, file, range: source.range(d.from, d.to) };
      used.add(d);
      break;
    }
  }
  return directives.filter((d) => !used.has(d));
}

/** Engine-reported rules that no suppression can silence (parse errors, LA003 itself). */
const NOT_SUPPRESSIBLE = new Set(['LA001', 'LA002', 'LA003']);

/**
 * Template `Metadata: { lambda-audit: { ignore: [{ id, reason }] } }`: marks the template's
 * findings that start inside the resource and are not suppressed already; returns the items that
 * covered nothing (reported as LA003 like an unused comment).
 */
export function applyMetadataIgnores(findings: Finding[], doc: TemplateDoc): MetadataIgnore[] {
  const ignores = metadataIgnores(doc);
  const used = new Set<MetadataIgnore>();
  for (const f of findings) {
    if (f.file !== doc.path || f.suppression || NOT_SUPPRESSIBLE.has(f.ruleId)) continue;
    const at = doc.source.offsetAt(f.range.start);
    const hit = ignores.find((m) => m.id === f.ruleId && at >= m.scopeFrom && at <= m.scopeTo);
    if (!hit) continue;
    f.suppression = { kind: 'inSource', justification: hit.reason, file: doc.path, range: doc.source.range(hit.from, hit.to) };
    used.add(hit);
  }
  return ignores.filter((m) => !used.has(m));
}

/** The comment syntax of a language for writing a directive. */
export function commentPrefix(language: Language): string | undefined {
  if (language === 'python' || language === 'yaml') return '#';
  if (language === 'javascript' || language === 'typescript') return '//';
  return undefined; // JSON has no comments: use template Metadata instead
}

/** An edit that inserts `# lambda-audit-ignore-next-line ID -- reason` above `line`, indented like it. */
export function suppressionEdit(source: SourceText, language: Language, line: number, ruleId: string, reason = 'reason'): TextEdit | undefined {
  const prefix = commentPrefix(language);
  if (!prefix) return undefined;
  const start = source.lineStart(line);
  const indent = source.indentOf(start);
  return { range: source.range(start, start), newText: `${indent}${prefix} ${PREFIX}next-line ${ruleId} -- ${reason}${source.eol}` };
}
