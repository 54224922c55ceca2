// Helpers for engine tests: a workspace in memory, findings for one file, applying a fix.
import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import type { EngineOptions } from '../../server/src/engine/engine';
import { MemoryFileHost } from '../../server/src/engine/memoryHost';
import { applyEdits } from '../../server/src/engine/text';
import { analyzeCodeText } from '../../server/src/engine/code/index';
import { parseYamlTree } from '../../server/src/engine/parse/yaml';
import { parseJsonTree } from '../../server/src/engine/parse/json';
import { ALL_RULES } from '../../server/src/engine/rules/index.generated';
import type { Finding, Fix } from '../../server/src/engine/types';

export const WS = '/ws';

export type Files = Record<string, string>;

/** Paths in `files` are relative to the workspace root /ws. */
export function workspace(files: Files, options: EngineOptions = {}): { engine: Engine; host: MemoryFileHost } {
  const host = new MemoryFileHost();
  for (const [p, t] of Object.entries(files)) host.set(`${WS}/${p}`, t);
  const engine = new Engine(host, {
    roots: [WS],
    onRuleError: (id, file, e) => {
      throw new Error(`rule ${id} threw on ${file}: ${(e as Error)?.stack ?? e}`);
    },
    ...options,
  });
  return { engine, host };
}

/** Findings of `file` (relative path), optionally only those of `ruleId`. */
export function findings(files: Files, file: string, ruleId?: string, options: EngineOptions = {}): Finding[] {
  const { engine } = workspace(files, options);
  const all = engine.analyzeFile(`${WS}/${file}`).findings;
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

const ENGINE_RULES = ['LA001', 'LA002', 'LA003'];

/** Only the rule under test (plus the engine's own parse-error rules), so tests do not depend on other rules. */
export function onlyRule(id: string): EngineOptions {
  return { rules: ALL_RULES.filter((r) => r.meta.id === id || ENGINE_RULES.includes(r.meta.id)) };
}

/** Applies a fix to the workspace files and returns the new contents (relative paths). */
export function applyFix(files: Files, fix: Fix): Files {
  const out: Files = { ...files };
  for (const change of fix.changes) {
    const rel = change.file.slice(WS.length + 1);
    assert.ok(rel in out, `fix edits unknown file ${change.file}`);
    out[rel] = applyEdits(out[rel], change.edits);
  }
  return out;
}

/**
 * The shared shape of a fix test: applies the first fix of finding `index` (as `run` reports it),
 * asserts the edited file still parses and that `run` no longer reports anything there, and
 * returns the edited text for an exact comparison. `check` adds the rule's own fix assertions.
 */
export function fixedText(
  run: (files: Files, file: string) => Finding[],
  files: Files,
  file: string,
  index = 0,
  check?: (fix: Fix) => void,
): string {
  const fix = run(files, file)[index]?.fixes?.[0];
  assert.ok(fix, 'expected a fix');
  check?.(fix);
  const out = applyFix(files, fix);
  assertParses(file, out[file]);
  assert.equal(run(out, file).length, 0, `still fires after the fix:\n${out[file]}`);
  return out[file];
}

/** Asserts that `text` parses without error in the language its path says. */
export function assertParses(path: string, text: string): void {
  if (/\.(ya?ml)$/.test(path)) {
    const r = parseYamlTree(text);
    assert.equal(r.error, undefined, `YAML does not parse: ${r.error?.message}\n${text}`);
  } else if (/\.json$/.test(path)) {
    const r = parseJsonTree(text);
    assert.equal(r.error, undefined, `JSON does not parse: ${r.error?.message}\n${text}`);
  } else {
    const m = analyzeCodeText(path, text);
    assert.ok(m, `no language for ${path}`);
    assert.equal(m!.syntaxError, undefined, `code does not parse: ${m!.syntaxError?.message}\n${text}`);
  }
}

/** The text covered by a finding's range in a file of `files`. */
export function rangeText(files: Files, f: Finding): string {
  const rel = f.file.slice(WS.length + 1);
  const lines = files[rel].split('\n');
  const { start, end } = f.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}
