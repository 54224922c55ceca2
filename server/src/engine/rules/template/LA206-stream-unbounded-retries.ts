import { bool, get, isScalar, num } from '../../parse/tree';
import type { TEntry } from '../../parse/tree';
import { addMapEntry } from '../../template/addProperty';
import { eventSetting, settingKey, STREAM_TYPES } from '../../template/events';
import { eventSpan } from '../../template/eventSpan';
import type { EventSource, FunctionModel } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { EditInput, FixInput, TemplateRule } from '../api';

const RETRIES = 3;

/**
 * LA206: a Kinesis or DynamoDB stream source that retries a failing batch until its records
 * expire (MaximumRetryAttempts and MaximumRecordAgeInSeconds default to -1, infinite) with no
 * on-failure destination: one bad record blocks its shard for up to the stream's retention.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA206',
    slug: 'stream-unbounded-retries',
    title: 'Stream source retries without bound',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'A Kinesis or DynamoDB stream event source has no retry bound (MaximumRetryAttempts / MaximumRecordAgeInSeconds) and no on-failure destination, so one failing record blocks its shard, retried until it expires. Bound the retries, bisect failing batches and send failures to a destination.',
    hasFix: true,
  },
  check(ctx) {
    for (const fn of ctx.template.functions)
      for (const ev of fn.events) {
        if (!STREAM_TYPES.has(ev.type)) continue;
        const retries = eventSetting(fn, ev, 'MaximumRetryAttempts');
        const age = eventSetting(fn, ev, 'MaximumRecordAgeInSeconds');
        const bisect = eventSetting(fn, ev, 'BisectBatchOnFunctionError');
        if (bounds(fn, retries) || bounds(fn, age) || hasOnFailure(fn, ev)) continue;
        const missing: string[] = [];
        missing.push(`${settingKey(fn, 'MaximumRetryAttempts')} or ${settingKey(fn, 'MaximumRecordAgeInSeconds')}`);
        if (!bisect || bool(resolveScalar(fn.template, bisect.value)) !== true) missing.push(settingKey(fn, 'BisectBatchOnFunctionError'));
        missing.push(fn.resourceType === 'serverless' ? 'destinations.onFailure' : 'DestinationConfig.OnFailure');
        const anchor = eventSpan(fn, ev);
        const fix = boundsFix(fn, ev, retries, bisect);
        ctx.report({
          from: anchor.from,
          to: anchor.to,
          message: `The ${ev.type} stream source of ${fn.id} retries a failing batch until its records expire, blocking the shard: missing ${missing.join(', ')}`,
          fixes: fix ? [fix] : undefined,
          functionId: fn.id,
        });
      }
  },
};

/** A retry or age setting bounds retries unless it is -1 (infinite); an unresolvable value gets the benefit of the doubt. */
function bounds(fn: FunctionModel, e: TEntry | undefined): boolean {
  if (!e) return false;
  const v = resolveScalar(fn.template, e.value);
  if (!v) return true;
  const n = num(v);
  return n === undefined || n !== -1;
}

function hasOnFailure(fn: FunctionModel, ev: EventSource): boolean {
  if (fn.resourceType === 'serverless') return !!get(ev.properties, 'destinations', 'onFailure');
  return !!get(ev.properties, 'DestinationConfig', 'OnFailure');
}

/** `MaximumRetryAttempts: 3` (replacing a literal -1) and `BisectBatchOnFunctionError: true` in the event's settings. */
function boundsFix(fn: FunctionModel, ev: EventSource, retries: TEntry | undefined, bisect: TEntry | undefined): FixInput | undefined {
  const doc = fn.template;
  const map = ev.properties;
  if (!map) return undefined; // Serverless `- stream: arn:...` has no map to write into
  const edits: EditInput[] = [];
  if (retries) {
    if (!isScalar(retries.value) || resolveScalar(doc, retries.value) !== retries.value) return undefined;
    edits.push({ from: retries.value.from, to: retries.value.to, text: String(RETRIES) });
  } else {
    const add = addMapEntry(doc, map, settingKey(fn, 'MaximumRetryAttempts'), RETRIES);
    if (!add) return undefined;
    edits.push(...add);
  }
  if (!bisect) {
    const add = addMapEntry(doc, map, settingKey(fn, 'BisectBatchOnFunctionError'), true);
    if (!add) return undefined;
    edits.push(...add);
  }
  return { title: `Set ${settingKey(fn, 'MaximumRetryAttempts')}: ${RETRIES}${bisect ? '' : ` and ${settingKey(fn, 'BisectBatchOnFunctionError')}: true`} (then add an on-failure destination)`, preferred: false, edits };
}
