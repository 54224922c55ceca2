import { DEFAULT_TIMEOUT_S, SERVERLESS_DEFAULT_TIMEOUT_S } from '../../data/runtimes';
import { bool, entry, get, isMap, isScalar, num } from '../../parse/tree';
import type { TMap } from '../../parse/tree';
import { addMapEntry, getAtt } from '../../template/addProperty';
import type { PropertyValue } from '../../template/addProperty';
import { sourceResource } from '../../template/events';
import { eventSpan } from '../../template/eventSpan';
import type { EventSource, FunctionModel, ResourceInfo, TemplateDoc } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { EditInput, FixInput, OffsetSpan, TemplateRule, TemplateRuleContext } from '../api';

/** SQS's default visibility timeout and its maximum (12 hours), seconds. */
const DEFAULT_VISIBILITY_S = 30;
const MAX_VISIBILITY_S = 43_200;
/** AWS: the source queue's visibility timeout should be at least six times the function timeout. */
const FACTOR = 6;
const MAX_RECEIVE_COUNT = 5;
/** 14 days, SQS's maximum: a dead-letter queue should keep messages longer than its source. */
const DLQ_RETENTION_S = 1_209_600;

interface Consumer {
  fn: FunctionModel;
  ev: EventSource;
}

/**
 * LA205: an SQS queue of the template that triggers a function has no redrive policy (a message
 * that always fails is retried until it expires, blocking nothing but burning invocations and
 * hiding the failure), or a visibility timeout under six times the function timeout (a batch
 * still being processed, or retried after throttling, becomes visible again and runs twice).
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA205',
    slug: 'queue-source-misconfigured',
    title: 'SQS source queue without redrive policy or with a short visibility timeout',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'An SQS queue that triggers the function has no dead-letter queue (RedrivePolicy), so a message that keeps failing is retried until it expires, or its visibility timeout is under six times the function timeout, so messages reappear and are processed twice. Add a redrive policy and set VisibilityTimeout to at least 6 × Timeout.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const queues = new Map<string, { queue: ResourceInfo; consumers: Consumer[] }>();
    for (const fn of doc.functions)
      for (const ev of fn.events) {
        if (ev.type !== 'SQS') continue;
        const queue = sourceResource(fn, ev);
        if (queue?.type !== 'AWS::SQS::Queue') continue;
        const q = queues.get(queue.id) ?? { queue, consumers: [] };
        q.consumers.push({ fn, ev });
        queues.set(queue.id, q);
      }
    for (const { queue, consumers } of queues.values()) {
      const related: Array<OffsetSpan & { message: string }> = consumers.map(({ fn, ev }) => {
        const a = eventSpan(fn, ev);
        return { from: a.from, to: a.to, message: `${fn.id} consumes ${queue.id} here` };
      });
      const fnIds = [...new Set(consumers.map((c) => c.fn.id))];
      const functionId = fnIds.length === 1 ? fnIds[0] : undefined;
      const who = fnIds.join(', ');

      if (!entry(queue.properties, 'RedrivePolicy')) {
        const fix = redriveFix(doc, queue);
        ctx.report({
          from: queue.entry.key.from,
          to: queue.entry.key.to,
          message: `${queue.id} triggers ${who} but has no RedrivePolicy: a message that keeps failing is retried until it expires and is then lost. Add a dead-letter queue (maxReceiveCount ${MAX_RECEIVE_COUNT})`,
          related,
          fixes: fix ? [fix] : undefined,
          functionId,
        });
      }
      checkVisibility(ctx, doc, queue, consumers, related, functionId);
    }
  },
};

function checkVisibility(
  ctx: TemplateRuleContext,
  doc: TemplateDoc,
  queue: ResourceInfo,
  consumers: Consumer[],
  related: Array<OffsetSpan & { message: string }>,
  functionId: string | undefined,
): void {
  const vtEntry = entry(queue.properties, 'VisibilityTimeout');
  const vtResolved = vtEntry ? resolveScalar(doc, vtEntry.value) : undefined;
  const visibility = vtEntry ? num(vtResolved) : DEFAULT_VISIBILITY_S;
  if (visibility === undefined) return; // set from something the template does not pin down
  let longest: Consumer | undefined;
  let timeout = 0;
  for (const c of consumers) {
    const t = timeoutOf(c.fn);
    if (t === undefined) return;
    if (t > timeout) [timeout, longest] = [t, c];
  }
  const required = Math.min(FACTOR * timeout, MAX_VISIBILITY_S);
  if (!longest || visibility >= required) return;
  const edits: EditInput[] | undefined =
    vtEntry && isScalar(vtEntry.value) && vtResolved === vtEntry.value
      ? [{ from: vtEntry.value.from, to: vtEntry.value.to, text: String(required) }]
      : vtEntry
        ? undefined
        : addQueueProperty(doc, queue, 'VisibilityTimeout', required);
  const node = vtEntry ? vtEntry.value : queue.entry.key;
  ctx.report({
    from: node.from,
    to: node.to,
    message:
      `${queue.id} has a visibility timeout of ${visibility} s${vtEntry ? '' : ' (the default)'}, under ${FACTOR} × the ${timeout} s timeout of ${longest.fn.id}: ` +
      `messages being processed or retried after throttling become visible again and run twice. Set VisibilityTimeout to at least ${required}`,
    related,
    fixes: edits?.length ? [{ title: `Set VisibilityTimeout: ${required}`, preferred: true, edits }] : undefined,
    functionId,
  });
}

/** The function's timeout in seconds, its runtime default when unset, undefined when set from something unresolvable. */
function timeoutOf(fn: FunctionModel): number | undefined {
  if (!fn.prop('Timeout')) return fn.resourceType === 'serverless' ? SERVERLESS_DEFAULT_TIMEOUT_S : DEFAULT_TIMEOUT_S;
  return fn.timeout;
}

