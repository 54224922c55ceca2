// The report's stylesheet. Colours come only from VS Code's theme variables, so the page follows
// light, dark and high-contrast themes; high-contrast themes define --vscode-contrastBorder, which
// outlines cards, tables, bars and inputs (it is undefined elsewhere, so the fallbacks apply).

export const STYLE = `
:root { color-scheme: light dark; --la-border: var(--vscode-contrastBorder, var(--vscode-panel-border, rgba(128,128,128,.35))); }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); line-height: 1.45;
  color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 0 1.5em 2em; }
h1 { font-size: 1.5em; margin: .8em 0 .2em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .5em; padding-bottom: .2em; border-bottom: 1px solid var(--la-border); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible, input:focus-visible, select:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.muted { color: var(--vscode-descriptionForeground); }
.is-hidden { display: none !important; }
.banner { padding: .5em .8em; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-textBlockQuote-background);
  outline: 1px solid var(--vscode-contrastBorder, transparent); }

/* summary cards */
.cards { display: flex; flex-wrap: wrap; gap: .75em; margin: .5em 0; }
.card { min-width: 7.5em; padding: .5em .9em; border: 1px solid var(--la-border); border-left-width: 4px; border-radius: 4px;
  background: var(--vscode-editorWidget-background, transparent); }
.card .num { display: block; font-size: 1.8em; font-weight: 600; line-height: 1.2; }
.card.sev-error { border-left-color: var(--vscode-errorForeground); }
.card.sev-warning { border-left-color: var(--vscode-editorWarning-foreground); }
.card.sev-info { border-left-color: var(--vscode-editorInfo-foreground); }

/* filters: stay on screen while scrolling a long report */
.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: .6em 1.4em; align-items: center;
  padding: .6em 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--la-border); }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: .9em; align-items: center; }
.filters legend { float: left; margin-right: .6em; font-weight: 600; }
.filters label { display: inline-flex; gap: .35em; align-items: center; }
.filters .label { font-weight: 600; }
input[type=checkbox] { accent-color: var(--vscode-focusBorder); margin: 0; }
input[type=search], select { font: inherit; padding: .2em .4em; border-radius: 2px;
  color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--la-border)); }
select { color: var(--vscode-dropdown-foreground, var(--vscode-input-foreground)); background: var(--vscode-dropdown-background, var(--vscode-input-background));
  border-color: var(--vscode-dropdown-border, var(--la-border)); }
input[type=search] { min-width: 14em; }
select { max-width: 26em; }
#filter-status { margin-left: auto; }

/* severity */
.sev { display: inline-block; min-width: 4.8em; padding: 0 .45em; border-radius: 3px; font-weight: 600; border: 1px solid currentColor; text-align: center; }
.sev.sev-error { color: var(--vscode-errorForeground); }
.tally-error { color: var(--vscode-errorForeground); }
.tally-warning { color: var(--vscode-editorWarning-foreground); }
.tally-info { color: var(--vscode-editorInfo-foreground); }
.sev.sev-warning { color: var(--vscode-editorWarning-foreground); }
.sev.sev-info { color: var(--vscode-editorInfo-foreground); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: baseline; border: 1px solid var(--vscode-contrastBorder, transparent); }
.swatch.sev-error, .seg-error { background: var(--vscode-errorForeground); fill: var(--vscode-errorForeground); }
.swatch.sev-warning, .seg-warning { background: var(--vscode-editorWarning-foreground); fill: var(--vscode-editorWarning-foreground); }
.swatch.sev-info, .seg-info { background: var(--vscode-editorInfo-foreground); fill: var(--vscode-editorInfo-foreground); }

/* chart: one row per function, one bar segment per severity */
.legend { display: flex; gap: 1.2em; margin: .2em 0 .6em; }
.chart { display: grid; gap: .3em; max-width: 60em; }
.bar-row { display: grid; grid-template-columns: minmax(6em, 16em) 1fr 3em; gap: .8em; align-items: center; }
.bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar-count { text-align: right; font-variant-numeric: tabular-nums; }
svg.bar { display: block; width: 100%; height: 1.1em; overflow: visible; }
svg.bar .track { fill: var(--vscode-editorWidget-background, rgba(128,128,128,.12)); stroke: var(--vscode-contrastBorder, none); vector-effect: non-scaling-stroke; }
svg.bar rect[class^=seg-] { stroke: var(--vscode-contrastBorder, none); stroke-width: 1; vector-effect: non-scaling-stroke; }

/* tables */
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { text-align: left; vertical-align: top; padding: .3em .9em .3em .3em; }
thead th { font-weight: 600; border-bottom: 1px solid var(--la-border); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.rules, table.functions { width: 100%; }
table.rules tbody tr + tr td { border-top: 1px solid var(--vscode-panel-border, transparent); }
table.functions > tbody { border-top: 1px solid var(--la-border); }
table.functions > tbody > tr.fn > td { padding-top: .55em; }
table.functions > tbody > tr.fn > td:first-child { font-weight: 600; }
/* long roles (ARNs), event lists and handler paths wrap anywhere; short values never break */
table.functions > tbody > tr.fn > td.wrap > div { min-width: 7em; overflow-wrap: anywhere; }
table.functions > tbody > tr.fn > td:not(.wrap) { white-space: nowrap; }
/* a narrow panel (the report beside an editor): each function becomes a block of label/value lines */
@media (max-width: 62em) {
  table.functions > thead { display: none; }
  table.functions, table.functions > tbody, table.functions > tbody > tr, table.functions > tbody > tr.fn > td { display: block; }
  table.functions > tbody > tr.fn > td { display: grid; grid-template-columns: 7em 1fr; gap: .8em; padding: .1em 0; white-space: normal !important; }
  table.functions > tbody > tr.fn > td::before { content: attr(data-label); color: var(--vscode-descriptionForeground); }
  table.functions > tbody > tr.fn > td:first-child { display: block; font-size: 1.1em; padding-top: .6em; }
  table.functions > tbody > tr.fn > td:first-child::before { content: none; }
  table.functions > tbody > tr.fn-findings > td { display: block; padding: .3em 0 .8em; }
  table.functions > tbody > tr.fn > td.wrap > div { min-width: 0; }
}
tr.fn-findings > td { padding: 0 0 .6em 1.2em; }
table.findings { width: 100%; margin: 0; }
table.findings td { padding: .15em .9em .15em 0; }
table.findings th { font-weight: normal; color: var(--vscode-descriptionForeground); }
table.findings td:last-child { min-width: 12em; overflow-wrap: anywhere; }
table.findings td:first-child, table.findings td:nth-child(2) { white-space: nowrap; }
.none { margin: .2em 0; }
code { font-family: var(--vscode-editor-font-family, monospace); }
`;

