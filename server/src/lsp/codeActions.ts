import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, Diagnostic, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { languageOfPath } from '../engine/parse/code';
import { docsUrl } from '../engine/rules/api';
import { suppressionEdit } from '../engine/suppress';
import { templateFormatOfPath } from '../engine/template/load';
import { metadataIgnoreAction } from './metadataAction';
import type { FileEdit, Finding, Fix } from '../engine/types';
import { matches, toDiagnostic, visible } from './diagnostics';
import type { UriMap } from './uri';
import type { Workspace } from './workspace';

/** Command behind "Show documentation for LAxxx"; arguments: [ruleId, href]. */
export const SHOW_DOCS_COMMAND = 'lambdaAudit.showRuleDocs';

/** Rules a next-line comment cannot silence: parse errors are reported before suppressions are read, LA003 is about the comments themselves. */
const NOT_SUPPRESSIBLE = new Set(['LA001', 'LA002', 'LA003']);

export interface CodeActionEnv {
  ws: Workspace;
  uris: UriMap;
  /** Version of an open document (for versioned documentChanges), undefined when not open. */
  versionOf(file: string): number | undefined;
  documentChanges: boolean;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function workspaceEdit(changes: FileEdit[], env: CodeActionEnv): WorkspaceEdit {
  if (env.documentChanges) {
    return {
      documentChanges: changes.map(
        (c): TextDocumentEdit => ({ textDocument: { uri: env.uris.toUri(c.file), version: env.versionOf(c.file) ?? null }, edits: c.edits }),
      ),
    };
  }
  const out: Record<string, FileEdit['edits']> = {};
  for (const c of changes) out[env.uris.toUri(c.file)] = [...(out[env.uris.toUri(c.file)] ?? []), ...c.edits];
  return { changes: out };
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/**
 * Code actions for the findings under the requested range, recomputed from the current text
 * (the diagnostics the client holds may be a keystroke old): the rule's fixes, then a
 * suppression comment, then the rule's documentation.
 */
export function codeActions(params: CodeActionParams, env: CodeActionEnv): CodeAction[] {
  if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
  const file = env.uris.toPath(params.textDocument.uri);
  if (!file) return [];
  const folder = env.ws.folderOf(file);
  if (!folder.settings.enable || env.ws.isExcluded(file)) return [];
  const analysis = folder.engine.analyzeFile(file);
  const found = visible(analysis.findings).filter(
    (f) => overlaps(f.range, params.range) || params.context.diagnostics.some((d) => matches(d, f)),
  );
  const diagnosticOf = (f: Finding): Diagnostic =>
    params.context.diagnostics.find((d) => matches(d, f)) ?? toDiagnostic(f, (p) => env.uris.toUri(p));

  const fixes: CodeAction[] = [];
  const extras: CodeAction[] = [];
  const seen = new Set<string>();
  const language = languageOfPath(file) ?? templateFormatOfPath(file);
  const source = folder.engine.source(file);
  for (const f of found) {
    const diagnostics = [diagnosticOf(f)];
    for (const fix of f.fixes ?? []) fixes.push(fixAction(fix, diagnostics, env));
    const lineKey = `${f.ruleId}@${f.range.start.line}`;
    if (!seen.has(lineKey) && source && language && !NOT_SUPPRESSIBLE.has(f.ruleId)) {
      seen.add(lineKey);
      const edit = suppressionEdit(source, language, f.range.start.line, f.ruleId);
      if (edit)
        extras.push({
          title: `Disable ${f.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit([{ file, edits: [edit] }], env),
        });
    }
    if (analysis.kind === 'template' && !NOT_SUPPRESSIBLE.has(f.ruleId)) {
      const meta = metadataIgnoreAction(folder.engine, f, file, seen);
      if (meta) extras.push({ ...meta, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit([meta.change], env) });
    }
    if (!seen.has(f.ruleId)) {
      seen.add(f.ruleId);
      const title = `Show documentation for ${f.ruleId}`;
      extras.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        command: { title, command: SHOW_DOCS_COMMAND, arguments: [f.ruleId, docsUrl(f.ruleId)] },
      });
    }
  }
  return [...fixes, ...extras];
}

function fixAction(fix: Fix, diagnostics: Diagnostic[], env: CodeActionEnv): CodeAction {
  const a: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(fix.changes, env) };
  if (fix.isPreferred) a.isPreferred = true;
  return a;
}
