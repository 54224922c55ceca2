/**
 * A code rule's report about inline code, moved into the template: range, related locations
 * and fix edits go through the inline code's offset map. What cannot be placed there goes:
 * reports into other files (inline code has no manifests), and fixes that cannot be written
 * back exactly (the finding is kept without them).
 */
import type { FixInput, ReportInput } from '../rules/api';
import type { InlineCode } from './inlineCode';
import { toTemplateSpan } from './inlineCode';
import { toTemplateEdits } from './inlineEdits';

/** `codePath`: the virtual path the inline code module was analysed under. */
export function inlineReport(ic: InlineCode, codePath: string, r: ReportInput): ReportInput | undefined {
  const inCode = (file: string | undefined) => !file || file === codePath;
  if (!inCode(r.file)) return undefined;
  const templatePath = ic.fn.template.path;
  const fixes = (r.fixes ?? [])
    .map((fx): FixInput | undefined => {
      if (!fx.edits.every((e) => inCode(e.file))) return undefined;
      const edits = toTemplateEdits(ic, fx.edits);
      return edits && { ...fx, edits: edits.map((e) => ({ ...e, file: templatePath })) };
    })
    .filter((fx): fx is FixInput => !!fx);
  const related = r.related?.map((rel) => (inCode(rel.file) ? { ...rel, ...toTemplateSpan(ic, rel.from, rel.to), file: templatePath } : rel));
  return {
    ...r,
    ...toTemplateSpan(ic, r.from, r.to),
    file: templatePath,
    fixes: fixes.length ? fixes : undefined,
    related,
    functionId: r.functionId ?? ic.fn.id,
  };
}
