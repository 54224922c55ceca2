import type { Hover, HoverParams } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { Engine } from '../engine/engine';
import { docsUrl } from '../engine/rules/api';
import type { Finding, Position, Range } from '../engine/types';
import { visible } from './diagnostics';
import { codeDir, fromTemplate, handlerFunction, handlerSites, siteAt, templateDoc } from './templateSites';
import type { ValueSite } from './templateSites';
import type { UriMap } from './uri';
import type { Workspace } from './workspace';

export interface NavEnv {
  ws: Workspace;
  uris: UriMap;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

/**
 * Hover: on a finding, its rule's one-paragraph summary and a link to the rule's page; on a
 * template's `Handler` value, the file and function it resolves to (or the files tried).
 */
export function hover(params: HoverParams, env: NavEnv): Hover | null {
  const file = env.uris.toPath(params.textDocument.uri);
  if (!file) return null;
  const folder = env.ws.folderOf(file);
  if (!folder.settings.enable || env.ws.isExcluded(file)) return null;
  const parts: string[] = [];
  let range: Range | undefined;

  const findings = visible(folder.engine.analyzeFile(file).findings).filter((f) => contains(f.range, params.position));
  const metas = new Map(folder.engine.ruleMetas.map((m) => [m.id, m]));
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    parts.push(findingHover(f, metas.get(f.ruleId)));
    range ??= f.range;
  }

  const doc = templateDoc(folder.engine, file);
  if (doc) {
    const site = siteAt(handlerSites(doc), doc.source.offsetAt(params.position));
    if (site) {
      parts.unshift(handlerHover(folder.engine, site, env));
      range = doc.source.range(site.node.from, site.node.to);
    }
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
}

function findingHover(f: Finding, meta: { slug: string; title: string; summary: string } | undefined): string {
  const head = meta ? `**${f.ruleId} ${meta.slug}**: ${meta.title}` : `**${f.ruleId}**`;
  const body = meta?.summary ? `\n\n${meta.summary}` : '';
  return `${head}${body}\n\n[${f.ruleId} documentation](${docsUrl(f.ruleId)})`;
}

/** Markdown inline code that survives backticks in the value. */
function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function handlerHover(engine: Engine, site: ValueSite, env: NavEnv): string {
  const lines: string[] = [];
  // Functions sharing a Globals value may still resolve differently (each has its own CodeUri).
  const byOutcome = new Map<string, string[]>();
  for (const fn of site.functions) {
    const t = fn.handlerTarget;
    const doc = fn.template;
    let text: string;
    if (!t) text = fn.packageType === 'Image' ? 'Container image: the handler is inside the image.' : 'Inline code: no handler file.';
    else if (!codeDir(fn)) text = `Handler ${code(t.handler)}: the code is not local (an S3 location), so it cannot be resolved.`;
    else if (!t.file)
      text =
        `Handler ${code(t.handler)} **not found**.` +
        (t.candidates.length ? ` Tried: ${t.candidates.map((c) => code(fromTemplate(doc, c))).join(', ')}.` : ` It needs the form ${code('module.function')}.`);
    else {
      const h = handlerFunction(engine, fn);
      const rel = fromTemplate(doc, t.file);
      const line = h?.info ? engine.codeModule(t.file)!.source.positionAt(h.info.nameSpan.from).line + 1 : undefined;
      const link = `[${rel}](${env.uris.toUri(t.file)}${line ? `#L${line}` : ''})`;
      text = h?.info
        ? `Handler ${code(t.handler)} → ${link}, function ${code(t.symbol)} (line ${line}).`
        : `Handler ${code(t.handler)} → ${link}, but it defines no function ${code(t.symbol)}.`;
    }
    byOutcome.set(text, [...(byOutcome.get(text) ?? []), fn.id]);
  }
  for (const [text, ids] of byOutcome) lines.push(`**${ids.join(', ')}**: ${text}`);
  return lines.join('\n\n');
}
