import { entry, get, isMap, isSeq, str } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { addMapEntry, getAtt } from '../../template/addProperty';
import { refTarget } from '../../template/load';
import type { FunctionModel, TemplateDoc } from '../../template/model';
import type { EditInput, FixInput, TemplateRule } from '../api';

/**
 * Event sources that invoke the function asynchronously (Lambda queues the event, retries
 * twice, then drops it unless a DLQ / on-failure destination is set). Names are SAM event
 * types and the normalized Serverless types of template/load.ts. Pollers (SQS, Kinesis,
 * DynamoDB, MSK, MQ) and synchronous callers (API Gateway, ALB, Cognito, Alexa) are not here.
 */
const ASYNC_EVENT_TYPES = new Set([
  'S3',
  'SNS',
  'EventBridgeRule',
  'CloudWatchEvent',
  'Schedule',
  'ScheduleV2',
  'IoTRule',
  'IoT',
  'CloudWatchLogs',
  'CodeCommit',
  'SES',
]);

/** Service principals that invoke a plain CloudFormation function asynchronously through an AWS::Lambda::Permission. */
const ASYNC_PRINCIPALS = new Set([
  's3.amazonaws.com',
  'sns.amazonaws.com',
  'events.amazonaws.com',
  'logs.amazonaws.com',
  'iot.amazonaws.com',
  'codecommit.amazonaws.com',
  'ses.amazonaws.com',
  'scheduler.amazonaws.com',
]);

/**
 * LA204: an asynchronously invoked function without a dead-letter queue or on-failure
 * destination: after Lambda's retries, failed events are silently dropped.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA204',
    slug: 'async-no-failure-destination',
    title: 'Async function without a failure destination',
    defaultSeverity: 'warning',
    category: 'reliability',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'The function is invoked asynchronously (S3, SNS, EventBridge, schedules, ...) but has neither a DeadLetterQueue nor an OnFailure destination, so an event that still fails after Lambda retries it is dropped without a trace. Add a queue and point the function at it.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    for (const fn of doc.functions) {
      const trigger = asyncTrigger(doc, fn);
      if (!trigger || hasFailureDestination(doc, fn)) continue;
      const fix = fn.resourceType === 'AWS::Serverless::Function' ? addQueueFix(doc, fn) : undefined;
      const what =
        fn.resourceType === 'AWS::Serverless::Function'
          ? 'add a DeadLetterQueue or an EventInvokeConfig OnFailure destination'
          : fn.resourceType === 'AWS::Lambda::Function'
            ? 'add a DeadLetterConfig or an AWS::Lambda::EventInvokeConfig with an OnFailure destination'
            : 'add onError or destinations.onFailure';
      ctx.report({
        from: fn.entry.key.from,
        to: fn.entry.key.to,
        message: `${fn.id} is invoked asynchronously (${trigger.label}) and has no failure destination, so events that still fail after Lambda's retries are lost: ${what}`,
        related: [{ from: trigger.node.from, to: trigger.node.to, message: `Asynchronous trigger: ${trigger.label}` }],
        fixes: fix ? [fix] : undefined,
        functionId: fn.id,
      });
    }
  },
};

interface Trigger {
  label: string;
  node: TNode;
}

function asyncTrigger(doc: TemplateDoc, fn: FunctionModel): Trigger | undefined {
  for (const ev of fn.events) {
    if (!ASYNC_EVENT_TYPES.has(ev.type)) continue;
    // SNS with an SQS subscription delivers through a queue the function polls: not async.
    if (ev.type === 'SNS' && get(ev.properties, 'SqsSubscription')) continue;
    const key = fn.resourceType === 'serverless' ? undefined : isMap(get(fn.properties, 'Events')) ? entry(get(fn.properties, 'Events'), ev.id) : undefined;
    return { label: `${ev.type} event${key ? ` ${ev.id}` : ''}`, node: key?.key ?? ev.node };
  }
  if (fn.resourceType !== 'AWS::Lambda::Function') return undefined;
  // Plain CloudFormation: a service allowed to invoke the function, or a rule / subscription targeting it.
  for (const res of doc.resources.values()) {
    const p = res.properties;
    if (res.type === 'AWS::Lambda::Permission') {
      const principal = str(get(p, 'Principal'));
      if (refTarget(get(p, 'FunctionName')) === fn.id && principal && ASYNC_PRINCIPALS.has(principal))
        return { label: `${principal} through ${res.id}`, node: res.entry.key };
    } else if (res.type === 'AWS::Events::Rule') {
      const targets = get(p, 'Targets');
      if (isSeq(targets) && targets.items.some((t) => refTarget(get(t, 'Arn')) === fn.id)) return { label: `EventBridge rule ${res.id}`, node: res.entry.key };
    } else if (res.type === 'AWS::SNS::Subscription') {
      if (str(get(p, 'Protocol')) === 'lambda' && refTarget(get(p, 'Endpoint')) === fn.id) return { label: `SNS subscription ${res.id}`, node: res.entry.key };
    }
  }
  return undefined;
}

function hasFailureDestination(doc: TemplateDoc, fn: FunctionModel): boolean {
  if (fn.resourceType === 'serverless') return !!fn.prop('onError') || !!get(fn.properties, 'destinations', 'onFailure');
  if (fn.resourceType === 'AWS::Serverless::Function') {
    if (fn.prop('DeadLetterQueue')) return true;
    if (get(fn.prop('EventInvokeConfig')?.node, 'DestinationConfig', 'OnFailure')) return true;
  } else if (get(fn.properties, 'DeadLetterConfig', 'TargetArn')) return true;
  // A separate AWS::Lambda::EventInvokeConfig for the function (SAM or plain CloudFormation).
  for (const res of doc.resources.values()) {
    if (res.type !== 'AWS::Lambda::EventInvokeConfig') continue;
    if (refTarget(get(res.properties, 'FunctionName')) !== fn.id && str(get(res.properties, 'FunctionName')) !== fn.id) continue;
    if (get(res.properties, 'DestinationConfig', 'OnFailure')) return true;
  }
  return false;
}

/**
 * SAM: a new `<Fn>DeadLetterQueue` SQS queue (14 days' retention, the maximum, to leave time
 * to look at failures) and `DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt ...}` on the
 * function. SAM adds sqs:SendMessage to the role it generates; a custom Role needs it added.
 */
function addQueueFix(doc: TemplateDoc, fn: FunctionModel): FixInput | undefined {
  const resources = get(doc.root, 'Resources');
  if (!isMap(resources) || !fn.properties) return undefined;
  let name = `${fn.id}DeadLetterQueue`;
  for (let i = 2; doc.resources.has(name) || entry(resources, name); i++) name = `${fn.id}DeadLetterQueue${i}`;
  const onFunction = addMapEntry(doc, fn.properties, 'DeadLetterQueue', { Type: 'SQS', TargetArn: getAtt(name, 'Arn') });
  const queue = addMapEntry(doc, resources, name, { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } });
  if (!onFunction?.length || !queue?.length) return undefined;
  const edits: EditInput[] = [...onFunction, ...queue];
  return { title: `Add an SQS dead-letter queue ${name} for ${fn.id}`, edits };
}
