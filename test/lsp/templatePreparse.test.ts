// A just-opened handler of a large template: the template is parsed off the main thread while
// the handler's lints stay first looks, then the full analysis uses that parse.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { parseYamlTree } from '../../server/src/engine/parse/yaml';
import type { ParsedTemplateTree } from '../../server/src/engine/parse/yaml';
import { MAX_FILE_BYTES } from '../../server/src/engine/host';
import { Linter } from '../../server/src/lsp/linter';
import { PREPARSE_MIN_CHARS, TemplatePreparser } from '../../server/src/lsp/templatePreparse';
import type { TemplateParser } from '../../server/src/lsp/templatePreparse';
import { UriMap } from '../../server/src/lsp/uri';
import { Workspace } from '../../server/src/lsp/workspace';
import { samFn, samTemplate, resource } from '../helpers/sam';
import { tempWorkspace } from './client';

const HANDLER = `import os\n\n\ndef lambda_handler(event, context):\n    return os.environ["TABLE_NAME"]\n`;

/** A SAM template over PREPARSE_MIN_CHARS: one function, then queues until it is large. */
function bigTemplate(environment?: Record<string, string>): string {
  let queues = '';
  for (let i = 0; queues.length < PREPARSE_MIN_CHARS; i++) queues += resource(`Queue${i}`, 'AWS::SQS::Queue', `      VisibilityTimeout: ${30 + (i % 5)}\n`);
  return samTemplate(samFn('Fn', { handler: 'app.lambda_handler', environment }) + queues);
}

/** A parser the test answers by hand: each request waits until the test resolves it. */
class ManualParser implements TemplateParser {
  requests: Array<{ text: string; answer: (p: ParsedTemplateTree | undefined) => void }> = [];
  wants(text: string): boolean {
    return text.length >= PREPARSE_MIN_CHARS;
  }
  parse(text: string): Promise<ParsedTemplateTree | undefined> {
    return new Promise((answer) => this.requests.push({ text, answer }));
  }
}

/** The tree as a worker thread hands it over: without the yaml Document, copied by structured clone. */
function treeFromElsewhere(text: string): ParsedTemplateTree {
  const { yamlDoc: _doc, ...tree } = parseYamlTree(text);
  return structuredClone(tree);
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A linter over a real folder, its handler open, publishing into `published`. */
function setUp(parser: TemplateParser | undefined, template = bigTemplate()) {
  const dir = tempWorkspace({ 'template.yaml': template, 'app.py': HANDLER });
  dirs.push(dir);
  const ws = new Workspace({ error: (m) => assert.fail(m), warn: () => {} });
  ws.setFolders([{ root: dir, uri: `file://${dir}`, name: 'ws' }]);
  const published: PublishDiagnosticsParams[] = [];
  const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void published.push(p) } as unknown as Connection;
  const app = path.join(dir, 'app.py');
  const tpl = path.join(dir, 'template.yaml');
  const docs = new Map<string, { uri: string; version: number }>();
  const linter = new Linter(connection, ws, new UriMap(), (f) => docs.get(f), () => 0, parser);
  linter.resume();
  const open = (file: string, text: string, version: number) => {
    // As the session does on didOpen / didChange.
    ws.host.set(file, text);
    ws.invalidate(file);
    docs.set(file, { uri: `file://${file}`, version });
  };
  const lastRules = () => published.at(-1)!.diagnostics.map((d) => d.code);
  /** The editor opens the handler: its first look, published. */
  const openHandler = async () => {
    open(app, HANDLER, 1);
    linter.schedule(app, 0, true);
    await turns();
  };
  return { ws, dir, app, tpl, open, openHandler, linter, published, lastRules, engine: ws.folderOf(app).engine };
}


