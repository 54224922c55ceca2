import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const only = onlyRule('LA107');

function la107(files: Files, file: string, params?: Record<string, unknown>) {
  return findings(files, file, 'LA107', params ? { ...only, config: { rules: { LA107: params } } } : only);
}

const pyChain = (n: number, subject = "event['routeKey']") =>
  `def lambda_handler(event, context):\n    route = ${subject}\n` +
  Array.from({ length: n }, (_, i) => `    ${i ? 'elif' : 'if'} route == 'GET /r${i}':\n        return ${i}\n`).join('') +
  '    return None\n';

describe('LA107 multi-task-handler: fires', () => {
  it('Python: an if/elif chain over a local holding event["routeKey"], with the branch count', () => {
    const files = { 'app.py': pyChain(5) };
    const fs = la107(files, 'app.py');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), "if route == 'GET /r0'");
    assert.equal(fs[0].severity, 'info');
    assert.match(fs[0].message, /^lambda_handler branches 5 ways on event\['routeKey'\]: one function doing 5 tasks/);
  });

  it('Python: mixed conditions (startswith, in, event.get) over routing fields count as one dispatch', () => {
    const files = {
      'app.py': `def lambda_handler(event, context):
    if event['path'].startswith('/users'):
        return 1
    elif event.get('httpMethod') == 'DELETE':
        return 2
    elif event['requestContext']['http']['method'] in ('PUT', 'PATCH'):
        return 3
    if event['path'] == '/orders':
        return 4
    if event['path'] == '/health':
        return 5
    return 6
`,
    };
    const fs = la107(files, 'app.py');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), "if event['path'].startswith('/users')");
    assert.match(fs[0].message, /branches 5 ways on event\['path'\]/);
  });

  it('Python: match over the event type, and a dispatch table indexed by event["action"]', () => {
    const files = {
      'app.py': `HANDLERS = {'create': 1, 'update': 2, 'delete': 3, 'list': 4, 'get': 5}

def lambda_handler(event, context):
    match event['detail-type']:
        case 'A': pass
        case 'B': pass
        case 'C': pass
        case 'D': pass
        case 'E': pass
        case _: pass
    return HANDLERS[event['action']](event)
`,
    };
    assert.deepEqual(
      la107(files, 'app.py').map((f) => rangeText(files, f)),
      ["match event['detail-type']", "HANDLERS[event['action']]"],
    );
  });

  it('JS: a switch on event.routeKey, an else-if chain over a destructured httpMethod, an object table', () => {
    const files = {
      'h.mjs': `const ROUTES = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
export const handler = async (event) => {
  const { httpMethod } = event;
  switch (event.routeKey) {
    case 'GET /a': return 1;
    case 'GET /b': return 2;
    case 'POST /c':
    case 'POST /d': return 3;
    case 'DELETE /e': return 4;
    default: return 0;
  }
  if (httpMethod === 'GET') return 1;
  else if (httpMethod === 'POST') return 2;
  else if (httpMethod === 'PUT') return 3;
  else if (event.requestContext.http.method === 'PATCH') return 4;
  else if (httpMethod === 'DELETE') return 5;
  return ROUTES[event.rawPath];
};
`,
    };
    const fs = la107(files, 'h.mjs');
    assert.deepEqual(
      fs.map((f) => rangeText(files, f)),
      ['switch (event.routeKey)', "if (httpMethod === 'GET')", 'ROUTES[event.rawPath]'],
    );
    assert.match(fs[0].message, /branches 5 ways on event\.routeKey/);
    assert.match(fs[2].message, /looks up one of 6 entries by event\.rawPath/);
  });

  it('Powertools router: a resolver serving more routes than the threshold is reported at app.resolve', () => {
    const routes = ['a', 'b', 'c', 'd', 'e'].map((r) => `@app.get("/${r}")\ndef ${r}():\n    return {}\n`).join('\n');
    const files = {
      'app.py': `from aws_lambda_powertools.event_handler import APIGatewayRestResolver
app = APIGatewayRestResolver()

${routes}
def lambda_handler(event, context):
    return app.resolve(event, context)
`,
    };
    const fs = la107(files, 'app.py');
    assert.equal(fs.length, 1);
    assert.equal(rangeText(files, fs[0]), 'app.resolve(event, context)');
    assert.match(fs[0].message, /app, which serves 5 routes/);
  });

  it('the maxBranches parameter lowers the threshold', () => {
    assert.equal(la107({ 'app.py': pyChain(3) }, 'app.py', { maxBranches: 2 }).length, 1);
  });
});

describe('LA107 multi-task-handler: quiet', () => {
  it('up to the threshold (4 branches by default), e.g. GET/POST on one resource', () => {
    assert.deepEqual(la107({ 'app.py': pyChain(4) }, 'app.py'), []);
    assert.deepEqual(la107({ 'app.py': pyChain(2) }, 'app.py'), []);
  });

  it('a long chain over values that are not routing fields of the event', () => {
    const files = {
      'app.py': pyChain(6, "event['body']").replace("route = event['body']", "route = event['body']['status']"),
      'h.js': `exports.handler = async (event) => {
  const n = event.records.length;
  switch (event.detail.status) { case 1: case 2: case 3: case 4: case 5: case 6: return n; }
  switch (n) { case 1: case 2: case 3: case 4: case 5: case 6: return n; }
};
`,
    };
    assert.deepEqual(la107(files, 'app.py'), []);
    assert.deepEqual(la107(files, 'h.js'), []);
  });

  it('a table lookup by a routing field in a table that is not a literal, and a router with few routes', () => {
    const files = {
      'app.py': `from aws_lambda_powertools.event_handler import APIGatewayRestResolver
app = APIGatewayRestResolver()
handlers = load_handlers()

@app.get("/a")
def a():
    return {}

@app.post("/a")
def b():
    return {}

def lambda_handler(event, context):
    handlers[event['action']]
    return app.resolve(event, context)
`,
    };
    assert.deepEqual(la107(files, 'app.py'), []);
  });

  it('dispatch inside a nested function is not the handler dispatching', () => {
    const files = {
      'h.js': `exports.handler = async (event) => {
  const pick = (e) => { switch (e.routeKey) { case 'a': case 'b': case 'c': case 'd': case 'e': return 1; } };
  return pick(event);
};
`,
    };
    assert.deepEqual(la107(files, 'h.js'), []);
  });
});
