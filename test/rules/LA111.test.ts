import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const only = onlyRule('LA111');

function la111(files: Files, file: string, params?: Record<string, unknown>) {
  return findings(files, file, 'LA111', params ? { ...only, config: { rules: { LA111: params } } } : only);
}

/** Applies every finding's fix one after the other (re-analysing in between) and returns the final text. */
function fixAll(files: Files, file: string, params?: Record<string, unknown>): string {
  let cur = files;
  for (let guard = 0; guard < 20; guard++) {
    const fs = la111(cur, file, params);
    if (!fs.length) break;
    assert.equal(fs[0].fixes?.[0]?.title, 'Add a timeout');
    cur = applyFix(cur, fs[0].fixes![0]);
    assertParses(file, cur[file]);
  }
  assert.deepEqual(la111(cur, file, params), [], 'no finding left after the fixes');
  return cur[file];
}

describe('LA111 http-call-without-timeout: Python', () => {
  const src = `import requests
import urllib3
import httpx
from urllib.request import urlopen

http = urllib3.PoolManager()

def lambda_handler(event, context):
    a = requests.get(event["url"])
    b = requests.post(
        event["url"],
        json=event,
    )
    with requests.Session() as s:
        c = s.put(event["url"], data=b"x")
    d = http.request("GET", event["url"])
    e = urlopen(event["url"])
    f = httpx.get(event["url"], timeout=None)
    return a, b, c, d, e, f
`;

  it('fires on requests (functions and sessions), urllib3 pools, urlopen and httpx with timeout=None', () => {
    const files = { 'app.py': src };
    const fs = la111(files, 'app.py');
    assert.deepEqual(fs.map((f) => rangeText(files, f).split('\n')[0]), [
      'requests.get(event["url"])',
      'requests.post(',
      's.put(event["url"], data=b"x")',
      'http.request("GET", event["url"])',
      'urlopen(event["url"])',
      'httpx.get(event["url"], timeout=None)',
    ]);
    assert.equal(fs[0].severity, 'info');
    assert.match(fs[0].message, /^requests\.get\(\.\.\.\) has no timeout.*Pass timeout=10/);
  });

  it('fix: appends timeout=<seconds> (after a trailing comma), replaces timeout=None', () => {
    assert.equal(
      fixAll({ 'app.py': src }, 'app.py', { seconds: 5 }),
      src
        .replace('requests.get(event["url"])', 'requests.get(event["url"], timeout=5)')
        .replace('json=event,\n', 'json=event, timeout=5,\n')
        .replace('data=b"x")', 'data=b"x", timeout=5)')
        .replace('http.request("GET", event["url"])', 'http.request("GET", event["url"], timeout=5)')
        .replace('urlopen(event["url"])', 'urlopen(event["url"], timeout=5)')
        .replace('timeout=None', 'timeout=5'),
    );
  });

  it('quiet: calls with a timeout, a pool with a default timeout, httpx defaults, **kwargs, unrelated get()', () => {
    const files = {
      'app.py': `import requests, urllib3, httpx
from urllib.request import urlopen

pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2, read=5))
opts = {"timeout": 3}

def lambda_handler(event, context):
    requests.get(event["url"], timeout=3)
    requests.Session().post(event["url"], timeout=(2, 5))
    pool.request("GET", event["url"])
    httpx.get(event["url"])
    requests.get(event["url"], **opts)
    urlopen(event["url"], None, 5)
    event.get("url")
    return {}.get("x")
`,
    };
    assert.deepEqual(la111(files, 'app.py'), []);
  });
});

