/**
 * Poll-based event sources (SQS, Kinesis, DynamoDB streams): the ARN node that names the source,
 * the resource it points at, and the event source mapping settings in the spelling of the
 * template (SAM / CloudFormation PascalCase, Serverless camelCase).
 */
import { entry, get, isMap } from '../parse/tree';
import type { TEntry, TNode } from '../parse/tree';
import { refTarget } from './load';
import type { EventSource, FunctionModel, ResourceInfo } from './model';

export const STREAM_TYPES: ReadonlySet<string> = new Set(['Kinesis', 'DynamoDB']);

/**
 * API Gateway sources (SAM `Api` / `HttpApi`, Serverless `http` / `httpApi`): a caller waits
 * on the response, so cold starts and bad deployments are seen by users.
 */
export const API_EVENT_TYPES: ReadonlySet<string> = new Set(['Api', 'HttpApi']);

/** The node holding the source's ARN: SAM `Queue` / `Stream`, CFN `EventSourceArn`, Serverless `arn` or the bare value. */
export function sourceArnNode(fn: FunctionModel, ev: EventSource): TNode | undefined {
  if (fn.resourceType === 'serverless') {
    const v = isMap(ev.node) && ev.node.entries.length ? ev.node.entries[0].value : undefined;
    if (!v) return undefined;
    // `sqs: arn:...` / `sqs: !GetAtt Q.Arn` / `sqs: { arn: ... }`
    return isMap(v) && !refTarget(v) && entry(v, 'arn') ? get(v, 'arn') : v;
  }
  if (isMapping(fn, ev)) return get(ev.properties, 'EventSourceArn');
  return get(ev.properties, ev.type === 'SQS' ? 'Queue' : 'Stream');
}

/** The template resource the event reads from (a queue, stream or table), when the ARN points at one. */
export function sourceResource(fn: FunctionModel, ev: EventSource): ResourceInfo | undefined {
  const arn = sourceArnNode(fn, ev);
  const id = refTarget(arn);
  return id ? fn.template.resources.get(id) : undefined;
}

/** The key of a setting as the template spells it: `MaximumRetryAttempts` or `maximumRetryAttempts`. */
export function settingKey(fn: FunctionModel, pascal: string): string {
  return fn.resourceType === 'serverless' ? pascal.charAt(0).toLowerCase() + pascal.slice(1) : pascal;
}

/** An event source mapping setting by its CloudFormation name. */
export function eventSetting(fn: FunctionModel, ev: EventSource, pascal: string): TEntry | undefined {
  return entry(ev.properties, settingKey(fn, pascal));
}

/** Whether the event is an AWS::Lambda::EventSourceMapping resource (plain CloudFormation style). */
export function isMapping(fn: FunctionModel, ev: EventSource): boolean {
  return fn.template.resources.get(ev.id)?.type === 'AWS::Lambda::EventSourceMapping' && fn.template.resources.get(ev.id)?.node === ev.node;
}
