// Between a template and its handler code: go to definition from `Handler`, document links on
// `CodeUri`, and find references from a handler function to the template functions naming it.
import type { DefinitionParams, DocumentLink, DocumentLinkParams, Location, LocationLink, ReferenceParams } from 'vscode-languageserver';
import type { NavEnv } from './hover';
import { codeDir, codeUriSites, handlerFunction, handlerSites, handlerUses, siteAt, templateDoc } from './templateSites';

function folderFor(env: NavEnv, uri: string) {
  const file = env.uris.toPath(uri);
  if (!file) return undefined;
  const folder = env.ws.folderOf(file);
  if (!folder.settings.enable || env.ws.isExcluded(file)) return undefined;
  return { file, engine: folder.engine };
}

/**
 * From a template's `Handler` value to the function it names (its name), or to the top of the
 * resolved file when the file defines no such function. LocationLinks when the client takes
 * them, so the whole value is underlined as the origin.
 */
export function definition(params: DefinitionParams, env: NavEnv, linkSupport: boolean): Location[] | LocationLink[] | null {
  const at = folderFor(env, params.textDocument.uri);
  if (!at) return null;
  const doc = templateDoc(at.engine, at.file);
  if (!doc) return null;
  const site = siteAt(handlerSites(doc), doc.source.offsetAt(params.position));
  if (!site) return null;
  const origin = doc.source.range(site.node.from, site.node.to);
  const links: LocationLink[] = [];
  const seen = new Set<string>();
  for (const fn of site.functions) {
    const h = handlerFunction(at.engine, fn);
    if (!h) continue;
    const key = `${h.file}#${h.info?.name ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const src = at.engine.codeModule(h.file)?.source;
    if (!src) continue;
    const targetUri = env.uris.toUri(h.file);
    const targetSelectionRange = h.info ? src.range(h.info.nameSpan.from, h.info.nameSpan.to) : src.range(0, 0);
    const targetRange = h.info ? src.range(h.info.node.from, trimEnd(src.text, h.info.node.from, h.info.node.to)) : targetSelectionRange;
    links.push({ originSelectionRange: origin, targetUri, targetRange, targetSelectionRange });
  }
  if (!links.length) return null;
  return linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
}

/** Python function nodes run on over the blank lines after the body; the editor's peek should not. */
function trimEnd(text: string, from: number, to: number): number {
  while (to > from && /\s/.test(text[to - 1])) to--;
  return to;
}

/**
 * A link on each `CodeUri`: to the handler file when the folder holds the resolved handler (of
 * every function sharing the value), else to the folder itself; a CodeUri naming a file (a zip)
 * links to that file. Missing paths get no link.
 */
export function documentLinks(params: DocumentLinkParams, env: NavEnv): DocumentLink[] {
  const at = folderFor(env, params.textDocument.uri);
  if (!at) return [];
  const doc = templateDoc(at.engine, at.file);
  if (!doc) return [];
  const out: DocumentLink[] = [];
  for (const site of codeUriSites(doc)) {
    const dir = codeDir(site.functions[0]);
    if (!dir) continue;
    const kind = at.engine.host.stat(dir)?.kind;
    if (!kind) continue;
    let target = dir;
    let tooltip = 'Open the code folder';
    if (kind === 'dir') {
      const handlers = new Set(site.functions.map((fn) => fn.handlerTarget?.file));
      const [only] = handlers;
      if (handlers.size === 1 && only) {
        target = only;
        tooltip = 'Open the handler file';
      }
    } else tooltip = 'Open the code file';
    out.push({ range: doc.source.range(site.node.from, site.node.to), target: env.uris.toUri(target), tooltip });
  }
  return out;
}

/** From a handler function's name to the `Handler` values naming it. */
export function references(params: ReferenceParams, env: NavEnv): Location[] | null {
  const at = folderFor(env, params.textDocument.uri);
  if (!at) return null;
  const mod = at.engine.codeModule(at.file);
  if (!mod) return null;
  const offset = mod.source.offsetAt(params.position);
  const use = handlerUses(at.engine, at.file).find((u) => offset >= u.info.nameSpan.from && offset <= u.info.nameSpan.to);
  if (!use) return null;
  const out: Location[] = [];
  if (params.context.includeDeclaration)
    out.push({ uri: env.uris.toUri(at.file), range: mod.source.range(use.info.nameSpan.from, use.info.nameSpan.to) });
  const seen = new Set<unknown>();
  for (const fn of use.functions) {
    const node = fn.prop('Handler')?.node;
    if (!node || seen.has(node)) continue;
    seen.add(node);
    out.push({ uri: env.uris.toUri(fn.template.path), range: fn.template.source.range(node.from, node.to) });
  }
  return out;
}
