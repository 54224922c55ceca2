// Go to definition from Handler, document links on CodeUri, find references from a handler function.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestClient, uriOf } from './client';
import { openNavWorkspace, stopWorkspace } from './fixtures';
import { HANDLER, TEMPLATE, posOf, rangeOf } from './navFixture';

describe('navigation between template and code', () => {
  let root: string;
  let c: TestClient;
  let tpl: string;
  let app: string;
  before(async () => {
    ({ root, c, tpl, app } = await openNavWorkspace());
  });
  after(() => stopWorkspace(c, root));

  test('advertises definition, references, document links and code lenses', () => {
    const caps = c.init.capabilities;
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
  });

  test('definition from a Handler value goes to the function name in the resolved file', async () => {
    const at = posOf(TEMPLATE, 'app.lambda_handler', 6); // inside the value
    const locs = await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: tpl }, position: at });
    assert.deepEqual(locs, [{ uri: uriOf(path.join(root, 'src/app.py')), range: rangeOf(HANDLER, 'lambda_handler') }]);
  });

  test('definition with linkSupport: LocationLink with the whole value as origin and the function as target', async () => {
    const c2 = await TestClient.start(root, {
      capabilities: { textDocument: { definition: { linkSupport: true } }, workspace: { configuration: true } },
    });
    try {
      const links = await c2.conn.sendRequest('textDocument/definition', {
        textDocument: { uri: tpl },
        position: posOf(TEMPLATE, 'app.lambda_handler', 0, 1), // AdminFunction's value
      });
      assert.deepEqual(links, [
        {
          originSelectionRange: rangeOf(TEMPLATE, 'app.lambda_handler', 1),
          targetUri: uriOf(path.join(root, 'src/app.py')),
          targetRange: { start: posOf(HANDLER, 'def lambda_handler'), end: posOf(HANDLER, 's3.list_buckets()', 'list_buckets()'.length + 3) },
          targetSelectionRange: rangeOf(HANDLER, 'lambda_handler'),
        },
      ]);
    } finally {
      await c2.stop();
    }
  });

  test('near misses: an unresolved handler, the Handler key and another value have no definition', async () => {
    for (const position of [posOf(TEMPLATE, 'nope.handler', 2), posOf(TEMPLATE, 'Handler: app', 2), posOf(TEMPLATE, 'python3.12', 2)]) {
      const locs = await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: tpl }, position });
      assert.equal(locs, null, JSON.stringify(position));
    }
  });

  test('document links on CodeUri: the handler file when it resolved, else the folder; none elsewhere', async () => {
    const links = await c.conn.sendRequest('textDocument/documentLink', { textDocument: { uri: tpl } });
    const appUri = uriOf(path.join(root, 'src/app.py'));
    assert.deepEqual(links, [
      { range: rangeOf(TEMPLATE, 'src/', 0), target: appUri, tooltip: 'Open the handler file' },
      { range: rangeOf(TEMPLATE, 'src/', 1), target: appUri, tooltip: 'Open the handler file' },
      { range: rangeOf(TEMPLATE, 'lib/'), target: uriOf(path.join(root, 'lib')), tooltip: 'Open the code folder' },
    ]);
    assert.deepEqual(await c.conn.sendRequest('textDocument/documentLink', { textDocument: { uri: app } }), []);
  });

  test('a CodeUri to a missing folder gets no link; a Globals CodeUri shared by functions links once', async () => {
    const text = TEMPLATE.replace('Tracing: Active\n', 'Tracing: Active\n    CodeUri: src/\n').replace(/      CodeUri: src\/\n/g, '').replace('CodeUri: lib/', 'CodeUri: gone/');
    await c.change(tpl, text);
    const links = await c.conn.sendRequest('textDocument/documentLink', { textDocument: { uri: tpl } });
    assert.deepEqual(links, [{ range: rangeOf(text, 'src/'), target: uriOf(path.join(root, 'src/app.py')), tooltip: 'Open the handler file' }]);
    await c.change(tpl, TEMPLATE);
  });

  test('references from the handler function name: every Handler value naming it (and the declaration when asked)', async () => {
    const position = posOf(HANDLER, 'lambda_handler', 3);
    const without = await c.conn.sendRequest('textDocument/references', { textDocument: { uri: app }, position, context: { includeDeclaration: false } });
    assert.deepEqual(without, [
      { uri: tpl, range: rangeOf(TEMPLATE, 'app.lambda_handler', 0) },
      { uri: tpl, range: rangeOf(TEMPLATE, 'app.lambda_handler', 1) },
    ]);
    const withDecl = (await c.conn.sendRequest('textDocument/references', {
      textDocument: { uri: app },
      position,
      context: { includeDeclaration: true },
    })) as unknown[];
    assert.deepEqual(withDecl[0], { uri: app, range: rangeOf(HANDLER, 'lambda_handler') });
    assert.equal(withDecl.length, 3);
  });

  test('near misses: a function no template names and a name in the body have no template references', async () => {
    for (const position of [posOf(HANDLER, 'helper', 2), posOf(HANDLER, 's3 =', 0), posOf(HANDLER, 'event', 1)]) {
      const refs = await c.conn.sendRequest('textDocument/references', { textDocument: { uri: app }, position, context: { includeDeclaration: true } });
      assert.equal(refs, null, JSON.stringify(position));
    }
  });
});
