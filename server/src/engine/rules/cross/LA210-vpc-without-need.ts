import * as path from 'node:path';
import { codeFilesUnder, languagesOfRuntime } from '../../code/functionFiles';
import { importedModules } from '../../code/imports';
import type { CodeModule } from '../../code/model';
import { walkModule } from '../../code/walk';
import { textOf } from '../../parse/code';
import { get, intrinsicName, isMap, str } from '../../parse/tree';
import { manifestsFor } from '../../manifests/find';
import type { FunctionModel, TemplateDoc } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { ProjectView, TemplateRule } from '../api';

/**
 * LA210: a function attached to a VPC that reaches nothing inside one. VPC attachment costs
 * cold-start and deployment time (ENIs), needs NAT or VPC endpoints to reach AWS services and
 * the internet, and protects nothing for code that only calls public AWS APIs (DynamoDB, S3,
 * SQS, ...). Deliberately conservative: any sign of something that lives in a VPC (a resource
 * in the template, an environment variable that names one, a driver in the code or its
 * manifest, a private address) keeps it quiet, and so does code it cannot read.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA210',
    slug: 'vpc-without-need',
    title: 'VPC attachment without anything to reach in the VPC',
    defaultSeverity: 'info',
    category: 'performance',
    scope: 'cross',
    languages: ['yaml', 'json', 'python', 'javascript', 'typescript'],
    summary:
      'The function is attached to a VPC, but neither the template nor its code reaches anything that lives in one (database, cache, broker, EFS, private endpoint). The VPC adds network interfaces, needs NAT or VPC endpoints to reach AWS services, and gives no protection to code that only calls public AWS APIs. Remove VpcConfig unless the function needs it.',
    hasFix: false,
  },
  check(ctx) {
    const doc = ctx.template;
    if (templateHasVpcResource(doc)) return;
    for (const fn of doc.functions) {
      const vpc = fn.prop('VpcConfig');
      // `vpc: ${self:custom.vpc}`, `!If [...]`, `!Ref AWS::NoValue`: unknown.
      if (!vpc || !isMap(vpc.node) || intrinsicName(vpc.node) || vpc.node.shortTag) continue;
      if (fn.prop('FileSystemConfigs') || get(fn.properties, 'fileSystemConfig')) continue; // EFS needs the VPC
      if (fn.events.some((e) => VPC_EVENT_TYPES.has(e.type))) continue;
      if (environmentNamesVpcService(doc, fn)) continue;
      if (codeMayNeedVpc(ctx.project, fn)) continue;
      const key = fn.resourceType === 'serverless' ? 'vpc' : 'VpcConfig';
      const own = vpc.source === 'function';
      const from = own ? vpc.entry.key : fn.entry.key;
      ctx.report({
        from: from.from,
        to: from.to,
        message: `${fn.id} is attached to a VPC${own ? '' : ` (${key} from ${vpc.source === 'globals' ? 'Globals' : 'provider'})`} but neither the template nor its code reaches anything that lives in one (no database, cache, broker, EFS or private address found): the VPC adds network interfaces and needs NAT or VPC endpoints for AWS services and the internet, without protecting calls to public AWS APIs. Remove ${key} unless the function needs it (a fixed egress IP through NAT, a private resource defined elsewhere)`,
        related: own ? undefined : [{ from: vpc.entry.key.from, to: vpc.entry.key.to, message: `Shared ${key}` }],
        functionId: fn.id,
      });
    }
  },
};

/** Resources that live in (or are reached through) a VPC. */
const VPC_RESOURCE_PREFIXES = [
  'AWS::RDS::',
  'AWS::ElastiCache::',
  'AWS::MemoryDB::',
  'AWS::Redshift::',
  'AWS::RedshiftServerless::',
  'AWS::DocDB::',
  'AWS::DocDBElastic::',
  'AWS::Neptune::',
  'AWS::MSK::',
  'AWS::MQ::',
  'AWS::EFS::',
  'AWS::FSx::',
  'AWS::DAX::',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::EC2::Instance',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::ECS::Service',
  'AWS::ServiceDiscovery::PrivateDnsNamespace',
  'AWS::SecretsManager::SecretTargetAttachment',
];

/**
 * Per template (keyed by its resources, which the views cross rules get for each handler file
 * share): an audit checks each handler of a template on its own, and scanning every resource again
 * for each was quadratic in the template's size.
 */
