/**
 * CDK cloud assemblies (`cdk.out/<Stack>.template.json`). A Lambda function there has no local
 * `Code` path: its code is an asset, named by resource metadata that the CDK writes by default:
 *
 *   Metadata: { aws:cdk:path: Stack/Fn/Resource, aws:asset:path: asset.<hash>, aws:asset:property: Code }
 *
 * `aws:asset:path` is a folder beside the template (`cdk.out/asset.<hash>/`), a copy of what
 * deploys. The construct's source is not in the template: for `lambda.Code.fromAsset('src/x')`
 * and PythonFunction the asset folder is a copy (plus, for PythonFunction, installed packages)
 * of a source folder, found here by comparing file contents under the project root. For a
 * bundled NodejsFunction the asset is esbuild output with no source to match; findings then
 * stay in the asset file, which is the code that really runs.
 */
import * as path from 'node:path';
import { DEFAULT_SKIP_DIRS } from '../discover';
import type { FileHost } from '../host';
import { get, str } from '../parse/tree';
import type { FunctionModel, HandlerTarget } from './model';

/** Bounds of the search for the source folder: an ordinary project is far smaller. */
const MAX_DIRS = 2000;
const MAX_DEPTH = 6;
/** Source folders with more files than this are not compared file by file. */
const MAX_FILES = 100;

/** The asset folder of a function in a CDK template, when the assembly holds one. */
export function cdkAssetDir(fn: FunctionModel, host: FileHost): string | undefined {
  if (fn.resourceType !== 'AWS::Lambda::Function') return undefined;
  const meta = get(fn.entry.value, 'Metadata');
  const asset = str(get(meta, 'aws:asset:path'));
  if (!asset || str(get(meta, 'aws:asset:property')) !== 'Code') return undefined;
  const dir = path.resolve(fn.template.dir, asset);
  // A zip asset (`asset.<hash>.zip`) or an assembly copied without its assets: nothing to read.
  return host.stat(dir)?.kind === 'dir' ? dir : undefined;
}

/**
 * The handler resolved in the asset folder, moved to the source folder the asset was copied
 * from when exactly such a folder exists under the project (the folder holding `cdk.out`).
 */
export function preferCdkSource(target: HandlerTarget, assetDir: string, fn: FunctionModel, host: FileHost): HandlerTarget {
  const file = target.file;
  const root = projectRootOf(fn.template.dir);
  if (!file || !root) return target;
  const rel = path.relative(assetDir, file);
  const text = host.readFile(file);
  if (text === undefined || rel.startsWith('..')) return target;
  const source = findSourceDir(host, root, assetDir, rel, text);
  if (!source) return target;
  return { ...target, file: path.join(source, rel), codeDir: source, candidates: target.candidates.map((c) => path.join(source, path.relative(assetDir, c))) };
}

/** The parent of the `cdk.out` folder holding the template (nested stage assemblies included). */
function projectRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (path.basename(d) === 'cdk.out') return path.dirname(d);
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Breadth-first under `root` for a folder `d` with `d/rel` identical to the asset's handler and
 * every file directly in `d` identical in the asset (an asset may add packages, never change the
 * source). The first such folder in breadth-first, sorted order wins.
 */
function findSourceDir(host: FileHost, root: string, assetDir: string, rel: string, handlerText: string): string | undefined {
  const queue: Array<[string, number]> = [[root, 0]];
  let visited = 0;
  while (queue.length && visited++ < MAX_DIRS) {
    const [d, depth] = queue.shift()!;
    if (host.readFile(path.join(d, rel)) === handlerText && sameFiles(host, d, assetDir)) return d;
    if (depth >= MAX_DEPTH) continue;
    for (const name of host.readDir(d).sort()) {
      if (name.startsWith('.') || DEFAULT_SKIP_DIRS.has(name)) continue;
      const full = path.join(d, name);
      if (host.stat(full)?.kind === 'dir') queue.push([full, depth + 1]);
    }
  }
  return undefined;
}

function sameFiles(host: FileHost, dir: string, assetDir: string): boolean {
  const files = host.readDir(dir).filter((n) => host.stat(path.join(dir, n))?.kind === 'file');
  if (files.length > MAX_FILES) return false;
  return files.every((n) => host.readFile(path.join(assetDir, n)) === host.readFile(path.join(dir, n)));
}
