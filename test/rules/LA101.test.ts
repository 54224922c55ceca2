import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, type Files } from '../helpers/engine';
import type { Finding } from '../../server/src/engine/types';

const only = onlyRule('LA101');

function la101(files: Files, file: string): Finding[] {
  return findings(files, file, 'LA101', only);
}

/** The text each finding covers, in order. */
function covered(files: Files, file: string): string[] {
  return la101(files, file).map((f) => rangeText(files, f));
}

/** Applies the one fix of the one finding, checks the result parses and is clean, and returns it. */
function fixed(files: Files, file: string): string {
  const fs = la101(files, file);
  assert.equal(fs.length, 1, `expected one finding, got ${fs.map((f) => f.message).join(' | ')}`);
  assert.equal(fs[0].fixes?.length, 1, 'expected one fix');
  assert.equal(fs[0].fixes![0].title, 'Hoist client initialization out of the handler');
  const after = applyFix(files, fs[0].fixes![0]);
  assertParses(file, after[file]);
  assert.deepEqual(la101(after, file), [], 'the finding is gone after the fix');
  return after[file];
}

describe('LA101 client-init-in-handler: fires', () => {
  it('Python: boto3 clients, resources and sessions, DB connections and HTTP sessions created in the handler', () => {
    const files = {
      'app.py': `import os
import boto3
import redis
import requests
import psycopg2
from boto3 import client as make_client
from sqlalchemy import create_engine

def lambda_handler(event, context):
    s3 = boto3.client("s3")
    table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
    session = boto3.session.Session()
    sqs = make_client("sqs")
    cache = redis.Redis(host=os.environ["REDIS_HOST"])
    http = requests.Session()
    conn = psycopg2.connect(os.getenv("DSN"))
    engine = create_engine(os.environ["DB_URL"])
    return s3, table, session, sqs, cache, http, conn, engine
`,
    };
    assert.deepEqual(covered(files, 'app.py'), [
      'boto3.client("s3")',
      'boto3.resource("dynamodb")',
      'boto3.session.Session()',
      'make_client("sqs")',
      'redis.Redis(host=os.environ["REDIS_HOST"])',
      'requests.Session()',
      'psycopg2.connect(os.getenv("DSN"))',
      'create_engine(os.environ["DB_URL"])',
    ]);
    const first = la101(files, 'app.py')[0];
    assert.equal(first.message, 'boto3.client("s3") is created on every invocation; create it once at module scope so warm invocations reuse it.');
    assert.equal(first.severity, 'warning');
    assert.deepEqual(first.range, { start: { line: 9, character: 9 }, end: { line: 9, character: 27 } });
  });

  it('Python: a client from a module-level session', () => {
    const files = {
      'app.py': `import boto3

session = boto3.Session()

def lambda_handler(event, context):
    ddb = session.resource("dynamodb")
    return ddb
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['session.resource("dynamodb")']);
  });

  it('JavaScript, CommonJS and AWS SDK v2, pg, https.Agent', () => {
    const files = {
      'src/index.js': `const AWS = require('aws-sdk');
const { Pool } = require('pg');
const https = require('node:https');

exports.handler = async (event) => {
  const s3 = new AWS.S3({ region: process.env.AWS_REGION });
  const docs = new AWS.DynamoDB.DocumentClient();
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const agent = new https.Agent({ keepAlive: true });
  AWS.config.update({ region: 'eu-west-1' });
  const cfg = new AWS.Config({ maxRetries: 2 });
  return s3.getObject({ Bucket: event.bucket, Key: event.key }).promise();
};
`,
    };
    assert.deepEqual(covered(files, 'src/index.js'), [
      'new AWS.S3({ region: process.env.AWS_REGION })',
      'new AWS.DynamoDB.DocumentClient()',
      'new Pool({ connectionString: process.env.DATABASE_URL })',
      "new https.Agent({ keepAlive: true })",
    ]);
  });

  it('JavaScript, ES modules and AWS SDK v3 (named and namespace imports), MongoDB, ioredis, axios', () => {
    const files = {
      'app.mjs': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as lib from '@aws-sdk/lib-dynamodb';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import axios from 'axios';

export const handler = async (event) => {
  const s3 = new S3Client({});
  const docs = lib.DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const mongo = new MongoClient(process.env.MONGO_URI);
  const redis = new Redis(process.env.REDIS_URL);
  const api = axios.create({ baseURL: 'https://api.example.com' });
  const get = new GetObjectCommand({ Bucket: event.bucket, Key: event.key });
  return s3.send(get);
};
`,
    };
    // The document client wraps a new DynamoDBClient: one finding for the whole construction.
    assert.deepEqual(covered(files, 'app.mjs'), [
      'new S3Client({})',
      'lib.DynamoDBDocumentClient.from(new DynamoDBClient({}))',
      'new MongoClient(process.env.MONGO_URI)',
      'new Redis(process.env.REDIS_URL)',
      "axios.create({ baseURL: 'https://api.example.com' })",
    ]);
  });

  it('JavaScript: require() destructuring with a rename resolves to the SDK class', () => {
    const files = {
      'index.js': `const { S3Client: Storage } = require('@aws-sdk/client-s3');
exports.handler = async (event) => {
  const s3 = new Storage({});
  return s3;
};
`,
    };
    assert.deepEqual(covered(files, 'index.js'), ['new Storage({})']);
  });

  it('TypeScript named by a SAM template through esbuild EntryPoints', () => {
    const files = {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: orders/
      Handler: app.processOrder
      Runtime: nodejs20.x
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - src/app.ts
`,
      'orders/src/app.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';

export async function processOrder(event: SQSEvent): Promise<void> {
  const ddb: DynamoDBClient = new DynamoDBClient({ region: process.env.AWS_REGION });
  await Promise.all(event.Records.map((r) => ddb.send(r as never)));
}
`,
    };
    const fs = la101(files, 'orders/src/app.ts');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['new DynamoDBClient({ region: process.env.AWS_REGION })']);
    assert.equal(fs[0].functionId, 'OrdersFunction');
  });

  it('TypeScript found by convention (exported handler), no template', () => {
    const files = {
      'handler.ts': `import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export const handler = async (event: { id: string }) => {
  const secrets = new SecretsManagerClient({});
  return secrets;
};
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), ['new SecretsManagerClient({})']);
  });

  it('a client built in a module-level helper that the handler calls, reported where it is built', () => {
    const files = {
      'app.py': `import boto3

def get_table():
    return boto3.resource("dynamodb").Table("orders")

def load(order_id):
    return get_table().get_item(Key={"id": order_id})

def lambda_handler(event, context):
    return load(event["id"])
`,
    };
    const fs = la101(files, 'app.py');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'boto3.resource("dynamodb")');
    assert.equal(
      fs[0].message,
      'boto3.resource("dynamodb") is created on every invocation (lambda_handler calls get_table on every invocation); create it once at module scope so warm invocations reuse it.',
    );
    assert.equal(fs[0].related?.[0].range.start.line, 8);
    // `return ...` uses the object without a name to hoist: no fix.
    assert.equal(fs[0].fixes, undefined);
  });

  it('a client created per record in a loop or in a callback defined in the handler', () => {
    const files = {
      'app.js': `const { SQSClient } = require('@aws-sdk/client-sqs');
exports.handler = async (event) => {
  for (const record of event.Records) {
    const sqs = new SQSClient({});
    await sqs.send(record.body);
  }
  await Promise.all(event.Records.map((r) => new SQSClient({}).send(r.body)));
};
`,
    };
    assert.deepEqual(covered(files, 'app.js'), ['new SQSClient({})', 'new SQSClient({})']);
  });
});

describe('LA101 client-init-in-handler: quiet near misses', () => {
  it('clients already at module scope', () => {
    assert.deepEqual(
      la101({ 'app.py': `import boto3\n\ns3 = boto3.client("s3")\n\ndef lambda_handler(event, context):\n    return s3.list_buckets()\n` }, 'app.py'),
      [],
    );
    assert.deepEqual(
      la101({ 'app.mjs': `import { S3Client } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const handler = async (event) => s3.config;\n` }, 'app.mjs'),
      [],
    );
  });

  it('a client built from event values, directly or through a local', () => {
    const files = {
      'app.py': `import boto3

def lambda_handler(event, context):
    s3 = boto3.client("s3", region_name=event["region"])
    region = event["detail"]["region"]
    sqs = boto3.client("sqs", region_name=region)
    return s3, sqs
`,
      'app.js': `const { S3Client } = require('@aws-sdk/client-s3');
exports.handler = async (event, context) => {
  const { region } = event;
  const a = new S3Client({ region });
  const b = new S3Client({ region: context.invokedFunctionArn.split(':')[3] });
  return [a, b];
};
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
    assert.deepEqual(la101(files, 'app.js'), []);
  });

  it('a client built from a configuration local that cannot move with it (the client is used without a name)', () => {
    const files = {
      'app.py': `import os
import boto3

def lambda_handler(event, context):
    bucket_region = os.environ["BUCKET_REGION"]
    boto3.client("s3", region_name=bucket_region).put_object(Bucket="b", Key=event["key"], Body=b"")
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
  });

  it('a client built from the credentials of an assumed role', () => {
    const files = {
      'app.py': `import boto3

sts = boto3.client("sts")

def lambda_handler(event, context):
    creds = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/x", RoleSessionName="s")["Credentials"]
    s3 = boto3.client(
        "s3",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    ddb = boto3.Session(**sts.assume_role(RoleArn="arn", RoleSessionName="s")["Credentials"]).client("dynamodb")
    return s3, ddb
`,
      'app.mjs': `import { S3Client } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const sts = new STSClient({});
export const handler = async (event) => {
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn', RoleSessionName: 's' }));
  const s3 = new S3Client({ credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey } });
  return s3;
};
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
    assert.deepEqual(la101(files, 'app.mjs'), []);
  });

  it('a local function named client, and a name that only looks like an SDK class', () => {
    const files = {
      'app.py': `import boto3

def client(name):
    return {"name": name}

def lambda_handler(event, context):
    c = client("s3")
    return c
`,
      'app.js': `class S3Client { constructor(o) { this.o = o; } }
exports.handler = async (event) => new S3Client({});
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
    assert.deepEqual(la101(files, 'app.js'), []);
  });

  it('lazy initialisation into module-level state', () => {
    const files = {
      'app.py': `import boto3
import functools

_s3 = None
_sns = None
_kms = None
_clients = {}

def lambda_handler(event, context):
    global _s3, _sns
    if _s3 is None:
        _s3 = boto3.client("s3")
    if "sqs" not in _clients:
        _clients["sqs"] = boto3.client("sqs")
    _sns = _sns or boto3.client("sns")
    return _s3, _clients, _sns, table(), kms()

def kms():
    global _kms
    if _kms is not None:
        return _kms
    _kms = boto3.client("kms")
    return _kms

@functools.lru_cache(maxsize=None)
def table():
    return boto3.resource("dynamodb").Table("t")
`,
      'app.ts': `import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
let s3: S3Client | undefined;
let pool: Pool | undefined;
let replica: Pool | undefined;
export const handler = async (event) => {
  s3 ??= new S3Client({});
  if (!pool) {
    pool = new Pool({ connectionString: process.env.DATABASE_URL });
  }
  if (!replica) replica = new Pool({ connectionString: process.env.REPLICA_URL });
  return [s3, pool, replica];
};
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
    assert.deepEqual(la101(files, 'app.ts'), []);
  });

  it('functions the handler never calls', () => {
    const files = {
      'app.py': `import boto3

def admin_tool():
    return boto3.client("iam")

def lambda_handler(event, context):
    return {"ok": True}

if __name__ == "__main__":
    admin_tool()
`,
    };
    assert.deepEqual(la101(files, 'app.py'), []);
  });
});

describe('LA101 client-init-in-handler: fix', () => {
  it('Python: hoists the client and the configuration local it reads, keeps the comment, leaves pass in an emptied block', () => {
    const files = {
      'app.py': `"""Order service."""
import os
import boto3

TABLE = os.environ["TABLE"]

def lambda_handler(event, context):
    region = os.environ.get("AWS_REGION", "eu-west-1")
    if not event.get("dry_run"):
        ddb = boto3.resource(  # shared
            "dynamodb",
            region_name=region,
        ).Table(TABLE)
    return ddb.get_item(Key={"id": event["id"]})
`,
    };
    const fs = la101(files, 'app.py');
    assert.equal(fs[0].fixes?.[0].isPreferred, true);
    assert.equal(
      fixed(files, 'app.py'),
      `"""Order service."""
import os
import boto3

TABLE = os.environ["TABLE"]
region = os.environ.get("AWS_REGION", "eu-west-1")
ddb = boto3.resource(  # shared
    "dynamodb",
    region_name=region,
).Table(TABLE)

def lambda_handler(event, context):
    if not event.get("dry_run"):
        pass
    return ddb.get_item(Key={"id": event["id"]})
`,
    );
  });

  it('Python: a trailing comment moves with the statement, a blank line separates it from the imports', () => {
    const files = {
      'app.py': `import boto3

def handler(event, context):
    s3 = boto3.client("s3")  # uploads
    s3.put_object(Bucket="b", Key=event["key"], Body=b"")
`,
    };
    assert.equal(
      fixed(files, 'app.py'),
      `import boto3

s3 = boto3.client("s3")  # uploads

def handler(event, context):
    s3.put_object(Bucket="b", Key=event["key"], Body=b"")
`,
    );
  });

  it('Python (CRLF, no blank lines): the emptied handler body gets pass, blank lines frame the hoisted line', () => {
    const files = { 'app.py': 'import boto3\r\ndef lambda_handler(event, context):\r\n    s3 = boto3.client("s3")\r\n' };
    assert.equal(fixed(files, 'app.py'), 'import boto3\r\n\r\ns3 = boto3.client("s3")\r\n\r\ndef lambda_handler(event, context):\r\n    pass\r\n');
  });

  it('JavaScript (CommonJS): moves the const declaration as-is after the requires', () => {
    const files = {
      'index.js': `'use strict';
const AWS = require('aws-sdk');

exports.handler = async (event) => {
  const docs = new AWS.DynamoDB.DocumentClient({ convertEmptyValues: true });
  return docs.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();
};
`,
    };
    assert.equal(
      fixed(files, 'index.js'),
      `'use strict';
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient({ convertEmptyValues: true });

exports.handler = async (event) => {
  return docs.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();
};
`,
    );
  });

  it('TypeScript: keeps the type annotation, goes after the module-level config it reads', () => {
    const files = {
      'handler.ts': `import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const requestHandler = new NodeHttpHandler({ connectionTimeout: 1000 });

export const handler = async (event: { key: string }) => {
  const s3: S3Client = new S3Client({
    region: process.env.AWS_REGION,
    requestHandler,
  });
  return s3.config;
};
`,
    };
    assert.equal(
      fixed(files, 'handler.ts'),
      `import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const requestHandler = new NodeHttpHandler({ connectionTimeout: 1000 });
const s3: S3Client = new S3Client({
  region: process.env.AWS_REGION,
  requestHandler,
});

export const handler = async (event: { key: string }) => {
  return s3.config;
};
`,
    );
  });

  it('no fix for an object used without a name; not preferred when the name is reassigned; none when it would clash', () => {
    const bare = { 'app.py': `import boto3\n\ndef lambda_handler(event, context):\n    boto3.client("s3").put_object(Bucket="b", Key="k", Body=b"")\n` };
    const f1 = la101(bare, 'app.py');
    assert.equal(f1.length, 1);
    assert.equal(f1[0].fixes, undefined);

    const reassigned = {
      'app.js': `const { S3Client } = require('@aws-sdk/client-s3');
exports.handler = async (event) => {
  let s3 = new S3Client({});
  if (event.other) s3 = null;
  return s3;
};
`,
    };
    const f2 = la101(reassigned, 'app.js');
    assert.equal(f2.length, 1);
    assert.equal(f2[0].fixes?.[0].isPreferred, false);

    // Declared global and assigned on every call (no guard): still a new client per invocation.
    const unguarded = { 'app.py': `import boto3\n\ndef lambda_handler(event, context):\n    global s3\n    s3 = boto3.client("s3")\n    return s3\n` };
    const fg = la101(unguarded, 'app.py');
    assert.equal(fg.length, 1);
    assert.equal(fg[0].fixes?.[0].isPreferred, false);

    const clash = {
      'app.py': `import boto3\n\ns3 = None\n\ndef lambda_handler(event, context):\n    s3 = boto3.client("s3")\n    return s3\n`,
    };
    const f3 = la101(clash, 'app.py');
    assert.equal(f3.length, 1);
    assert.equal(f3[0].fixes, undefined);
  });

  it('an await in the statement keeps the fix away (no top-level await in CommonJS)', () => {
    const files = {
      'index.js': `const mysql = require('mysql2/promise');
exports.handler = async (event) => {
  const conn = await mysql.createConnection({ host: process.env.DB_HOST });
  return conn;
};
`,
    };
    const fs = la101(files, 'index.js');
    assert.deepEqual(fs.map((f) => rangeText(files, f)), ['mysql.createConnection({ host: process.env.DB_HOST })']);
    assert.equal(fs[0].fixes, undefined);
  });
});

describe('LA101 client-init-in-handler: handler imported and exported again by a barrel', () => {
  it('fires in the module the barrel imports the handler from, not in the barrel', () => {
    // Modelled on serverless-webpack projects: handler.js imports each handler and exports them again.
    const files = {
      'serverless.yml': `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  parse:\n    handler: handler.parseFile\n`,
      'handler.js': `import { parseFile } from './handlers/parseFile';\n\nexport { parseFile };\n`,
      'handlers/parseFile.js': `import AWS from 'aws-sdk';\n\nexport const parseFile = async (event) => {\n  const s3 = new AWS.S3();\n  return s3.listObjects({ Bucket: 'b' }).promise();\n};\n`,
    };
    assert.deepEqual(la101(files, 'handlers/parseFile.js').map((f) => rangeText(files, f)), ['new AWS.S3()']);
    assert.deepEqual(la101(files, 'handler.js'), []);
  });

  it('stays quiet when the barrel points at a module that creates the client once', () => {
    const files = {
      'serverless.yml': `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  parse:\n    handler: handler.parseFile\n`,
      'handler.js': `export { parseFile } from './handlers/parseFile.js';\n`,
      'handlers/parseFile.js': `import AWS from 'aws-sdk';\nconst s3 = new AWS.S3();\n\nexport const parseFile = async (event) => s3.listObjects({ Bucket: 'b' }).promise();\n`,
    };
    assert.deepEqual(la101(files, 'handlers/parseFile.js'), []);
  });
});

describe('LA101 client-init-in-handler: handler behind `export * from` barrels', () => {
  const serverless = `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  parse:\n    handler: src/index.parseFile\n`;
  const creates = `import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';\n\nexport const parseFile = async (event) => {\n  const s3 = new S3Client({});\n  return s3.send(new ListObjectsV2Command({ Bucket: 'b' }));\n};\n`;
  const other = `export const other = async () => 1;\n`;

  it('follows the star export that offers the handler, through a second barrel', () => {
    const files = {
      'serverless.yml': serverless,
      'src/index.ts': `export * from './other';\nexport * from './handlers';\n`,
      'src/other.ts': other,
      'src/handlers/index.ts': `export * from './parseFile.js';\n`,
      'src/handlers/parseFile.ts': creates,
    };
    assert.deepEqual(la101(files, 'src/handlers/parseFile.ts').map((f) => rangeText(files, f)), ['new S3Client({})']);
    // The same code in a module no handler string reaches (other.ts's name) is not a handler.
    assert.deepEqual(la101({ ...files, 'src/other.ts': creates.replace('parseFile', 'other') }, 'src/other.ts'), []);
  });

  it('follows no star export when two of them offer the name (ECMAScript exports neither)', () => {
    const files = {
      'serverless.yml': serverless,
      'src/index.ts': `export * from './a';\nexport * from './b';\n`,
      'src/a.ts': creates,
      'src/b.ts': creates,
    };
    assert.deepEqual(la101(files, 'src/a.ts'), []);
    assert.deepEqual(la101(files, 'src/b.ts'), []);
  });

  it('does not take a namespace export (`export * as ns`) or a local export for the star', () => {
    const ns = {
      'serverless.yml': serverless,
      'src/index.ts': `export * as parseFile from './impl';\n`,
      'src/impl.ts': creates,
    };
    assert.deepEqual(la101(ns, 'src/impl.ts'), []);
    const local = {
      'serverless.yml': serverless,
      'src/index.ts': `export * from './impl';\nexport const parseFile = async () => 'local';\n`,
      'src/impl.ts': creates,
    };
    assert.deepEqual(la101(local, 'src/impl.ts'), []);
  });
});
