// Code lenses above handler functions: one per template function using the handler.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient } from './client';
import { openNavWorkspace, stopWorkspace } from './fixtures';
import { HANDLER, TEMPLATE, posOf, rangeOf } from './navFixture';

const lineOf = (needle: string) => posOf(TEMPLATE, needle).line;

describe('code lens', () => {
  let root: string;
  let c: TestClient;
  let tpl: string;
  let app: string;
  const lenses = (client: TestClient, uri: string) => client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
  before(async () => {
    ({ root, c, tpl, app } = await openNavWorkspace());
  });
  after(() => stopWorkspace(c, root));

  /**
   * Findings a lens counts, from what the server published: the handler's (inside the function)
   * plus the template's inside the function's resource (other helpers add rules, so the number is read, not fixed).
   */
  async function expectedCount(fnKey: string, nextKey: string | undefined): Promise<number> {
    const code = await c.diagnostics(app, (ds, p) => p.version === c.version(app) && ds.length > 0);
    const t: Diagnostic[] = await c.diagnostics(tpl, (_ds, p) => p.version === c.version(tpl));
    const first = lineOf(`  ${fnKey}:`);
    const last = nextKey ? lineOf(`  ${nextKey}:`) : Infinity;
    const inHandler = code.filter((d) => d.range.start.line >= 3 && d.range.start.line <= 5).length;
    return inHandler + t.filter((d) => d.range.start.line >= first && d.range.start.line < last).length;
  }

  test('one lens per template function above the handler name, with runtime, memory, timeout and findings', async () => {
    const ls = await lenses(c, app);
    const orders = await expectedCount('OrdersFunction', 'AdminFunction');
    const admin = await expectedCount('AdminFunction', 'MissingFunction');
    assert.ok(orders >= 1, 'LA101 is among the Orders findings');
    const plural = (n: number) => (n === 1 ? '1 finding' : `${n} findings`);
    const target = (id: string) => ({ start: { line: lineOf(`  ${id}:`), character: 2 }, end: { line: lineOf(`  ${id}:`), character: 2 + id.length } });
    assert.deepEqual(ls, [
      {
        range: rangeOf(HANDLER, 'lambda_handler'),
        command: { title: `λ OrdersFunction · python3.12 · 512 MB · 10 s · ${plural(orders)}`, command: 'lambdaAudit.showLocation', arguments: [tpl, target('OrdersFunction')] },
      },
      {
        range: rangeOf(HANDLER, 'lambda_handler'),
        command: {
          title: `λ AdminFunction · python3.12 · 128 MB (default) · 3 s (default) · ${plural(admin)}`,
          command: 'lambdaAudit.showLocation',
          arguments: [tpl, target('AdminFunction')],
        },
      },
    ]);
  });

  test('fixing the handler finding lowers the count by one', async () => {
    const before = (await lenses(c, app))[0].command!.title;
    const d = (await c.diagnostics(app, (ds) => ds.some((x) => x.code === 'LA101'))).find((x) => x.code === 'LA101')!;
    const fix = (await c.codeActions(app, d)).find((a) => a.edit && !a.title.startsWith('Disable'))!;
    await c.apply(fix.edit!);
    const n = Number(/· (\d+) findings?$/.exec(before)![1]);
    const after = (await lenses(c, app))[0].command!.title;
    assert.equal(after, before.replace(/\d+ findings?$/, n - 1 === 1 ? '1 finding' : `${n - 1} findings`));
    await c.change(app, HANDLER);
  });

  test('the lens command opens the template at the function', async () => {
    const [lens] = await lenses(c, app);
    const ok = await c.executeCommand(lens.command!.command, lens.command!.arguments);
    assert.equal(ok, true);
    assert.deepEqual(c.shownDocuments.at(-1), { uri: tpl, takeFocus: true, selection: lens.command!.arguments![1] });
  });

  test('near misses: a code file no template names and a template get no lenses', async () => {
    const other = path.join(root, 'lib/util.py');
    const uri = await c.open(other, 'python');
    assert.deepEqual(await lenses(c, uri), []);
    assert.deepEqual(await lenses(c, tpl), []);
  });

  test('lambdaAudit.codeLens.enable false turns them off', async () => {
    const c2 = await TestClient.start(root, { settings: { codeLens: { enable: false } } });
    try {
      const uri = await c2.open(path.join(root, 'src/app.py'), 'python');
      await c2.diagnostics(uri); // settings pulled: the first publication waits for them
      assert.deepEqual(await lenses(c2, uri), []);
    } finally {
      await c2.stop();
    }
  });
});
