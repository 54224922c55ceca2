// Core types of the engine. Plain data: no vscode or LSP imports anywhere under engine/.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Languages the engine understands. */
export type CodeLanguage = 'python' | 'javascript' | 'typescript';
export type TemplateFormat = 'yaml' | 'json';
export type Language = CodeLanguage | TemplateFormat;

/** Zero-based line and UTF-16 character, the same convention as LSP. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of [start, end) offsets in one file. */
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface FileEdit {
  file: string;
  edits: TextEdit[];
}

export interface Fix {
  title: string;
  /** Only for fixes that are always safe to apply (LSP isPreferred). */
  isPreferred?: boolean;
  changes: FileEdit[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Suppression {
  kind: 'inSource';
  justification?: string;
  /** Where the suppressing comment or metadata block is. */
  file: string;
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
  tags?: Array<'deprecated' | 'unnecessary'>;
  /** Set when an in-source suppression covers the finding; surfaces decide whether to show it. */
  suppression?: Suppression;
  /** Name of the Lambda function (template logical id) this finding is about, when known. */
  functionId?: string;
}

export type RuleCategory =
  | 'performance'
  | 'reliability'
  | 'security'
  | 'cost'
  | 'operations'
  | 'correctness'
  | 'meta';

export interface RuleMeta {
  id: string;
  slug: string;
  title: string;
  defaultSeverity: Severity;
  category: RuleCategory;
  /** What the rule reads: handler code, templates, or both. */
  scope: 'code' | 'template' | 'cross' | 'meta';
  languages: Language[];
  /** One paragraph, shown on hover and in SARIF shortDescription/fullDescription. */
  summary: string;
  /** True when the rule offers a code action fix. */
  hasFix?: boolean;
}
