// The language server (bundled, over stdio) under a stream of broken edits: it must stay up,
// answer every version it is sent, and lint a good document normally afterwards.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient, uriOf } from '../lsp/client';
import { startWorkspace, stopWorkspace } from '../lsp/fixtures';
import { HANDLER, fuzzFn, fuzzTemplate } from './fixtures';
import { binary, decode, deepJs, deepJson, deepPython, deepYamlFlow, flipBytes, int, rng, withCrlf, yamlBillionLaughs, yamlSelfAlias } from './mutations';

const TEMPLATE = fuzzTemplate(fuzzFn('NotifyFunction', 'notify/', 'index.handler', 'nodejs22.x'));

const JS_HANDLER = `import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';

export const handler = async (event) => {
  const s3 = new S3Client({});
  return s3.send(new ListBucketsCommand({}));
};
`;

const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);

/** Broken versions of `good`: truncations, flips, noise, deep nesting, CRLF. */
function brokenVersions(good: string, extra: string[], seed: number, count: number): string[] {
  const r = rng(seed);
  const out: string[] = [...extra];
  while (out.length < count) {
    const k = int(r, 4);
    if (k === 0) out.push(good.slice(0, int(r, good.length)));
    else if (k === 1) out.push(decode(flipBytes(good, 1 + int(r, 30), int(r, 1e9))));
    else if (k === 2) out.push(decode(binary(1 + int(r, 3000), int(r, 1e9))));
    else out.push(withCrlf(good.slice(int(r, good.length))));
  }
  return out;
}

describe('language server under broken edits', () => {
  let root: string;
  let c: TestClient;
  before(async () => {
    ({ root, c } = await startWorkspace({ 'template.yaml': TEMPLATE, 'src/app.py': HANDLER, 'notify/index.mjs': JS_HANDLER }, { initializationOptions: { debounceMs: 0 } }));
  });
  after(() => stopWorkspace(c, root));

  test('survives a stream of broken handler and template edits and still lints good text', async () => {
    const py = await c.open(`${root}/src/app.py`, 'python');
    const js = await c.open(`${root}/notify/index.mjs`, 'javascript');
    const tpl = await c.open(`${root}/template.yaml`, 'yaml');
    await c.diagnostics(py, has('LA101'));
    await c.diagnostics(js, has('LA101'));

    // A burst without waiting (debounce 0: each change may or may not be linted), then one at a time.
    const pyVersions = brokenVersions(HANDLER, [deepPython(), deepJs(), '\u0000'.repeat(1000)], 1, 120);
    for (const t of pyVersions) await c.change(py, t);
    const tplVersions = brokenVersions(TEMPLATE, [deepYamlFlow(), deepJson(), yamlBillionLaughs(), yamlSelfAlias()], 2, 80);
    for (const t of tplVersions) await c.change(tpl, t);
    for (const t of brokenVersions(JS_HANDLER, [deepJs()], 3, 20)) {
      const since = c.mark();
      const v = await c.change(js, t);
      // Every version that is waited for gets its own answer: nothing is dropped or stuck. (The first
      // waits for the bursts above too, about a second on an idle machine: the deadline is for a stuck
      // server, with room for a machine busy with other work.)
      await c.diagnostics(js, (_d, p) => p.version === v, since, 30_000);
    }
    assert.equal(c.child.exitCode, null, 'the server is still running');

    // Back to good text everywhere: the normal diagnostics return.
    let since = c.mark();
    await c.change(tpl, TEMPLATE);
    const pyV = await c.change(py, HANDLER);
    await c.diagnostics(py, (d, p) => p.version === pyV && has('LA101')(d), since, 30_000);
    since = c.mark();
    const jsV = await c.change(js, JS_HANDLER);
    await c.diagnostics(js, (d, p) => p.version === jsV && has('LA101')(d), since, 30_000);
    // A document opened only now works as well.
    await c.close(js);
    const js2 = await c.open(`${root}/notify/index.mjs`, 'javascript');
    assert.equal(js2, uriOf(`${root}/notify/index.mjs`));
    await c.diagnostics(js2, has('LA101'), since, 30_000);

    const logs = c.logs.join('');
    assert.doesNotMatch(logs, /uncaught|unhandled rejection|failed: /, logs.slice(0, 2000));
  });
});
