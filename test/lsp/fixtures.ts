// Workspace texts and server set-up shared by the language-server tests (and the LSP fuzz suite):
// the Python handler most of them open, the traced SAM functions of their templates, and a server
// started on a temp workspace that is stopped and removed afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { samFn } from '../helpers/sam';
import { TestClient, tempWorkspace } from './client';
import type { StartOptions } from './client';
import { FILES as NAV_FILES } from './navFixture';

/** A Python handler module: `import boto3`, two blank lines, then `def <name>(event, context):` with `body` (one entry a line, at 4 spaces). */
export function pyHandler(body: string[], name = 'lambda_handler'): string {
  return `import boto3\n\n\ndef ${name}(event, context):\n${body.map((line) => `    ${line}\n`).join('')}`;
}

/** The handler most LSP tests open: LA101 (an S3 client created in the handler) on line 4, `boto3.client('s3')`. */
export const HANDLER = pyHandler(["s3 = boto3.client('s3')", 'return s3.list_buckets()']);

/**
 * A SAM function with `Tracing: Active` last (so LA216 stays quiet): CodeUri, Handler, Runtime
 * (python3.12 unless told), then `props` (lines at 6 spaces).
 */
export function tracedFn(id: string, codeUri: string, handler: string, o: { runtime?: string; props?: string } = {}): string {
  return samFn(id, { codeUri, handler, runtime: o.runtime ?? 'python3.12', props: `${o.props ?? ''}      Tracing: Active\n` });
}

/** OrdersFunction: src/app.py's lambda_handler (HANDLER) on python3.12, traced. */
export const ORDERS_FN = tracedFn('OrdersFunction', 'src/', 'app.lambda_handler');

/** A fresh temp workspace holding `files`, with a server started on it. */
export async function startWorkspace(files: Record<string, string>, opts?: StartOptions): Promise<{ root: string; c: TestClient }> {
  const root = tempWorkspace(files);
  return { root, c: await TestClient.start(root, opts) };
}

/** Stops the server and removes its workspace (either may be missing when the set-up failed). */
export async function stopWorkspace(c: TestClient | undefined, root: string | undefined): Promise<void> {
  await c?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
}

/** Runs `body` with a server on a fresh temp workspace holding `files`; stops it and removes the workspace afterwards, whatever happens. */
export async function withServer(files: Record<string, string>, opts: StartOptions, body: (c: TestClient, root: string) => Promise<void>): Promise<void> {
  const root = tempWorkspace(files);
  let c: TestClient | undefined;
  try {
    c = await TestClient.start(root, opts);
    await body(c, root);
  } finally {
    await stopWorkspace(c, root);
  }
}

/** The navigation project (navFixture.ts) in a temp workspace, with a server and its template and handler open (in that order). */
export async function openNavWorkspace(): Promise<{ root: string; c: TestClient; tpl: string; app: string }> {
  const { root, c } = await startWorkspace(NAV_FILES);
  const tpl = await c.open(path.join(root, 'template.yaml'), 'yaml');
  const app = await c.open(path.join(root, 'src/app.py'), 'python');
  return { root, c, tpl, app };
}
