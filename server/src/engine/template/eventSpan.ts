import { entry, get, isMap } from '../parse/tree';
import { contentEnd } from './edits';
import type { EventSource, FunctionModel } from './model';

/**
 * Where to point at an event source of a function: its name under SAM `Events`, the id of a
 * plain CloudFormation EventSourceMapping, or the `- sqs:` key of a Serverless event.
 */
export function eventSpan(fn: FunctionModel, e: EventSource): { from: number; to: number } {
  const doc = fn.template;
  const res = doc.resources.get(e.id);
  if (res && res.node === e.node) return { from: res.entry.key.from, to: res.entry.key.to };
  const named = entry(get(fn.properties, 'Events'), e.id);
  if (named) return { from: named.key.from, to: named.key.to };
  if (isMap(e.node) && e.node.entries[0]) return { from: e.node.entries[0].key.from, to: e.node.entries[0].key.to };
  return { from: e.node.from, to: contentEnd(doc.source, e.node) };
}
