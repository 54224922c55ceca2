// How the report links to files and rule pages. In the VS Code webview a link carries its target in
// data attributes and the page posts it to the extension (which checks it and opens the editor);
// the standalone page uses plain links: a file path relative to the page with #L<line>, and the
// rule's documentation URL.
import { escapeHtml } from './escape';

export interface Links {
  /** `target` is a URI (webview) or a path relative to the page (standalone); line and character are 0-based. */
  file(label: string, target: string | undefined, line?: number, character?: number): string;
  docs(ruleId: string, docsUrl: string, title?: string): string;
}

export const webviewLinks: Links = {
  file(label, target, line = 0, character = 0) {
    if (!target) return escapeHtml(label);
    return `<a href="#" class="open" data-uri="${escapeHtml(target)}" data-line="${line}" data-character="${character}">${escapeHtml(label)}</a>`;
  },
  docs(ruleId, _docsUrl, title) {
    return `<a href="#" class="docs" data-rule="${escapeHtml(ruleId)}" title="${escapeHtml(title ? `${ruleId}: ${title}` : `Show documentation for ${ruleId}`)}">${escapeHtml(ruleId)}</a>`;
  },
};

export const standaloneLinks: Links = {
  file(label, target, line = 0) {
    if (!target) return escapeHtml(label);
    return `<a href="${escapeHtml(`${target}#L${line + 1}`)}">${escapeHtml(label)}</a>`;
  },
  docs(ruleId, docsUrl, title) {
    // Only the rule documentation points outside the page; it opens in a new tab without access to this one.
    return `<a href="${escapeHtml(docsUrl)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(title ? `${ruleId}: ${title}` : ruleId)}">${escapeHtml(ruleId)}</a>`;
  },
};
