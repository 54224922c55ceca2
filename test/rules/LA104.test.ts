import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const covered = (files: Files, file: string) => findings(files, file, 'LA104', onlyRule('LA104')).map((f) => rangeText(files, f));

describe('LA104 global-state-mutation', () => {
  it('Python: list append, dict item write, set add in a helper, global counter', () => {
    const files = {
      'app.py': `import collections
processed = []
totals = {}
SEEN = set()
counts = collections.defaultdict(int)
invocations = 0

def remember(key):
    SEEN.add(key)

def lambda_handler(event, context):
    global invocations
    invocations += 1
    processed.append(event["id"])
    totals[event["id"]] = event["amount"]
    counts["x"] += 1
    remember(event["id"])
    return {"statusCode": 200}
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['processed.append(event["id"])', 'totals[event["id"]]', 'counts["x"]', 'invocations += 1', 'SEEN.add(key)']);
    const fs = findings(files, 'app.py', 'LA104', onlyRule('LA104'));
    assert.equal(fs[0].message, '`processed` is a module-level list that the handler writes to; it survives into the next invocation on a warm instance, so data leaks between requests and it keeps growing. Create it inside the handler, or if it is a cache, name it as one and bound its size.');
    assert.equal(fs[0].severity, 'warning');
    assert.equal(fs[0].related?.[0].message, '`processed` is defined at module scope here');
    assert.equal(fs[3].message, 'The handler reassigns (`global invocations`) the module-level variable `invocations`; its value carries over into the next invocation on a warm instance. Keep it local to the invocation (return or pass it), or if it is a cache, name it as one.');
    assert.match(fs[4].message, /\(in remember, which lambda_handler calls\)/);
  });

  it('Python quiet: constants only read, a local that shadows, a named cache, lru_cache, lazy client init, bounded dict', () => {
    const files = {
      'app.py': `import functools
import boto3
ALLOWED = ["a", "b"]
processed = []
token_cache = {}
memo = {}
client = None
lookup = {}

@functools.lru_cache(maxsize=32)
def load(key):
    memo[key] = key
    return key

def lambda_handler(event, context):
    global client
    if client is None:
        client = boto3.client("s3")
    processed = []
    processed.append(event["id"])
    token_cache[event["id"]] = 1
    if len(lookup) > 100:
        lookup.clear()
    lookup[event["id"]] = 1
    load(event["id"])
    return event["id"] in ALLOWED
`,
    };
    assert.deepEqual(covered(files, 'app.py'), []);
  });

  it('JavaScript: array push, Map set, object property, module-level let', () => {
    const files = {
      'index.js': `const results = [];
const byId = new Map();
const state = {};
let count = 0;
exports.handler = async (event) => {
  count++;
  results.push(event.id);
  byId.set(event.id, event);
  state.last = event.id;
  return results.length;
};
`,
    };
    assert.deepEqual(covered(files, 'index.js'), ['results.push(event.id)', 'byId.set(event.id, event)', 'state.last', 'count++']);
  });

  it('TypeScript quiet: a size-bounded Map, a cache by name, lazy client init, local arrays', () => {
    const files = {
      'handler.ts': `import { S3Client } from '@aws-sdk/client-s3';
const recent = new Map<string, number>();
const userCache: Record<string, string> = {};
let s3: S3Client | undefined;
export const handler = async (event: { id: string }) => {
  if (!s3) s3 = new S3Client({});
  if (recent.size > 500) recent.clear();
  recent.set(event.id, Date.now());
  userCache[event.id] = 'x';
  const items: string[] = [];
  items.push(event.id);
  return items;
};
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), []);
  });
});
