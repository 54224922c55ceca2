/**
 * Which calls create an SDK client, a database connection or pool, or an HTTP session:
 * the catalog, and the resolution of a call's callee through the module's imports so that
 * a local function that happens to be called `client()` is never taken for boto3's.
 */
import type { SyntaxNode } from '@lezer/common';
import { kids } from '../parse/code';
import type { CodeModule } from './model';
import { jsImported, pyQualified } from './qualify';
import { calleePath, isPython } from './syntax';

export type ClientKind = 'aws-sdk' | 'aws-session' | 'database' | 'http';

export interface ClientCreation {
  kind: ClientKind;
  /** The call or `new` expression that creates the object. */
  call: SyntaxNode;
}

/**
 * Python: fully qualified callables. Keys are `module.member` as the import system
 * names them (`from boto3 import client` and `import boto3; boto3.client` both give 'boto3.client').
 */
const PYTHON_CREATORS = new Map<string, ClientKind>([
  ['boto3.client', 'aws-sdk'],
  ['boto3.resource', 'aws-sdk'],
  ['boto3.Session', 'aws-session'],
  ['boto3.session.Session', 'aws-session'],
  ['psycopg2.connect', 'database'],
  ['psycopg2.pool.SimpleConnectionPool', 'database'],
  ['psycopg2.pool.ThreadedConnectionPool', 'database'],
  ['psycopg.connect', 'database'],
  ['pymysql.connect', 'database'],
  ['MySQLdb.connect', 'database'],
  ['mysql.connector.connect', 'database'],
  ['pg8000.connect', 'database'],
  ['sqlalchemy.create_engine', 'database'],
  ['redis.Redis', 'database'],
  ['redis.StrictRedis', 'database'],
  ['redis.from_url', 'database'],
  ['redis.Redis.from_url', 'database'],
  ['pymongo.MongoClient', 'database'],
  ['elasticsearch.Elasticsearch', 'database'],
  ['opensearchpy.OpenSearch', 'database'],
  ['requests.Session', 'http'],
  ['requests.session', 'http'],
  ['httpx.Client', 'http'],
  ['httpx.AsyncClient', 'http'],
  ['urllib3.PoolManager', 'http'],
]);

/** Methods of a boto3 session that create clients. */
const SESSION_FACTORIES = new Set(['client', 'resource']);

/** Members of the v2 `aws-sdk` namespace that are configuration, not service clients. */
const AWS_V2_NON_CLIENTS = new Set(['Config', 'Endpoint', 'Credentials', 'CredentialProviderChain', 'Request', 'Response', 'Service', 'HttpRequest', 'HttpResponse', 'EventListeners', 'MetadataService']);

/** JavaScript: the module an imported name comes from, and the member path under it. */
interface JsTarget {
  module: string;
  /** '' for the module object itself (default / namespace / `require()` binding). */
  member: string;
  isNew: boolean;
}

function jsKind({ module, member, isNew }: JsTarget): ClientKind | undefined {
  const parts = member ? member.split('.') : [];
  const last = parts[parts.length - 1] ?? '';
  if (module === 'aws-sdk') {
    // new AWS.S3(), new AWS.DynamoDB.DocumentClient(), const { S3 } = require('aws-sdk')
    if (!isNew || !parts.length || !/^[A-Z]/.test(parts[0]) || AWS_V2_NON_CLIENTS.has(parts[0]) || parts[0].endsWith('Credentials')) return undefined;
    return parts.length === 1 || (parts.length === 2 && last === 'DocumentClient') ? 'aws-sdk' : undefined;
  }
  if (module.startsWith('aws-sdk/clients/')) {
    // const S3 = require('aws-sdk/clients/s3'); new S3()
    return isNew && (parts.length === 0 || last === 'DocumentClient') ? 'aws-sdk' : undefined;
  }
  if (module.startsWith('@aws-sdk/')) {
    // new S3Client({}), DynamoDBDocumentClient.from(client); commands and exceptions are per request.
    if (isNew && last.endsWith('Client')) return 'aws-sdk';
    if (isNew && module.startsWith('@aws-sdk/client-') && parts.length === 1 && /^[A-Z]/.test(last) && !/(Command|Exception|Error)$/.test(last)) return 'aws-sdk';
    if (!isNew && parts.length === 2 && last === 'from' && parts[0].endsWith('Client')) return 'aws-sdk';
    return undefined;
  }
  switch (module) {
    case 'pg':
      return isNew && (last === 'Pool' || last === 'Client') ? 'database' : undefined;
    case 'pg-pool':
      return isNew && parts.length === 0 ? 'database' : undefined;
    case 'postgres':
      return !isNew && parts.length === 0 ? 'database' : undefined;
    case 'mysql':
    case 'mysql2':
    case 'mysql2/promise':
      return !isNew && ['createConnection', 'createPool', 'createPoolCluster'].includes(last) && parts.length === 1 ? 'database' : undefined;
    case 'mongodb':
      if (isNew && member === 'MongoClient') return 'database';
      return !isNew && member === 'MongoClient.connect' ? 'database' : undefined;
    case 'ioredis':
      return isNew && (parts.length === 0 || member === 'Redis' || member === 'default' || member === 'Cluster') ? 'database' : undefined;
    case 'redis':
      return !isNew && (member === 'createClient' || member === 'createCluster') ? 'database' : undefined;
    case '@elastic/elasticsearch':
    case '@opensearch-project/opensearch':
      return isNew && member === 'Client' ? 'database' : undefined;
    case 'http':
    case 'https':
      return isNew && member === 'Agent' ? 'http' : undefined;
    case 'axios':
      return !isNew && member === 'create' ? 'http' : undefined;
    case 'undici':
      return isNew && ['Agent', 'Pool', 'Client'].includes(member) ? 'http' : undefined;
    default:
      return undefined;
  }
}

