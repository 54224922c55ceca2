import * as path from 'node:path';
import { get, isSeq, str } from '../parse/tree';
import type { FileHost } from '../host';
import type { CodeLanguage } from '../types';
import { cdkAssetDir, preferCdkSource } from './cdkAssets';
import type { FunctionModel, HandlerTarget } from './model';
import { resolveScalar } from './values';
import { followReexport } from '../code/reexports';

const NODE_EXTS = ['.js', '.mjs', '.cjs'];
const TS_EXTS = ['.ts', '.mts', '.cts'];

export function runtimeLanguage(runtime: string | undefined): 'python' | 'node' | 'other' | undefined {
  if (!runtime) return undefined;
  if (runtime.startsWith('python')) return 'python';
  if (runtime.startsWith('nodejs')) return 'node';
  return 'other';
}

/** The directory the function's code lives in, absolute, or undefined when it is not local. */
export function codeDirOf(fn: FunctionModel): string | undefined {
  const doc = fn.template;
  if (fn.resourceType === 'serverless') return doc.dir;
  if (fn.resourceType === 'AWS::Serverless::Function') {
    const p = fn.prop('CodeUri');
    if (!p) return doc.dir;
    const uri = str(resolveScalar(doc, p.node));
    if (uri === undefined || uri.startsWith('s3://')) return undefined;
    return path.resolve(doc.dir, uri);
  }
  const code = fn.prop('Code');
  const local = code ? str(code.node) : undefined; // `Code: ./src` packaged by `aws cloudformation package`
  if (local !== undefined && !local.startsWith('s3://')) return path.resolve(doc.dir, local);
  return undefined;
}

/**
 * Resolves Handler (+ CodeUri, SAM Globals, esbuild EntryPoints) to a file and symbol.
 * Python: `pkg.mod.func` or `dir/mod.func` → pkg/mod.py. Node: `src/app.handler` →
 * src/app.js|.mjs|.cjs, or the TypeScript source: an esbuild entry point, or a .ts beside it.
 */
export function resolveHandler(fn: FunctionModel, host: FileHost): HandlerTarget | undefined {
  const handler = fn.handler;
  if (!handler) return undefined;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) {
    return { handler, symbol: handler, module: handler, candidates: [], codeDir: codeDirOf(fn) };
  }
  const module = handler.slice(0, dot);
  const symbol = handler.slice(dot + 1);
  // CDK output: the code is an asset folder named in Metadata (template/cdkAssets.ts).
  const own = codeDirOf(fn);
  const asset = own === undefined ? cdkAssetDir(fn, host) : undefined;
  const codeDir = own ?? asset;
  let target: HandlerTarget = { handler, symbol, module, candidates: [], codeDir };
  if (!codeDir) return target;
  const lang = runtimeLanguage(fn.runtime);
  const candidates: Array<{ file: string; language: CodeLanguage }> = [];
  if (lang === 'python' || lang === undefined) {
    const rel = module.includes('/') ? module : module.replace(/\./g, '/');
    candidates.push({ file: path.join(codeDir, rel + '.py'), language: 'python' });
    if (module.includes('/') && module.includes('.')) candidates.push({ file: path.join(codeDir, module.replace(/\./g, '/') + '.py'), language: 'python' });
  }
  if (lang === 'node' || lang === undefined) {
    for (const entryPoint of esbuildEntryPoints(fn)) {
      const noExt = entryPoint.replace(/\.[cm]?[jt]sx?$/, '');
      if (noExt === module || path.basename(noExt) === path.basename(module)) {
        const ext = path.extname(entryPoint);
        candidates.push({ file: path.join(codeDir, entryPoint), language: TS_EXTS.includes(ext) || ext === '.tsx' ? 'typescript' : 'javascript' });
      }
    }
    for (const ext of NODE_EXTS) candidates.push({ file: path.join(codeDir, module + ext), language: 'javascript' });
    for (const ext of TS_EXTS) candidates.push({ file: path.join(codeDir, module + ext), language: 'typescript' });
  }
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.file)) continue;
    seen.add(c.file);
    target.candidates.push(c.file);
    if (!target.file && host.stat(c.file)?.kind === 'file') {
      target.file = c.file;
      target.language = c.language;
    }
  }
  if (asset) target = preferCdkSource(target, asset, fn, host);
  // A barrel (`export { default as consumer } from './kinesis/consumer'`): the code is in the file it points to.
  const real = target.file && target.language !== 'python' ? followReexport(target.file, symbol, host) : undefined;
  if (real) Object.assign(target, real);
  return target;
}

/** SAM `Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: [...] } }`. */
function esbuildEntryPoints(fn: FunctionModel): string[] {
  const meta = get(fn.entry.value, 'Metadata');
  if (str(get(meta, 'BuildMethod')) !== 'esbuild') return [];
  const eps = get(meta, 'BuildProperties', 'EntryPoints');
  if (!isSeq(eps)) return [];
  return eps.items.map((i) => str(i)).filter((s): s is string => !!s);
}