const vpcResourceSeen = new WeakMap<TemplateDoc['resources'], boolean>();

function templateHasVpcResource(doc: TemplateDoc): boolean {
  let seen = vpcResourceSeen.get(doc.resources);
  if (seen === undefined) vpcResourceSeen.set(doc.resources, (seen = scanForVpcResource(doc)));
  return seen;
}

function scanForVpcResource(doc: TemplateDoc): boolean {
  for (const res of doc.resources.values()) {
    if (VPC_RESOURCE_PREFIXES.some((p) => res.type.startsWith(p))) return true;
    // An internal load balancer is only reachable from inside the VPC.
    if (res.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && str(get(res.properties, 'Scheme')) === 'internal') return true;
  }
  return false;
}

/** Event sources whose brokers live in a VPC (the function itself need not, but then we are unsure). */
const VPC_EVENT_TYPES: ReadonlySet<string> = new Set(['MSK', 'SelfManagedKafka', 'Kafka', 'MQ', 'DocumentDB']);

/** Words of environment variable names that point at something in a VPC (or might: when unsure, quiet). */
const NAME_WORDS = new Set([
  'DB', 'DBHOST', 'DBNAME', 'DBUSER', 'DBPORT', 'DSN', 'JDBC', 'SQL', 'PG', 'PGHOST', 'RDS', 'HOST', 'HOSTNAME', 'ES', 'MSK', 'MQ', 'EFS',
  'BROKER', 'BROKERS', 'BOOTSTRAP', 'CACHE', 'DOCDB', 'LDAP', 'SMTP', 'NFS',
]);
const NAME_PARTS = ['DATABASE', 'POSTGRES', 'MYSQL', 'MARIADB', 'AURORA', 'REDIS', 'VALKEY', 'MEMCACHE', 'ELASTICACHE', 'MONGO', 'DOCUMENTDB', 'OPENSEARCH', 'ELASTICSEARCH', 'KAFKA', 'RABBIT', 'AMQP', 'NEPTUNE', 'REDSHIFT', 'CASSANDRA', 'ORACLE'];

function environmentNamesVpcService(doc: TemplateDoc, fn: FunctionModel): boolean {
  for (const [name, v] of fn.environment) {
    const upper = name.toUpperCase();
    if (upper.split(/[^A-Z0-9]+/).some((w) => NAME_WORDS.has(w)) || NAME_PARTS.some((p) => upper.includes(p))) return true;
    const value = str(resolveScalar(doc, v.entry.value));
    if (value && privateTarget(value)) return true;
  }
  return false;
}

/**
 * A string that names a database URL, an AWS endpoint that lives in a VPC, or a private
 * address. Applied to one string value at a time (an environment value, a string literal).
 */
