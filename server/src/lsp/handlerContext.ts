import { createHash } from 'node:crypto';
import { walk } from '../engine/parse/tree';
import type { TEntry, TNode } from '../engine/parse/tree';
import { refTarget } from '../engine/template/load';
import type { FunctionModel, TemplateDoc } from '../engine/template/model';

/**
 * Top-level sections a function's analysis never reads from the template text it is given
 * (resources are followed through references instead; other functions do not matter).
 */
const NOT_CONTEXT = new Set(['Resources', 'Outputs', 'Description', 'functions', 'resources']);

/**
 * For every handler file the template's functions point at: a digest of everything in the
 * template that analysing that handler could read, or '' for files `wanted` says no to (not
 * open: nothing to re-check). What goes in, as source text with where it starts (a finding's
 * related location moves with it): each function's own entry and its events, every resource its
 * entry or events reference, every resource that references the function, and the template's
 * shared sections (Globals, Parameters, Mappings, Conditions, the Serverless provider and custom
 * blocks, ...). Text, not a model: nothing a rule might read can be left out by mistake.
 */
export function handlerContexts(doc: TemplateDoc, wanted: (file: string) => boolean): Map<string, string> {
  const byFile = new Map<string, FunctionModel[]>();
  for (const fn of doc.functions) {
    const file = fn.handlerTarget?.file;
    if (!file) continue;
    const list = byFile.get(file);
    if (list) list.push(fn);
    else byFile.set(file, [fn]);
  }
  const out = new Map<string, string>();
  let shared: string | undefined;
  let referrers: Map<string, TEntry[]> | undefined;
  for (const [file, fns] of byFile) {
    if (!wanted(file)) {
      out.set(file, '');
      continue;
    }
    shared ??= sharedSections(doc);
    referrers ??= referencesByTarget(doc);
    const h = createHash('sha1').update(shared);
    for (const fn of [...fns].sort((a, b) => a.id.localeCompare(b.id))) {
      h.update(`\0fn ${fn.id} ${fn.handlerTarget?.handler}\0`);
      const pieces = new Set<TEntry | TNode>([fn.entry, ...fn.events.map((e) => e.node)]);
      for (const node of [fn.entry.value, ...fn.events.map((e) => e.node)])
        for (const id of referencedIds(node)) {
          const r = doc.resources.get(id);
          if (r) pieces.add(r.entry);
        }
      for (const e of referrers.get(fn.id) ?? []) pieces.add(e);
      for (const p of pieces) h.update(located(doc, p));
    }
    out.set(file, h.digest('hex'));
  }
  return out;
}

function located(doc: TemplateDoc, n: { from: number; to: number }): string {
  const at = doc.source.positionAt(n.from);
  return `\0${at.line}:${at.character}\0${doc.source.text.slice(n.from, n.to)}`;
}

function sharedSections(doc: TemplateDoc): string {
  return doc.root.entries
    .filter((e) => typeof e.key.value !== 'string' || !NOT_CONTEXT.has(e.key.value))
    .map((e) => located(doc, e))
    .join('');
}

/** Resource ids (and parameter names) a node names through Ref, GetAtt or Sub. */
function referencedIds(node: TNode): Set<string> {
  const ids = new Set<string>();
  walk(node, (n) => {
    const t = refTarget(n);
    if (t) ids.add(t);
    // `!Sub 'arn:...:${Queue.Arn}/${Stage}'`: every `${Name}` in the one string literal.
    if (n.kind === 'scalar' && typeof n.value === 'string' && n.value.includes('${'))
      for (const m of n.value.matchAll(/\$\{([A-Za-z0-9_:-]+)(?:\.[A-Za-z0-9_.]+)?\}/g)) ids.add(m[1]);
  });
  return ids;
}

/** Resource entries by each id they reference: what points at a function (mappings, permissions, log groups). */
function referencesByTarget(doc: TemplateDoc): Map<string, TEntry[]> {
  const out = new Map<string, TEntry[]>();
  for (const r of doc.resources.values())
    for (const id of referencedIds(r.entry.value)) {
      const list = out.get(id);
      if (list) list.push(r.entry);
      else out.set(id, [r.entry]);
    }
  return out;
}
