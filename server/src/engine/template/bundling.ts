/**
 * Whether a Node.js function's code is bundled before it ships, and what that changes. A
 * bundler (esbuild under `sam build`, serverless-webpack, serverless-esbuild, ...) rewrites ES
 * module syntax and ships only what the code imports, so "this import fails as CommonJS" and
 * "this unused dependency adds size" are wrong for it. LA108, LA109 and LA305 all ask here so
 * they agree on which functions are bundled.
 */
import * as path from 'node:path';
import { nearestPackageJson } from '../manifests/find';
import type { FileHost } from '../host';
import { bool, get, isMap, isSeq, str, type TNode } from '../parse/tree';
import type { ProjectView } from '../rules/api';
import type { FunctionModel } from './model';

export interface Bundling {
  /** The tool as users name it in messages: `esbuild (sam build)`, `serverless-webpack`, `webpack`. */
  tool: string;
  /** The build rewrites module syntax, so ES module syntax in a .js file loads fine. */
  transpiles: boolean;
  /** Only what the code imports reaches the deployment package; an unimported dependency never does. */
  shipsOnlyImported: boolean;
}

/**
 * Serverless Framework plugins that build the code. serverless-plugin-typescript compiles
 * (allowJs is on in its default tsconfig) but copies node_modules as they are, so every
 * production dependency still ships.
 */
const SERVERLESS_PLUGINS: Record<string, Omit<Bundling, 'tool'>> = {
  'serverless-webpack': { transpiles: true, shipsOnlyImported: true },
  'serverless-esbuild': { transpiles: true, shipsOnlyImported: true },
  'serverless-bundle': { transpiles: true, shipsOnlyImported: true },
  'serverless-plugin-typescript': { transpiles: true, shipsOnlyImported: false },
};

const CONFIG_FILES = ['webpack', 'esbuild'].flatMap((t) => ['js', 'cjs', 'mjs', 'ts'].map((e) => [t, `${t}.config.${e}`] as const));

/** How the function's code is built, or undefined when it ships as written. Node.js functions only. */
export function bundlingOf(fn: FunctionModel, project: ProjectView): Bundling | undefined {
  if (fn.runtime && !fn.runtime.startsWith('nodejs')) return undefined;
  if (fn.handlerTarget?.language === 'python') return undefined;
  // SAM: `Metadata: { BuildMethod: esbuild }` on the function resource.
  if (str(get(fn.entry.value, 'Metadata', 'BuildMethod')) === 'esbuild')
    return { tool: 'esbuild (sam build)', transpiles: true, shipsOnlyImported: true };
  if (fn.template.kind === 'serverless') {
    const plugin = serverlessBundler(fn.template.root);
    if (plugin) return plugin;
  }
  const dirs = [fn.template.dir];
  const codeDir = fn.handlerTarget?.codeDir;
  if (codeDir) dirs.push(codeDir);
  const file = fn.handlerTarget?.file;
  if (file) {
    const pkg = nearestPackageJson(project.host, file, codeDir ?? fn.template.dir);
    if (pkg) dirs.push(path.dirname(pkg.path));
  }
  return bundlerBeside(project.host, dirs);
}

/**
 * The bundling every function bound to a handler shares; for a handler no template names, a
 * bundler configured beside its manifest. Undefined when any bound function ships unbuilt.
 */
export function handlerBundling(project: ProjectView, functions: FunctionModel[], manifestDir: string | undefined): Bundling | undefined {
  if (!functions.length) return manifestDir ? bundlerBeside(project.host, [manifestDir]) : undefined;
  const all = functions.map((f) => bundlingOf(f, project));
  if (all.some((b) => !b)) return undefined;
  const found = all as Bundling[];
  return {
    tool: found[0].tool,
    transpiles: found.every((b) => b.transpiles),
    shipsOnlyImported: found.every((b) => b.shipsOnlyImported),
  };
}

function serverlessBundler(root: TNode): Bundling | undefined {
  // `plugins: [a, b]` or `plugins: { localPath, modules: [a, b] }`.
  const plugins = get(root, 'plugins');
  const list = isSeq(plugins) ? plugins : get(plugins, 'modules');
  if (isSeq(list))
    for (const item of list.items) {
      const name = str(item);
      if (name && SERVERLESS_PLUGINS[name]) return { tool: name, ...SERVERLESS_PLUGINS[name] };
    }
  // Serverless Framework v4 builds with esbuild when `build.esbuild` is set (true or options).
  const esbuild = get(root, 'build', 'esbuild');
  if (isMap(esbuild) || bool(esbuild) === true)
    return { tool: 'esbuild (serverless build)', transpiles: true, shipsOnlyImported: true };
  return undefined;
}

/** A webpack / esbuild config file, or a package.json script that runs one, in any of `dirs`. */
function bundlerBeside(host: FileHost, dirs: string[]): Bundling | undefined {
  for (const dir of new Set(dirs)) {
    for (const [tool, name] of CONFIG_FILES)
      if (host.stat(path.join(dir, name))?.kind === 'file') return { tool, transpiles: true, shipsOnlyImported: true };
    const tool = scriptBundler(host, dir);
    if (tool) return { tool, transpiles: true, shipsOnlyImported: true };
  }
  return undefined;
}

/** `"build": "esbuild src/app.ts --bundle ..."`: a script whose command is esbuild or webpack. */
function scriptBundler(host: FileHost, dir: string): string | undefined {
  const text = host.readFile(path.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  let scripts: unknown;
  try {
    scripts = (JSON.parse(text) as { scripts?: unknown })?.scripts;
  } catch {
    return undefined;
  }
  if (!scripts || typeof scripts !== 'object') return undefined;
  for (const cmd of Object.values(scripts as Record<string, unknown>)) {
    if (typeof cmd !== 'string') continue;
    // Each command of the script line (`tsc && esbuild ...`), by its first word.
    for (const part of cmd.split(/&&|\|\||;/)) {
      const words = part.trim().split(/\s+/);
      const bin = words[0] === 'npx' ? words[1] : words[0];
      // esbuild only bundles with --bundle; webpack always does.
      if (bin === 'esbuild' && words.includes('--bundle')) return 'esbuild';
      if (bin === 'webpack') return 'webpack';
    }
  }
  return undefined;
}