/** Adds `key: value` to the queue's Properties, creating `Properties:` when the queue has none. */
function addQueueProperty(doc: TemplateDoc, queue: ResourceInfo, key: string, value: PropertyValue): EditInput[] | undefined {
  if (queue.properties) return addMapEntry(doc, queue.properties, key, value);
  if (entry(queue.node, 'Properties')) return undefined; // `Properties:` present but not a map
  return addMapEntry(doc, queue.node, 'Properties', { [key]: value });
}

function resourcesMap(doc: TemplateDoc): TMap | undefined {
  const r = doc.kind === 'serverless' ? get(doc.root, 'resources', 'Resources') : get(doc.root, 'Resources');
  return isMap(r) ? r : undefined;
}

/** A new `<Queue>DeadLetterQueue` (FIFO when its source is) and a RedrivePolicy pointing at it. */
function redriveFix(doc: TemplateDoc, queue: ResourceInfo): FixInput | undefined {
  const resources = resourcesMap(doc);
  if (!resources) return undefined;
  let name = `${queue.id}DeadLetterQueue`;
  for (let i = 2; doc.resources.has(name) || entry(resources, name); i++) name = `${queue.id}DeadLetterQueue${i}`;
  const fifo = bool(resolveScalar(doc, get(queue.properties, 'FifoQueue'))) === true;
  const dlqProps: { [k: string]: PropertyValue } = fifo ? { FifoQueue: true, MessageRetentionPeriod: DLQ_RETENTION_S } : { MessageRetentionPeriod: DLQ_RETENTION_S };
  const redrive = addQueueProperty(doc, queue, 'RedrivePolicy', { deadLetterTargetArn: getAtt(name, 'Arn'), maxReceiveCount: MAX_RECEIVE_COUNT });
  const dlq = addMapEntry(doc, resources, name, { Type: 'AWS::SQS::Queue', Properties: dlqProps });
  if (!redrive?.length || !dlq?.length) return undefined;
  return { title: `Add a dead-letter queue ${name} with a RedrivePolicy on ${queue.id}`, preferred: false, edits: [...redrive, ...dlq] };
}