describe('large templates parsed off the main thread', () => {
  test('keystrokes before the parse is back get first looks; the full analysis then uses the parse it was given', async () => {
    const parser = new ManualParser();
    const s = setUp(parser);
    await s.openHandler();
    assert.equal(s.published.at(-1)!.version, 1);
    assert.deepEqual(s.lastRules(), [], 'the first look has no template, so no LA302');
    assert.equal(parser.requests.length, 1);
    assert.equal(parser.requests[0].text, fs.readFileSync(s.tpl, 'utf8'));

    // A keystroke while the template is being parsed: still a first look (a full analysis would
    // have parsed the template here and found LA302).
    s.open(s.app, HANDLER + '# typed\n', 2);
    s.linter.schedule(s.app, 0);
    await turns();
    assert.equal(s.published.at(-1)!.version, 2);
    assert.deepEqual(s.lastRules(), []);
    assert.equal(parser.requests.length, 1, 'the second first look joins the parse already running');

    const tree = treeFromElsewhere(parser.requests[0].text);
    parser.requests[0].answer(tree);
    await turns(10);
    assert.equal(s.published.at(-1)!.version, 2);
    assert.deepEqual(s.lastRules(), ['LA302']);
    const loaded = s.engine.template(s.tpl);
    assert.equal(loaded?.status, 'template');
    assert.equal(loaded.status === 'template' && loaded.doc.root, tree.root, 'the template was built from the tree handed over');
  });

  test('a parse of a text the template no longer has is not used', async () => {
    const parser = new ManualParser();
    const s = setUp(parser);
    await s.openHandler();
    const stale = treeFromElsewhere(parser.requests[0].text);
    // Meanwhile the template (open in the editor) declares TABLE_NAME: LA302 must stay quiet.
    s.open(s.tpl, bigTemplate({ TABLE_NAME: 'orders' }), 1);
    parser.requests[0].answer(stale);
    await turns(10);
    assert.deepEqual(s.lastRules(), []);
    const loaded = s.engine.template(s.tpl);
    assert.ok(loaded?.status === 'template' && loaded.doc.root !== stale.root);
  });

  test('when the parser cannot answer, the template is parsed here and the full analysis still comes', async () => {
    const parser = new ManualParser();
    const s = setUp(parser);
    await s.openHandler();
    parser.requests[0].answer(undefined);
    await turns(10);
    assert.deepEqual(s.lastRules(), ['LA302']);
  });

  test('a small template is not sent anywhere: the follow-up parses it at once', async () => {
    const parser = new ManualParser();
    const s = setUp(parser, samTemplate(samFn('Fn', { handler: 'app.lambda_handler' })));
    await s.openHandler();
    await turns(10);
    assert.equal(parser.requests.length, 0);
    assert.deepEqual(s.lastRules(), ['LA302']);
  });

  test('the worker thread of the server bundle gives the tree the main thread would build', async () => {
    const bundle = path.resolve(__dirname, '../../dist/server.js');
    assert.ok(fs.existsSync(bundle), 'build first (npm test does)');
    const preparser = new TemplatePreparser(bundle);
    try {
      const text = bigTemplate({ TABLE_NAME: '!Ref Queue1' });
      const { yamlDoc: _doc, ...expected } = parseYamlTree(text);
      assert.deepEqual(await preparser.parse(text), expected);
      const broken = `${text}  Bad: [unclosed\n`;
      const { yamlDoc: _doc2, ...expectedError } = parseYamlTree(broken);
      assert.ok(expectedError.error);
      assert.deepEqual(await preparser.parse(broken), expectedError);
    } finally {
      preparser.dispose();
    }
  });
});

describe('the template parse thread when it goes wrong', () => {
  /** A stand-in for the bundle, as a worker script. */
  function workerScript(body: string): string {
    const dir = tempWorkspace({ 'worker.js': `const { parentPort } = require('node:worker_threads');\n${body}\n` });
    dirs.push(dir);
    return path.join(dir, 'worker.js');
  }

  test('a parse not answered in time comes back empty, and the next request starts a new thread', { timeout: 10_000 }, async () => {
    const preparser = new TemplatePreparser(workerScript(`parentPort.on('message', () => {});`), 200);
    try {
      const text = bigTemplate();
      // Raced against a clock of its own, so a parser that never gives up fails this test instead of hanging it.
      const within = (p: Promise<unknown>) => Promise.race([p, new Promise((r) => setTimeout(() => r('still waiting'), 3000))]);
      assert.equal(await within(preparser.parse(text)), undefined);
      assert.equal(preparser.wants(text), true, 'a slow thread is replaced, not given up on');
      assert.equal(await within(preparser.parse(text)), undefined);
    } finally {
      preparser.dispose();
    }
  });

  test('a thread that fails ends its callers with nothing to adopt, and no thread is started again', { timeout: 10_000 }, async () => {
    const preparser = new TemplatePreparser(workerScript(`parentPort.on('message', () => { throw new Error('boom'); });`));
    try {
      const text = bigTemplate();
      assert.equal(preparser.wants(text), true);
      assert.equal(await preparser.parse(text), undefined);
      assert.equal(preparser.wants(text), false);
    } finally {
      preparser.dispose();
    }
  });

  test('a template the engine would not read (over its size limit) is not sent', () => {
    const preparser = new TemplatePreparser('/nonexistent.js');
    assert.equal(preparser.wants('#'.repeat(MAX_FILE_BYTES + 1)), false);
    assert.equal(preparser.wants('#'.repeat(PREPARSE_MIN_CHARS - 1)), false);
  });
});