function privateTarget(s: string): boolean {
  const l = s.toLowerCase();
  if (/^(postgres(ql)?|mysql|mariadb|redis|rediss|mongodb(\+srv)?|amqps?|memcached|jdbc:[a-z]+):\/\//.test(l) || l.startsWith('jdbc:')) return true;
  if (/\.(rds|cache|docdb|docdb-elastic|redshift|neptune|mq|efs|dax-clusters)\.[a-z0-9-]+\.amazonaws\.com/.test(l) || /\.kafka\.[a-z0-9-]+\.amazonaws\.com/.test(l)) return true;
  if (/(^|[/@])vpc-[a-z0-9-]+\.[a-z0-9-]+\.es\.amazonaws\.com/.test(l) || l.includes('vpce-')) return true;
  if (/(^|[/@])(10\.\d{1,3}|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}(?![\d.])/.test(l)) return true;
  return /^[a-z0-9.-]+\.(internal|local|corp|intranet|lan)(:\d+)?$/.test(l) || /:\/\/[a-z0-9.-]+\.(internal|local|corp|intranet|lan)([:/]|$)/.test(l);
}

/** Client libraries for what lives in a VPC, by Python top-level module or npm package. */
const PY_MODULES = new Set([
  'psycopg2', 'psycopg', 'pg8000', 'asyncpg', 'aurora_data_api', 'pymysql', 'mysql', 'MySQLdb', 'aiomysql', 'mariadb', 'sqlalchemy', 'django',
  'peewee', 'pony', 'tortoise', 'redis', 'rediscluster', 'aioredis', 'valkey', 'pymemcache', 'pylibmc', 'memcache', 'pymongo', 'motor', 'mongoengine',
  'opensearchpy', 'elasticsearch', 'kafka', 'confluent_kafka', 'aiokafka', 'pika', 'aio_pika', 'kombu', 'stomp', 'gremlin_python', 'neo4j',
  'cassandra', 'pyodbc', 'cx_Oracle', 'oracledb', 'pymssql', 'redshift_connector', 'amazondax', 'ldap3', 'paramiko', 'smtplib', 'ftplib',
]);
const NPM_PACKAGES = new Set([
  'pg', 'pg-pool', 'postgres', '@neondatabase/serverless', 'mysql', 'mysql2', 'mariadb', 'sequelize', 'typeorm', 'knex', 'kysely', 'drizzle-orm', '@prisma/client', 'prisma',
  'mongoose', 'mongodb', 'redis', 'ioredis', '@redis/client', 'memcached', 'memjs', '@opensearch-project/opensearch', '@elastic/elasticsearch', 'elasticsearch',
  'kafkajs', '@confluentinc/kafka-javascript', 'node-rdkafka', 'amqplib', 'amqp-connection-manager', 'stompit', 'gremlin', 'neo4j-driver', 'cassandra-driver',
  'oracledb', 'tedious', 'mssql', 'amazon-dax-client', '@amazon-dax-sdk/lib-dax', '@amazon-dax-sdk/client-dax', 'ldapjs', 'ssh2', 'ssh2-sftp-client', 'nodemailer', 'net', 'node:net',
]);
/** Python distribution names that differ from their module (as requirements.txt spells them, normalized). */
const PY_DISTRIBUTIONS = new Set(['psycopg2-binary', 'psycopg-binary', 'mysql-connector-python', 'mysqlclient', 'redis-py-cluster', 'opensearch-py', 'kafka-python', 'confluent-kafka', 'gremlinpython', 'cassandra-driver', 'amazon-dax-client', 'aurora-data-api']);

function isDriverModule(spec: string, python: boolean): boolean {
  if (python) return PY_MODULES.has(spec.split('.')[0]);
  const parts = spec.split('/');
  return NPM_PACKAGES.has(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
}

function isDriverDependency(name: string, python: boolean): boolean {
  if (!python) return NPM_PACKAGES.has(name);
  const n = name.toLowerCase().replace(/[_.]+/g, '-');
  return PY_DISTRIBUTIONS.has(n) || PY_MODULES.has(n.replace(/-/g, '_')) || [...PY_MODULES].some((m) => m.toLowerCase() === n);
}

/** True when the code uses (or may use: unreadable, unparsable, too large, another language) something in a VPC. */
function codeMayNeedVpc(project: ProjectView, fn: FunctionModel): boolean {
  const target = fn.handlerTarget;
  if (fn.inlineCode || fn.packageType === 'Image' || !target?.file || !target.language) return true;
  const languages = languagesOfRuntime(fn.runtime, target.language);
  if (!languages.length) return true;
  const python = target.language === 'python';
  const dir = target.codeDir ?? path.dirname(target.file);
  const listing = codeFilesUnder(project.host, dir, languages);
  if (listing.truncated) return true;
  for (const file of listing.files) {
    const mod = project.codeModule(file);
    if (!mod || mod.syntaxError) return true;
    for (const m of importedModules(mod)) if (isDriverModule(m, python)) return true;
    if (hasPrivateLiteral(mod)) return true;
  }
  const manifests = manifestsFor(project.host, target.file, target.language, target.codeDir);
  for (const m of manifests?.manifests ?? []) if (m.dependencies.some((d) => isDriverDependency(d.name, python))) return true;
  return false;
}

const STRING_NODES = new Set(['String', 'FormatString', 'TemplateString']);

function hasPrivateLiteral(mod: CodeModule): boolean {
  let found = false;
  walkModule(mod, (n) => {
    if (found) return false;
    const raw = textOf(mod.source.text, n).replace(/^[a-zA-Z]*(['"`]{1,3})/, '').replace(/['"`]{1,3}$/, '');
    if (privateTarget(raw.trim())) found = true;
    return false;
  }, { only: STRING_NODES });
  return found;
}
