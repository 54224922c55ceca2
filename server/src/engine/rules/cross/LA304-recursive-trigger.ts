import { awsWrites, targetValue } from '../../code/awswrites';
import type { AwsWrite, TargetValue, WriteKind } from '../../code/awswrites';
import { linkedModule } from '../../code/functionCode';
import type { CodeModule } from '../../code/model';
import { stringPrefix, stringValue } from '../../code/syntax';
import { get, isMap, isSeq, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { eventSpan } from '../../template/eventSpan';
import { refTarget } from '../../template/load';
import type { EventSource, FunctionModel, TemplateDoc } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { TemplateRule, TemplateRuleContext } from '../api';

/** A resource that triggers the function: by logical id, or (Serverless `s3: name`) by literal name. */
interface Trigger {
  kind: WriteKind;
  event?: EventSource;
  id?: string;
  name?: string;
  filter?: { prefix?: string; suffix?: string };
}

const NAME_PROPERTY: Record<string, string> = { s3: 'BucketName', sqs: 'QueueName', sns: 'TopicName', dynamodb: 'TableName', kinesis: 'Name' };
const WHAT: Record<WriteKind, string> = { s3: 'bucket', sqs: 'queue', sns: 'topic', dynamodb: 'table', kinesis: 'stream', lambda: 'function' };

/**
 * LA304: a function that writes to the resource that triggers it runs again for its own write,
 * and again, until something stops it (Lambda's recursive loop detection only covers some
 * services, and S3 is not among them): runaway invocations and cost.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA304',
    slug: 'recursive-trigger',
    title: 'The function writes to what triggers it',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      'The function writes to the S3 bucket, SQS queue, SNS topic or stream-enabled table that triggers it, or invokes itself: every run can start the next one, a recursive loop that keeps running and billing until it is stopped.',
  },
  check(ctx) {
    for (const fn of ctx.template.functions) checkFunction(ctx, fn);
  },
};

function checkFunction(ctx: TemplateRuleContext, fn: FunctionModel): void {
  const mod = linkedModule(ctx.project, fn);
  if (!mod) return;
  const triggers = fn.events.map((e) => triggerOf(fn.template, e)).filter((t): t is Trigger => !!t);
  triggers.push({ kind: 'lambda', id: fn.id });
  for (const w of awsWrites(mod)) {
    const value = targetValue(mod, w.target);
    if (!value) continue;
    const t = triggers.find((tr) => tr.kind === w.kind && sameResource(fn, tr, value));
    if (!t || outsideFilter(mod, w, t)) continue;
    report(ctx, fn, mod, w, t);
  }
}

function report(ctx: TemplateRuleContext, fn: FunctionModel, mod: CodeModule, w: AwsWrite, t: Trigger): void {
  if (t.kind === 'lambda') {
    ctx.report({
      file: mod.path,
      ...w.span,
      message: `${fn.id} invokes itself: each invocation starts another one, a recursive loop; bound it (a depth counter in the payload) or use a queue or Step Functions.`,
      related: [{ from: fn.entry.key.from, to: fn.entry.key.to, message: `${fn.id} is declared here` }],
      functionId: fn.id,
    });
    return;
  }
  const what = WHAT[t.kind];
  const res = t.id ?? t.name;
  const filterNote = t.filter && (t.filter.prefix || t.filter.suffix) ? ' and the written key may match the event filter' : '';
  ctx.report({
    file: mod.path,
    ...w.span,
    message: `${fn.id} writes to ${what} ${res}, which triggers it (event ${t.event!.id})${filterNote}: each write can invoke the function again, a recursive loop. Write elsewhere, or filter the event so the function's own output does not match.`,
    related: [{ ...eventSpan(fn, t.event!), message: `${t.event!.id} triggers ${fn.id} from ${what} ${res}` }],
    functionId: fn.id,
  });
}

/** The resource an event source reads from, with the S3 key filter. */
function triggerOf(doc: TemplateDoc, e: EventSource): Trigger | undefined {
  const p = e.properties;
  const sls = doc.kind === 'serverless';
  switch (e.type) {
    case 'S3': {
      if (sls) {
        const bucket = str(e.properties ? get(p, 'bucket') : get(e.node, 's3'));
        const rules = get(p, 'rules');
        const filter: Trigger['filter'] = {};
        if (isSeq(rules)) for (const r of rules.items) {
          filter.prefix ??= str(get(r, 'prefix'));
          filter.suffix ??= str(get(r, 'suffix'));
        }
        return bucket ? { kind: 's3', event: e, name: bucket, id: doc.resources.has(bucket) ? bucket : undefined, filter } : undefined;
      }
      const id = refTarget(get(p, 'Bucket'));
      if (!id) return undefined;
      const filter: Trigger['filter'] = {};
      const rules = get(p, 'Filter', 'S3Key', 'Rules');
      if (isSeq(rules))
        for (const r of rules.items) {
          const name = str(get(r, 'Name'))?.toLowerCase();
          const value = str(get(r, 'Value'));
          if (name === 'prefix') filter.prefix = value;
          if (name === 'suffix') filter.suffix = value;
        }
      return { kind: 's3', event: e, id, filter };
    }
    case 'SQS':
      return resourceTrigger('sqs', e, sls ? (isMap(e.properties) ? get(p, 'arn') : get(e.node, 'sqs')) : (get(p, 'Queue') ?? get(p, 'EventSourceArn')));
    case 'SNS':
      return resourceTrigger('sns', e, sls ? (isMap(e.properties) ? (get(p, 'arn') ?? get(p, 'topicName')) : get(e.node, 'sns')) : get(p, 'Topic'));
    case 'DynamoDB':
    case 'Kinesis':
      return resourceTrigger(e.type === 'DynamoDB' ? 'dynamodb' : 'kinesis', e, sls ? (isMap(e.properties) ? get(p, 'arn') : get(e.node, 'stream')) : (get(p, 'Stream') ?? get(p, 'EventSourceArn')));
  }
  return undefined;
}

function resourceTrigger(kind: WriteKind, e: EventSource, n: TNode | undefined): Trigger | undefined {
  const id = refTarget(n);
  return id ? { kind, event: e, id } : undefined;
}

/** Whether the written target is the triggering resource, through the function's environment or by literal name. */
function sameResource(fn: FunctionModel, t: Trigger, v: TargetValue): boolean {
  const doc = fn.template;
  if (t.kind === 'lambda' && v.env === 'AWS_LAMBDA_FUNCTION_NAME') return true;
  // Writing back to the bucket the S3 event came from: the classic thumbnail loop.
  if (t.kind === 's3' && v.eventBucket) return true;
  const literalName = t.id ? str(resolveScalar(doc, get(doc.resources.get(t.id)?.properties, t.kind === 'lambda' ? 'FunctionName' : NAME_PROPERTY[t.kind]))) : undefined;
  const names = [t.name, literalName].filter((x): x is string => !!x);
  if (v.literal !== undefined) return names.some((n) => v.literal === n || v.literal!.endsWith(`:${n}`) || v.literal!.endsWith(`/${n}`));
  if (!v.env) return false;
  const decl = fn.environment.get(v.env);
  if (!decl) return false;
  const value = decl.entry.value;
  if (t.id && refTarget(value) === t.id) return true;
  const s = str(resolveScalar(doc, value));
  return s !== undefined && names.includes(s);
}

/**
 * The S3 event only fires for keys under its prefix / with its suffix. A write whose key is
 * known to fall outside them (a literal, or a constant leading part like f"out/{name}") does
 * not re-trigger; an unknown key is assumed to match.
 */
function outsideFilter(mod: CodeModule, w: AwsWrite, t: Trigger): boolean {
  if (t.kind !== 's3' || !t.filter || !w.key) return false;
  const { prefix, suffix } = t.filter;
  const keyPrefix = stringPrefix(mod, w.key);
  if (prefix && keyPrefix !== undefined && !keyPrefix.startsWith(prefix) && !prefix.startsWith(keyPrefix)) return true;
  const full = stringValue(mod, w.key);
  if (suffix && full !== undefined && !full.endsWith(suffix)) return true;
  return false;
}