describe('LA111 http-call-without-timeout: JavaScript / TypeScript', () => {
  const src = `import axios from 'axios';
import https from 'node:https';

const api = axios.create({ baseURL: 'https://x' });

export const handler = async (event) => {
  const a = await fetch(event.url);
  const b = await fetch(event.url, { method: 'POST' });
  const c = await axios.get(event.url);
  const d = await axios.post(event.url, event.body, {
    headers: { a: '1' },
  });
  const e = await axios({ url: event.url });
  const f = await api.get('/items');
  https.get('https://example.com', (res) => res.resume());
  return [a, b, c, d, e, f];
};
`;

  it('fires on fetch, axios (functions, config call, instance without timeout) and https.get', () => {
    const files = { 'h.ts': src };
    assert.deepEqual(la111(files, 'h.ts').map((f) => rangeText(files, f).split('\n')[0]), [
      'fetch(event.url)',
      "fetch(event.url, { method: 'POST' })",
      'axios.get(event.url)',
      'axios.post(event.url, event.body, {',
      'axios({ url: event.url })',
      "api.get('/items')",
      "https.get('https://example.com', (res) => res.resume())",
    ]);
  });

  it('fix: a signal for fetch, a timeout property or argument for axios and https', () => {
    assert.equal(
      fixAll({ 'h.ts': src }, 'h.ts'),
      src
        .replace('fetch(event.url);', 'fetch(event.url, { signal: AbortSignal.timeout(10000) });')
        .replace("{ method: 'POST' }", "{ method: 'POST', signal: AbortSignal.timeout(10000) }")
        .replace('axios.get(event.url)', 'axios.get(event.url, { timeout: 10000 })')
        .replace("headers: { a: '1' },\n", "headers: { a: '1' },\n    timeout: 10000,\n")
        .replace('axios({ url: event.url })', 'axios({ url: event.url, timeout: 10000 })')
        .replace("api.get('/items')", "api.get('/items', { timeout: 10000 })")
        .replace("https.get('https://example.com', ", "https.get('https://example.com', { timeout: 10000 }, "),
    );
  });

  it('quiet: signals, timeouts in config or instance or defaults, options we cannot see, a local fetch', () => {
    const files = {
      'h.js': `const axios = require('axios');
const http = require('http');
const api = axios.create({ timeout: 5000 });
axios.defaults.timeout = 8000;

exports.handler = async (event, opts) => {
  await fetch(event.url, { signal: AbortSignal.timeout(3000) });
  await fetch(event.url, opts);
  await axios.get(event.url);
  await api.post('/x', {});
  http.request({ host: 'x', timeout: 2000 }, () => {});
  const req = http.get('http://x');
  req.setTimeout(1000);
};
`,
      'local.js': `function fetch(u) { return u; }\nexports.handler = async (event) => fetch(event.url);\n`,
    };
    assert.deepEqual(la111(files, 'h.js'), []);
    assert.deepEqual(la111(files, 'local.js'), []);
  });
});

describe('LA111 http-call-without-timeout: node-fetch versions', () => {
  // Modelled on serverless/examples aws-node-fetch-file-and-store-in-s3 (node-fetch ^1.6.3, required).
  const handler = `const fetch = require('node-fetch');

module.exports.save = (event, context, callback) => {
  fetch(event.image_url)
    .then((response) => response.buffer())
    .then((buffer) => callback(null, buffer.length));
};
`;
  const sls = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  save:\n    handler: handler.save\n';
  const files = { 'serverless.yml': sls, 'handler.js': handler, 'package.json': '{"dependencies": {"node-fetch": "^1.6.3"}}' };

  it('node-fetch 1.x / 2.x: advises and adds the timeout option; a timeout already set is quiet', () => {
    const [f] = la111(files, 'handler.js');
    assert.equal(rangeText(files, f), 'fetch(event.image_url)');
    assert.equal(
      f.message,
      "fetch(...) has no timeout: a server that never answers keeps the function waiting until the function itself times out. Pass timeout: 10000, node-fetch 1.x/2.x's own option (shorter than the function's timeout).",
    );
    assert.equal(fixAll(files, 'handler.js'), handler.replace('fetch(event.image_url)', 'fetch(event.image_url, { timeout: 10000 })'));
    const v2 = { ...files, 'package.json': '{"dependencies": {"node-fetch": "~2.6.7"}}' };
    assert.equal(fixAll(v2, 'handler.js'), handler.replace('fetch(event.image_url)', 'fetch(event.image_url, { timeout: 10000 })'));
    // A required node-fetch with no declared version can only be 1.x or 2.x (3.x is ES-module only).
    const undeclared = { 'serverless.yml': sls, 'handler.js': handler };
    assert.match(la111(undeclared, 'handler.js')[0].message, /Pass timeout: 10000, node-fetch 1\.x\/2\.x's own option/);
    assert.deepEqual(la111({ ...files, 'handler.js': handler.replace('fetch(event.image_url)', 'fetch(event.image_url, { timeout: 5000 })') }, 'handler.js'), []);
  });

  it('near miss: node-fetch 3.x (or the global fetch) gets AbortSignal, and a v3 `timeout` (ignored by v3) does not count', () => {
    const esm = `import fetch from 'node-fetch';

export const save = async (event) => fetch(event.image_url, { timeout: 5000 });
`;
    const v3 = { 'serverless.yml': sls, 'handler.mjs': esm, 'package.json': '{"dependencies": {"node-fetch": "^3.3.2"}}' };
    assert.equal(fixAll(v3, 'handler.mjs'), esm.replace('{ timeout: 5000 }', '{ timeout: 5000, signal: AbortSignal.timeout(10000) }'));
    const global = { ...files, 'handler.js': handler.replace("const fetch = require('node-fetch');\n\n", '') };
    assert.match(la111(global, 'handler.js')[0].message, /Pass signal: AbortSignal\.timeout\(10000\)/);
  });
});
