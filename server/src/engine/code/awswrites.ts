/**
 * SDK calls that write to a bucket, queue, topic, table or stream, or invoke a function, with
 * the expression that names the target: boto3 (`s3.put_object(Bucket=...)`,
 * `sqs.send_message(QueueUrl=...)`, `table.put_item(...)` on `dynamodb.Table(name)`), AWS SDK
 * v3 commands (`new PutObjectCommand({ Bucket })`) and v2 methods (`s3.putObject({ Bucket })`).
 * And where a target expression comes from: an environment variable, or a literal.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import { envReads } from './envreads';
import { perModule } from './memo';
import type { CodeModule } from './model';
import { callArgs, calleePath, isPython, objectProps, stringValue } from './syntax';
import { walkModule } from './walk';

export type WriteKind = 's3' | 'sqs' | 'sns' | 'dynamodb' | 'kinesis' | 'lambda';

interface WriteSpec {
  kind: WriteKind;
  /** The parameter naming the target, and its position in Python positional calls (-1: keyword only). */
  param: string;
  position?: number;
  /** The S3 object key parameter. */
  keyParam?: string;
  keyPosition?: number;
}

// The target parameter of each kind of write (the same in boto3, SDK v2 methods and v3 commands).
const S3_PUT: WriteSpec = { kind: 's3', param: 'Bucket', keyParam: 'Key' };
const SQS: WriteSpec = { kind: 'sqs', param: 'QueueUrl' };
const SNS: WriteSpec = { kind: 'sns', param: 'TopicArn' };
const DYNAMODB: WriteSpec = { kind: 'dynamodb', param: 'TableName' };
const KINESIS: WriteSpec = { kind: 'kinesis', param: 'StreamName' };
const LAMBDA: WriteSpec = { kind: 'lambda', param: 'FunctionName' };
const PY_METHODS: Record<string, WriteSpec> = {
  put_object: S3_PUT,
  copy_object: S3_PUT,
  upload_file: { kind: 's3', param: 'Bucket', position: 1, keyParam: 'Key', keyPosition: 2 },
  upload_fileobj: { kind: 's3', param: 'Bucket', position: 1, keyParam: 'Key', keyPosition: 2 },
  send_message: SQS,
  send_message_batch: SQS,
  publish: SNS,
  publish_batch: SNS,
  put_item: DYNAMODB,
  update_item: DYNAMODB,
  delete_item: DYNAMODB,
  put_record: KINESIS,
  put_records: KINESIS,
  invoke: LAMBDA,
  invoke_async: LAMBDA,
};
const JS_METHODS: Record<string, WriteSpec> = {
  putObject: S3_PUT,
  copyObject: S3_PUT,
  upload: S3_PUT,
  sendMessage: SQS,
  sendMessageBatch: SQS,
  publish: SNS,
  putItem: DYNAMODB,
  updateItem: DYNAMODB,
  deleteItem: DYNAMODB,
  put: DYNAMODB,
  update: DYNAMODB,
  putRecord: KINESIS,
  putRecords: KINESIS,
  invoke: LAMBDA,
  invokeAsync: LAMBDA,
};
const JS_COMMANDS: Record<string, WriteSpec> = {
  PutObjectCommand: S3_PUT,
  CopyObjectCommand: S3_PUT,
  SendMessageCommand: SQS,
  SendMessageBatchCommand: SQS,
  PublishCommand: SNS,
  PublishBatchCommand: SNS,
  PutItemCommand: DYNAMODB,
  UpdateItemCommand: DYNAMODB,
  DeleteItemCommand: DYNAMODB,
  PutCommand: DYNAMODB,
  UpdateCommand: DYNAMODB,
  DeleteCommand: DYNAMODB,
  PutRecordCommand: KINESIS,
  PutRecordsCommand: KINESIS,
  InvokeCommand: LAMBDA,
};

export interface AwsWrite {
  kind: WriteKind;
  call: SyntaxNode;
  /** The callee (`s3.put_object`, `new PutObjectCommand`): where a finding goes. */
  span: { from: number; to: number };
  target?: SyntaxNode;
  key?: SyntaxNode;
}

const CALLS = new Set(['CallExpression', 'NewExpression']);
const ASSIGNMENTS = new Set(['AssignStatement']);
const BINDINGS = new Set(['AssignStatement', 'VariableDeclaration']);

/** Cached per module (LA304 asks once per function using the handler): treat the result as read-only. */
export const awsWrites: (mod: CodeModule) => AwsWrite[] = perModule(findWrites);

