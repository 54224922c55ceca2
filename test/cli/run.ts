// Runs the bundled CLI (dist/cli.js) as a child process, the way CI runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const ENGINE_RULES = ['LA001', 'LA002', 'LA003'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Bundles dist/cli.js unless it is newer than every source file (`npm test` has just built it). */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }
    return t;
  };
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built < newest(path.join(ROOT, 'server/src'))) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-audit-cli-'));
}

/**
 * A configuration file that turns off every rule but the engine's own (plus `extra` settings),
 * so that exact-output tests keep passing as rules are added.
 */
export function isolatingConfig(extra: Record<string, string> = {}): string {
  const lines = ['rules:'];
  for (const r of ALL_RULES) if (!ENGINE_RULES.includes(r.meta.id) && !(r.meta.id in extra)) lines.push(`  ${r.meta.id}: off`);
  for (const [id, v] of Object.entries(extra)) lines.push(`  ${id}: ${v}`);
  const file = path.join(tmpDir(), 'isolated.yaml');
  fs.writeFileSync(file, lines.length > 1 ? lines.join('\n') + '\n' : '{}\n');
  return file;
}

export function hasRule(id: string): boolean {
  return ALL_RULES.some((r) => r.meta.id === id);
}

export function copyFixture(name: string): string {
  const dir = tmpDir();
  fs.cpSync(fixture(name), dir, { recursive: true });
  return dir;
}