/**
 * What a call creates, if it is one of the catalogued constructors. `isLocal` says whether a
 * name is bound inside the function being checked (then it shadows any import).
 */
export function clientCreation(mod: CodeModule, call: SyntaxNode, isLocal: (name: string) => boolean): ClientCreation | undefined {
  if (call.name !== 'CallExpression' && call.name !== 'NewExpression') return undefined;
  const kind = isPython(mod) ? pythonKind(mod, call, isLocal) : jsCallKind(mod, call, isLocal);
  return kind ? { kind, call } : undefined;
}

function pythonKind(mod: CodeModule, call: SyntaxNode, isLocal: (name: string) => boolean): ClientKind | undefined {
  const path = calleePath(mod, call);
  if (path) {
    // A module-level class of the same name shadows the import too (pyQualified already checks defs).
    const q = pyQualified(mod, path, (n) => isLocal(n) || definesClass(mod, n));
    const k = q ? PYTHON_CREATORS.get(q) : undefined;
    if (k) return k;
  }
  // session.client(...) on a session: a module-level `session = boto3.Session()` or `boto3.Session().client(...)`.
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const [obj, dot, prop] = kids(callee);
  if (dot?.name !== '.' || prop?.name !== 'PropertyName' || !SESSION_FACTORIES.has(mod.source.text.slice(prop.from, prop.to))) return undefined;
  if (obj.name === 'CallExpression') return pythonKind(mod, obj, isLocal) === 'aws-session' ? 'aws-sdk' : undefined;
  if (obj.name === 'VariableName') {
    const name = mod.source.text.slice(obj.from, obj.to);
    if (isLocal(name)) return undefined;
    return moduleLevelValueKind(mod, name, isLocal) === 'aws-session' ? 'aws-sdk' : undefined;
  }
  return undefined;
}

/** The kind of a module-level `name = <creator>(...)` assignment (the last one wins, as at run time). */
function moduleLevelValueKind(mod: CodeModule, name: string, isLocal: (name: string) => boolean): ClientKind | undefined {
  let found: ClientKind | undefined;
  for (const st of mod.topStatements) {
    if (st.name !== 'AssignStatement') continue;
    const parts = kids(st);
    if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') continue;
    if (mod.source.text.slice(parts[0].from, parts[0].to) !== name) continue;
    found = parts[2].name === 'CallExpression' ? pythonKind(mod, parts[2], isLocal) : undefined;
  }
  return found;
}

function definesClass(mod: CodeModule, name: string): boolean {
  return mod.topStatements.some((st) => {
    const def = st.name === 'DecoratedStatement' ? kids(st).find((c) => c.name === 'ClassDefinition') : st;
    if (def?.name !== 'ClassDefinition') return false;
    const n = kids(def).find((c) => c.name === 'VariableName' || c.name === 'VariableDefinition');
    return !!n && mod.source.text.slice(n.from, n.to) === name;
  });
}

function jsCallKind(mod: CodeModule, call: SyntaxNode, isLocal: (name: string) => boolean): ClientKind | undefined {
  const path = calleePath(mod, call);
  const target = path ? jsImported(mod, path, isLocal) : undefined;
  return target ? jsKind({ ...target, isNew: call.name === 'NewExpression' }) : undefined;
}