function findWrites(mod: CodeModule): AwsWrite[] {
  const out: AwsWrite[] = [];
  const py = isPython(mod);
  const tables = py ? pythonTableBindings(mod) : new Map<string, SyntaxNode>();
  walkModule(mod, (n) => {
    const callee = calleePath(mod, n);
    if (!callee) return;
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    const argList = kid(n, 'ArgList');
    const span = { from: n.from, to: argList ? argList.from : n.to };
    if (py) {
      const spec = PY_METHODS[last];
      if (!spec || !callee.includes('.')) return;
      const args = callArgs(mod, n);
      let target = args.keywords.get(spec.param) ?? (spec.position !== undefined ? args.positional[spec.position] : undefined);
      // `table = dynamodb.Table(name)` ... `table.put_item(Item=...)`: the table comes from the binding.
      if (!target && spec.kind === 'dynamodb') target = tables.get(callee.slice(0, callee.lastIndexOf('.')));
      const key = spec.keyParam ? (args.keywords.get(spec.keyParam) ?? (spec.keyPosition !== undefined ? args.positional[spec.keyPosition] : undefined)) : undefined;
      out.push({ kind: spec.kind, call: n, span, target, key });
      return;
    }
    const spec = n.name === 'NewExpression' ? JS_COMMANDS[last] : callee.includes('.') ? JS_METHODS[last] : undefined;
    if (!spec) return;
    let arg = callArgs(mod, n).positional[0];
    // `const params = { Bucket, Key }; s3.putObject(params)`: the object of its one binding.
    if (arg?.name === 'VariableName') arg = bindingValue(mod, textOf(mod.source.text, arg)) ?? arg;
    const props = objectProps(mod, arg);
    if (!props) return;
    out.push({ kind: spec.kind, call: n, span, target: props.get(spec.param), key: spec.keyParam ? props.get(spec.keyParam) : undefined });
  }, { only: CALLS });
  return out;
}

/** Python names bound to `<resource>.Table(<name>)`, with the name expression. */
function pythonTableBindings(mod: CodeModule): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  walkModule(mod, (n) => {
    const parts = kids(n);
    const value = parts[parts.length - 1];
    if (parts.length !== 3 || parts[0].name !== 'VariableName' || value.name !== 'CallExpression') return;
    if (calleePath(mod, value)?.endsWith('.Table')) {
      const arg = callArgs(mod, value).positional[0];
      if (arg) out.set(textOf(mod.source.text, parts[0]), arg);
    }
  }, { only: ASSIGNMENTS });
  return out;
}

export interface TargetValue {
  env?: string;
  literal?: string;
  /** The bucket the triggering S3 event names (`event.Records[0].s3.bucket.name`): a write back to it re-triggers. */
  eventBucket?: boolean;
}

/**
 * What a target expression stands for: an environment variable read in place or through a
 * variable bound once (`BUCKET = os.environ['BUCKET']`, `const { BUCKET } = process.env`), or
 * a string literal. Undefined when it is anything else.
 */
export function targetValue(mod: CodeModule, n: SyntaxNode | undefined, depth = 0): TargetValue | undefined {
  if (!n || depth > 4) return undefined;
  const reads = envReads(mod).reads;
  const direct = reads.find((r) => r.node.from === n.from && r.node.to === n.to);
  if (direct) return { env: direct.name };
  // `os.environ.get('B', 'x')` wrapped in parentheses or `or`: the read is the left operand.
  const lit = stringValue(mod, n);
  if (lit !== undefined) return { literal: lit };
  if (endsWithEventBucket(mod, n)) return { eventBucket: true };
  const name = n.name === 'VariableName' || n.name === 'PropertyDefinition' ? textOf(mod.source.text, n) : undefined;
  if (!name) return undefined;
  // A destructured read `const { B } = process.env` / `const { B: bucket } = process.env`.
  for (const r of reads) {
    if (r.node.name !== 'PatternProperty') continue;
    const local = kid(r.node, 'VariableDefinition') ?? r.node.firstChild;
    if (local && textOf(mod.source.text, local) === name) return { env: r.name };
  }
  const value = bindingValue(mod, name);
  return value ? targetValue(mod, value, depth + 1) : undefined;
}

/** The value of the one assignment to `name` anywhere in the module (more than one: unknown). */
function bindingValue(mod: CodeModule, name: string): SyntaxNode | undefined {
  const found = assignedValues(mod).get(name);
  return found?.length === 1 ? found[0] : undefined;
}

/** Every simple assignment in the module, by name: one walk serves every lookup of every write. */
const assignedValues = perModule((mod: CodeModule): Map<string, SyntaxNode[]> => {
  const text = mod.source.text;
  const out = new Map<string, SyntaxNode[]>();
  const add = (name: string, value: SyntaxNode) => {
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  };
  walkModule(mod, (n) => {
    if (n.name === 'AssignStatement') {
      const parts = kids(n);
      if (parts.length === 3 && parts[0].name === 'VariableName') add(textOf(text, parts[0]), parts[2]);
    } else if (n.name === 'VariableDeclaration') {
      const parts = kids(n);
      parts.forEach((p, i) => {
        if (p.name === 'VariableDefinition' && parts[i + 1]?.name === 'Equals' && parts[i + 2]) add(textOf(text, p), parts[i + 2]);
      });
    }
    return undefined;
  }, { only: BINDINGS });
  return out;
});

/**
 * Whether `n` reads an S3 event record's bucket name: a member chain ending in `s3`, `bucket`,
 * `name`, by attribute or by subscript (`record.s3.bucket.name`, `r['s3']['bucket']['name']`).
 */
function endsWithEventBucket(mod: CodeModule, n: SyntaxNode): boolean {
  const names: string[] = [];
  let cur: SyntaxNode | null = n;
  while (cur && cur.name === 'MemberExpression' && names.length < 3) {
    const parts = kids(cur);
    const member = parts[2];
    if (!member) return false;
    const name = member.name === 'PropertyName' ? textOf(mod.source.text, member) : stringValue(mod, member);
    if (name === undefined) return false;
    names.unshift(name);
    cur = parts[0];
  }
  return names.join('.') === 's3.bucket.name';
}
