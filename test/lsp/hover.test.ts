// Hover: a finding's rule summary and docs link; a Handler value's resolved file and function.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import { TestClient, uriOf } from './client';
import { openNavWorkspace, stopWorkspace } from './fixtures';
import { HANDLER, TEMPLATE, posOf, rangeOf } from './navFixture';

const HREF = (id: string) => `https://github.com/lambda-audit/lambda-audit/blob/main/docs/rules/${id}.md`;
const ruleHover = (id: string) => {
  const m = ALL_RULES.find((r) => r.meta.id === id)!.meta;
  return `**${id} ${m.slug}**: ${m.title}\n\n${m.summary}\n\n[${id} documentation](${HREF(id)})`;
};

describe('hover', () => {
  let root: string;
  let c: TestClient;
  let tpl: string;
  let app: string;
  const hover = (uri: string, position: { line: number; character: number }) =>
    c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<any>;
  before(async () => {
    ({ root, c, tpl, app } = await openNavWorkspace());
  });
  after(() => stopWorkspace(c, root));

  test("on a finding: the rule's summary and a link to its page, with the finding's range", async () => {
    const h = await hover(app, posOf(HANDLER, "boto3.client('s3')", 3));
    assert.deepEqual(h, { contents: { kind: 'markdown', value: ruleHover('LA101') }, range: rangeOf(HANDLER, "boto3.client('s3')") });
  });

  test('near miss: code outside any finding has no hover', async () => {
    assert.equal(await hover(app, posOf(HANDLER, 'import boto3', 2)), null);
    assert.equal(await hover(app, posOf(HANDLER, 'return s3', 2)), null);
  });

  test('a finding suppressed in source has no hover', async () => {
    const text = HANDLER.replace("    s3 = boto3", "    # lambda-audit-ignore-next-line LA101 -- one call per cold start\n    s3 = boto3");
    await c.change(app, text);
    assert.equal(await hover(app, posOf(text, "boto3.client('s3')", 3)), null);
    await c.change(app, HANDLER);
  });

  test('on a Handler value: the resolved file (linked at the line) and function', async () => {
    const h = await hover(tpl, posOf(TEMPLATE, 'app.lambda_handler', 4));
    const link = `[src/app.py](${uriOf(path.join(root, 'src/app.py'))}#L4)`;
    assert.deepEqual(h, {
      contents: { kind: 'markdown', value: `**OrdersFunction**: Handler \`app.lambda_handler\` → ${link}, function \`lambda_handler\` (line 4).` },
      range: rangeOf(TEMPLATE, 'app.lambda_handler'),
    });
  });

  test('on an unresolved Handler: the files tried, then the LA301 finding on the same value', async () => {
    const h = await hover(tpl, posOf(TEMPLATE, 'nope.handler', 2));
    const [handlerPart, ...findingParts] = h.contents.value.split('\n\n---\n\n');
    assert.equal(handlerPart, '**MissingFunction**: Handler `nope.handler` **not found**. Tried: `lib/nope.py`.');
    assert.ok(findingParts.includes(ruleHover('LA301')), findingParts.join('\n|\n'));
    assert.deepEqual(h.range, rangeOf(TEMPLATE, 'nope.handler'));
  });

  test('a handler file without the named function says so', async () => {
    const text = TEMPLATE.replace('Handler: app.lambda_handler', 'Handler: app.helper2');
    await c.change(tpl, text);
    const h = await hover(tpl, posOf(text, 'app.helper2', 1));
    const link = `[src/app.py](${uriOf(path.join(root, 'src/app.py'))})`;
    assert.equal(h.contents.value.split('\n\n---\n\n')[0], `**OrdersFunction**: Handler \`app.helper2\` → ${link}, but it defines no function \`helper2\`.`);
    await c.change(tpl, TEMPLATE);
  });

  test('near miss: the Handler key and the CodeUri value get no handler hover', async () => {
    for (const p of [posOf(TEMPLATE, 'Handler: app', 1), posOf(TEMPLATE, 'src/', 1)]) {
      const h = await hover(tpl, p);
      assert.ok(!h || !h.contents.value.includes('Handler `'), JSON.stringify(h));
    }
  });
});
