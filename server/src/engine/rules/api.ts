import type { CodeModule, FunctionInfo } from '../code/model';
import type { FileHost } from '../host';
import type { SourceText } from '../text';
import type { FunctionModel, TemplateDoc } from '../template/model';
import type { RuleMeta, Severity } from '../types';

/** A location in some file, as offsets into that file's text. */
export interface OffsetSpan {
  /** Absolute path; defaults to the file being checked. */
  file?: string;
  from: number;
  to: number;
}

export interface EditInput extends OffsetSpan {
  text: string;
}

export interface FixInput {
  title: string;
  /** Only for fixes that cannot change behaviour for the worse (LSP isPreferred). */
  preferred?: boolean;
  edits: EditInput[];
}

export interface ReportInput extends OffsetSpan {
  message: string;
  fixes?: FixInput[];
  related?: Array<OffsetSpan & { message: string }>;
  tags?: Array<'deprecated' | 'unnecessary'>;
  functionId?: string;
  /** Overrides the rule's configured severity for this one finding (e.g. LA211 near vs past). */
  severity?: Severity;
}

/** What every rule can reach besides its own file: other files, parsed and cached. */
export interface ProjectView {
  host: FileHost;
  codeModule(path: string): CodeModule | undefined;
  source(path: string): SourceText | undefined;
  /** Templates whose functions point at `codeFile`. */
  templatesFor(codeFile: string): TemplateDoc[];
  /** Today's date (injectable for tests of date-based rules). */
  today: Date;
}

/** A handler function of the module, with the template functions that name it (none: found by convention). */
export interface HandlerBinding {
  fn: FunctionInfo;
  functions: FunctionModel[];
}

export interface RuleContextBase {
  project: ProjectView;
  /** The rule's parameters from `.lambda-audit.yaml` (`rules: { LA209: { maxApiTimeout: 29 } }`). */
  params: Record<string, unknown>;
  report(r: ReportInput): void;
}

export interface CodeRuleContext extends RuleContextBase {
  module: CodeModule;
  handlers: HandlerBinding[];
}

export interface TemplateRuleContext extends RuleContextBase {
  template: TemplateDoc;
}

export interface CodeRule {
  kind: 'code';
  meta: RuleMeta;
  check(ctx: CodeRuleContext): void;
}

/** Template rules read one template; `meta.scope === 'cross'` rules may also report into the code it names. */
export interface TemplateRule {
  kind: 'template';
  meta: RuleMeta;
  check(ctx: TemplateRuleContext): void;
}

/** Rules the engine itself reports (parse errors, unused suppressions): metadata and docs only. */
export interface MetaRule {
  kind: 'meta';
  meta: RuleMeta;
}

export type Rule = CodeRule | TemplateRule | MetaRule;

export const DOCS_BASE_URL = 'https://github.com/lambda-audit/lambda-audit/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
