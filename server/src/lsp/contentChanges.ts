import type { ChangedRange } from '@lezer/common';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * Applies a didChange's content changes to `doc` one at a time (each change's range refers to the
 * text the previous one left), noting each as a {fromA, toA, fromB, toB} range for incremental
 * re-parsing. `edits` is undefined when a change replaced the whole text.
 */
export function applyContentChanges(
  doc: TextDocument,
  changes: TextDocumentContentChangeEvent[],
  version: number,
): { doc: TextDocument; edits: ChangedRange[][] | undefined } {
  let edits: ChangedRange[][] | undefined = [];
  for (const change of changes) {
    if ('range' in change) {
      const fromA = doc.offsetAt(change.range.start);
      const toA = doc.offsetAt(change.range.end);
      edits?.push([{ fromA, toA, fromB: fromA, toB: fromA + change.text.length }]);
    } else {
      edits = undefined;
    }
    doc = TextDocument.update(doc, [change], version);
  }
  return { doc, edits };
}
