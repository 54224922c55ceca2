/**
 * What an IAM action string means for least privilege: whether it is a wildcard over actions,
 * whether it (or a wildcard pattern) can name a write, and which actions AWS only accepts with
 * `Resource: "*"`. Classification is by the action's verb, the convention every AWS service
 * follows for its API names (Put/Delete/Create/... write; Get/List/Describe read).
 */

/** Verbs that change state. `Pass` covers iam:PassRole, `Invoke` lambda:InvokeFunction. */
const WRITE_VERBS = [
  'Put', 'Delete', 'Update', 'Create', 'Write', 'Attach', 'Detach', 'Add', 'Remove', 'Modify', 'Set', 'Send',
  'Publish', 'Invoke', 'Start', 'Stop', 'Terminate', 'Run', 'Pass', 'Tag', 'Untag', 'Restore', 'Reset', 'Enable',
  'Disable', 'Replace', 'Import', 'Associate', 'Disassociate', 'Upload', 'Copy', 'Change', 'Register', 'Deregister',
  'Execute', 'Revoke', 'Authorize', 'Grant', 'Purge', 'Release', 'Abort', 'Complete', 'Cancel', 'Reboot', 'Restart',
  'Rotate', 'Schedule', 'Submit', 'Transact',
];

/**
 * Actions that support no resource-level permissions, so `Resource: "*"` is the only way to
 * grant them (AWS Service Authorization Reference: an empty resource-type column), plus the
 * log-writing statement of the AWSLambdaBasicExecutionRole managed policy that nearly every
 * function carries. Lower case: action names are case-insensitive.
 */
export const STAR_RESOURCE_ACTIONS: ReadonlySet<string> = new Set([
  'xray:puttracesegments',
  'xray:puttelemetryrecords',
  'xray:getsamplingrules',
  'xray:getsamplingtargets',
  'xray:getsamplingstatisticsummaries',
  'cloudwatch:putmetricdata',
  // Lambda's own VPC networking (AWSLambdaVPCAccessExecutionRole).
  'ec2:createnetworkinterface',
  'ec2:describenetworkinterfaces',
  'ec2:deletenetworkinterface',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
  // AWSLambdaBasicExecutionRole: writing the function's own logs.
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
]);

export interface ParsedAction {
  service: string;
  /** The part after `service:` (may hold `*` / `?` wildcards). */
  name: string;
}

export function parseAction(action: string): ParsedAction | undefined {
  if (action === '*') return { service: '*', name: '*' };
  const i = action.indexOf(':');
  if (i <= 0) return undefined;
  return { service: action.slice(0, i), name: action.slice(i + 1) };
}

/** `*` or `service:*` (every action, or every action of one service). */
export function isActionWildcard(action: string): boolean {
  const p = parseAction(action);
  return !!p && p.name === '*';
}

/** Whether the action, or some action a wildcard pattern matches, writes. */
export function mayWrite(action: string): boolean {
  const p = parseAction(action);
  if (!p) return false;
  const wild = p.name.search(/[*?]/);
  // BatchWriteItem writes, BatchGetItem reads: judge a Batch action by the verb after it.
  const name = wild < 0 && startsWithVerb(p.name, 'Batch') ? p.name.slice(5) : p.name;
  if (wild < 0) return WRITE_VERBS.some((v) => startsWithVerb(name, v));
  // `s3:Put*` matches writes; `s3:Get*` does not; `s3:*Object` may (PutObject, DeleteObject).
  const prefix = p.name.slice(0, wild).toLowerCase();
  return WRITE_VERBS.some((v) => v.toLowerCase().startsWith(prefix) || prefix.startsWith(v.toLowerCase()));
}

/** `PutObject` starts with the verb `Put`; `Settings` does not start with `Set` as a verb. */
function startsWithVerb(name: string, verb: string): boolean {
  if (!name.toLowerCase().startsWith(verb.toLowerCase())) return false;
  const next = name.charAt(verb.length);
  return next === '' || (next >= 'A' && next <= 'Z');
}

export function requiresStarResource(action: string): boolean {
  return STAR_RESOURCE_ACTIONS.has(action.toLowerCase());
}

/** AWS managed policies that grant every action of one or all services. */
export function isBroadManagedPolicy(name: string): boolean {
  return name === 'AdministratorAccess' || name === 'PowerUserAccess' || name.endsWith('FullAccess') || name.endsWith('_FullAccess');
}

/**
 * AWS managed policies that are not named FullAccess yet let the function write to every
 * resource of a service, with what they allow (from the policies' published documents).
 */
const BROAD_WRITE_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  AWSLambdaExecute: 's3:PutObject on every S3 bucket (arn:aws:s3:::*)',
  AWSLambdaRole: 'lambda:InvokeFunction on every function (Resource "*")',
};

export function broadWriteOfManagedPolicy(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(BROAD_WRITE_MANAGED_POLICIES, name) ? BROAD_WRITE_MANAGED_POLICIES[name] : undefined;
}

/**
 * SAM policy templates whose name says they write (`S3CrudPolicy`, `SQSSendMessagePolicy`,
 * `DynamoDBWritePolicy`): given `*` as a resource parameter they grant writes on everything.
 */
export function isWritingPolicyTemplate(name: string): boolean {
  return /(Crud|Write|FullAccess|Send|Publish|Put|Invoke|Delete|Execution|Start)/.test(name);
}
