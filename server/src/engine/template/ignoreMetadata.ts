// Resource-level suppressions in a template:
//   Metadata: { lambda-audit: { ignore: [ { id: LA201, reason: ... } ] } }
// JSON templates have no comments, so this is their only in-source suppression; YAML templates
// may use it too. Reading them (for the engine) and writing one (for the code action) live here.
import type { EditInput } from '../rules/api';
import { entry, get, isMap, isSeq, str } from '../parse/tree';
import type { TSeq } from '../parse/tree';
import { addMapEntry } from './addProperty';
import { contentEnd, insertItemsAfter } from './edits';
import type { ResourceInfo, TemplateDoc } from './model';

export const METADATA_KEY = 'lambda-audit';

export interface MetadataIgnore {
  /** Upper-cased rule id. */
  id: string;
  reason?: string;
  /** The `{ id, reason }` item: where the suppression is written. */
  from: number;
  to: number;
  /** The resource it covers: findings starting inside [scopeFrom, scopeTo] are suppressed. */
  resource: string;
  scopeFrom: number;
  scopeTo: number;
}

/** Every `ignore` item of every resource (items without an id are skipped: they name no rule). */
export function metadataIgnores(doc: TemplateDoc): MetadataIgnore[] {
  const out: MetadataIgnore[] = [];
  for (const res of doc.resources.values()) {
    const list = get(res.node, 'Metadata', METADATA_KEY, 'ignore');
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const id = str(get(item, 'id'));
      if (!id) continue;
      out.push({
        id: id.trim().toUpperCase(),
        reason: str(get(item, 'reason')),
        from: item.from,
        // Block maps run on over trailing comments and blank lines; the suppression is the item itself.
        to: contentEnd(doc.source, item),
        resource: res.id,
        scopeFrom: res.entry.from,
        scopeTo: res.entry.to,
      });
    }
  }
  return out;
}

/** The resource whose entry holds `offset`, if any. */
export function resourceAt(doc: TemplateDoc, offset: number): ResourceInfo | undefined {
  for (const res of doc.resources.values()) if (offset >= res.entry.from && offset <= res.entry.to) return res;
  return undefined;
}

/**
 * Edits that add `{ id, reason }` to the resource's ignore list, creating `Metadata`,
 * `lambda-audit` and `ignore` as needed (through addMapEntry / insertItemsAfter, so the rest of
 * the file stays as written). Undefined when the layout is one the helpers cannot write into.
 */
export function addMetadataIgnore(doc: TemplateDoc, res: ResourceInfo, ruleId: string, reason = 'reason'): EditInput[] | undefined {
  const item = { id: ruleId, reason };
  const metadata = entry(res.node, 'Metadata');
  if (!metadata) return addMapEntry(doc, res.node, 'Metadata', { [METADATA_KEY]: { ignore: [item] } }, { before: 'Properties' });
  if (!isMap(metadata.value)) return undefined;
  const ours = entry(metadata.value, METADATA_KEY);
  if (!ours) return addMapEntry(doc, metadata.value, METADATA_KEY, { ignore: [item] });
  if (!isMap(ours.value)) return undefined;
  const ignore = entry(ours.value, 'ignore');
  if (!ignore) return addMapEntry(doc, ours.value, 'ignore', [item]);
  if (!isSeq(ignore.value)) return undefined;
  return appendItem(doc, ignore.value, ruleId, reason);
}

function appendItem(doc: TemplateDoc, seq: TSeq, ruleId: string, reason: string): EditInput[] | undefined {
  const text =
    doc.format === 'json' ? `{"id": ${JSON.stringify(ruleId)}, "reason": ${JSON.stringify(reason)}}` : `{ id: ${ruleId}, reason: ${reason} }`;
  const last = seq.items[seq.items.length - 1];
  if (!last) {
    // `ignore: []`: only a flow list can be empty in a way we can write into.
    if (!seq.flow || doc.source.text[seq.from] !== '[') return undefined;
    return [{ from: seq.from, to: seq.to, text: `[${text}]` }];
  }
  const edit = insertItemsAfter(doc, seq, last, [text]);
  return edit ? [edit] : undefined;
}
