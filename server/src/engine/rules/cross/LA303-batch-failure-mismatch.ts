import { batchFailureMentions } from '../../code/batchfailures';
import { linkedModule } from '../../code/functionCode';
import { codeFilesUnder, languagesOfRuntime } from '../../code/functionFiles';
import { contentEnd } from '../../template/edits';
import { get, isSeq, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import type { EventSource, FunctionModel } from '../../template/model';
import { eventSpan } from '../../template/eventSpan';
import type { TemplateRule, TemplateRuleContext } from '../api';

const BATCH_TYPES = new Set(['SQS', 'Kinesis', 'DynamoDB', 'Stream']);
const SETTING = 'ReportBatchItemFailures';

/**
 * LA303: partial batch responses need both halves. With ReportBatchItemFailures set, a handler
 * that never returns `batchItemFailures` reports every batch as fully processed (failed records
 * are lost); without it, the `batchItemFailures` the handler returns are ignored and one bad
 * record makes the whole batch be retried, or deleted as a success.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA303',
    slug: 'batch-failure-mismatch',
    title: 'ReportBatchItemFailures and the handler disagree',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      'An SQS, Kinesis or DynamoDB event source sets FunctionResponseTypes: [ReportBatchItemFailures] but the handler never returns batchItemFailures (failed records count as processed), or the handler returns batchItemFailures but the source lacks the setting (the list is ignored and the whole batch is retried or dropped).',
  },
  check(ctx) {
    for (const fn of ctx.template.functions) checkFunction(ctx, fn);
  },
};

/** The FunctionResponseTypes (SAM / CFN) or functionResponseType (Serverless) node that enables partial responses. */
function settingOf(fn: FunctionModel, e: EventSource): TNode | undefined {
  if (fn.template.kind === 'serverless') {
    const v = get(e.properties, 'functionResponseType');
    return str(v) === SETTING ? v : undefined;
  }
  const v = get(e.properties, 'FunctionResponseTypes');
  if (isSeq(v) && v.items.some((i) => str(i) === SETTING)) return v;
  return str(v) === SETTING ? v : undefined;
}

function checkFunction(ctx: TemplateRuleContext, fn: FunctionModel): void {
  const batch = fn.events.filter((e) => BATCH_TYPES.has(e.type));
  if (!batch.length) return;
  const mod = linkedModule(ctx.project, fn);
  if (!mod) return;
  const doc = ctx.template;
  const handler = mod.functions.get(fn.handlerTarget!.symbol);
  const mentions = batchFailureMentions(mod);
  const enabled = batch.map((e) => ({ e, setting: settingOf(fn, e) })).filter((x) => x.setting);

  if (enabled.length) {
    if (mentions.length || !handler || mentionedElsewhere(ctx, fn)) return;
    for (const { e, setting } of enabled) {
      const at = { from: setting!.from, to: contentEnd(doc.source, setting!) };
      ctx.report({
        ...at,
        message: `${fn.id}'s ${e.type} source ${e.id} sets ReportBatchItemFailures, but the handler ${handler.name} never returns batchItemFailures: failed records are treated as processed.`,
        related: [{ file: mod.path, from: handler.nameSpan.from, to: handler.nameSpan.to, message: `${handler.name} returns no batchItemFailures` }],
        functionId: fn.id,
      });
      ctx.report({
        file: mod.path,
        from: handler.nameSpan.from,
        to: handler.nameSpan.to,
        message: `${fn.id}'s ${e.type} source ${e.id} sets ReportBatchItemFailures, but ${handler.name} never returns { batchItemFailures: [...] }: return the failed message ids, or every batch counts as fully processed.`,
        related: [{ file: doc.path, ...at, message: `ReportBatchItemFailures is set here` }],
        functionId: fn.id,
      });
    }
    return;
  }

  const key = mentions.find((m) => m.kind === 'key') ?? mentions[0];
  if (!key) return;
  for (const e of batch) {
    const at = eventSpan(fn, e);
    const setting = doc.kind === 'serverless' ? 'functionResponseType: ReportBatchItemFailures' : 'FunctionResponseTypes: [ReportBatchItemFailures]';
    ctx.report({
      ...at,
      message: `The handler of ${fn.id} returns batchItemFailures, but its ${e.type} source ${e.id} lacks ${setting}: the list is ignored and one failed record retries (or drops) the whole batch.`,
      related: [{ file: mod.path, from: key.node.from, to: key.node.to, message: 'batchItemFailures is returned here' }],
      functionId: fn.id,
    });
    ctx.report({
      file: mod.path,
      from: key.node.from,
      to: key.node.to,
      message: `batchItemFailures is ignored: ${fn.id}'s ${e.type} source ${e.id} does not set ${setting}, so a failed record retries (or drops) the whole batch.`,
      related: [{ file: doc.path, ...at, message: `${e.id} has no ReportBatchItemFailures` }],
      functionId: fn.id,
    });
  }
}

/** Whether another code file of the function builds the response (the handler delegates to it); unknown counts as yes. */
function mentionedElsewhere(ctx: TemplateRuleContext, fn: FunctionModel): boolean {
  const dir = fn.handlerTarget?.codeDir;
  if (!dir) return true;
  const listing = codeFilesUnder(ctx.project.host, dir, languagesOfRuntime(fn.runtime, fn.handlerTarget?.language));
  if (listing.truncated) return true;
  return listing.files.some((f) => {
    if (f === fn.handlerTarget?.file) return false;
    const m = ctx.project.codeModule(f);
    return !m || !!m.syntaxError || batchFailureMentions(m).length > 0;
  });
}
