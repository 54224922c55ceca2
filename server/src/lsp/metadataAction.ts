// "Disable LAxxx for <Resource> (Metadata)": writes the resource-level suppression
// `Metadata: { lambda-audit: { ignore: [ { id, reason } ] } }` (the only in-source form JSON allows).
import type { Engine } from '../engine/engine';
import { addMetadataIgnore, resourceAt } from '../engine/template/ignoreMetadata';
import type { FileEdit, Finding } from '../engine/types';
import { templateDoc } from './templateSites';

/** Title and edit for a template finding inside a resource; `seen` keeps one action per rule and resource. */
export function metadataIgnoreAction(engine: Engine, f: Finding, file: string, seen: Set<string>): { title: string; change: FileEdit } | undefined {
  const doc = templateDoc(engine, file);
  if (!doc || f.file !== file) return undefined;
  const res = resourceAt(doc, doc.source.offsetAt(f.range.start));
  if (!res) return undefined;
  const key = `${f.ruleId}@metadata:${res.id}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const edits = addMetadataIgnore(doc, res, f.ruleId);
  if (!edits?.length) return undefined;
  return {
    title: `Disable ${f.ruleId} for ${res.id} (Metadata)`,
    change: { file, edits: edits.map((e) => doc.source.edit(e.from, e.to, e.text)) },
  };
}