/**
 * For the standalone page (no VS Code around it): the theme variables the stylesheet reads, with
 * VS Code's Light Modern and Dark Modern values, following the browser's colour scheme.
 */
export const STANDALONE_THEME = `
:root { --vscode-foreground: #3b3b3b; --vscode-editor-background: #ffffff; --vscode-descriptionForeground: #616161;
  --vscode-textLink-foreground: #005fb8; --vscode-textLink-activeForeground: #005fb8; --vscode-focusBorder: #005fb8;
  --vscode-panel-border: #e5e5e5; --vscode-editorWidget-background: #f8f8f8; --vscode-textBlockQuote-background: #f8f8f8;
  --vscode-errorForeground: #c72e0f; --vscode-editorWarning-foreground: #9a6700; --vscode-editorInfo-foreground: #1a85ff;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece; }
@media (prefers-color-scheme: dark) {
  :root { --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-descriptionForeground: #9d9d9d;
    --vscode-textLink-foreground: #4daafc; --vscode-textLink-activeForeground: #4daafc; --vscode-focusBorder: #0078d4;
    --vscode-panel-border: #2b2b2b; --vscode-editorWidget-background: #202020; --vscode-textBlockQuote-background: #2b2b2b;
    --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff;
    --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; }
}
body { padding: 0 2em 2em; }
`;
