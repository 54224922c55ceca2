/**
 * pyproject.toml dependencies: PEP 621 `[project] dependencies` (PEP 508 strings) and Poetry's
 * `[tool.poetry.dependencies]` (one key per package), plus the dev groups of both, read with a
 * TOML parser that keeps source ranges so findings can point at the exact entry.
 */
import { parseTOML } from 'toml-eslint-parser';
import type { DeclaredDependency } from './model';
import { parseRequirementString } from './requirements';

type Node = { type: string; range: [number, number]; [k: string]: unknown };

export function parsePyproject(text: string): DeclaredDependency[] {
  let ast: Node;
  try {
    ast = parseTOML(text) as unknown as Node;
  } catch {
    return []; // a broken pyproject.toml declares nothing we can trust
  }
  const out: DeclaredDependency[] = [];
  const top = (ast.body as Node[])[0];
  if (!top) return out;
  for (const item of top.body as Node[]) {
    if (item.type === 'TOMLKeyValue') keyValue(item, [], out);
    else if (item.type === 'TOMLTable') {
      const prefix = keyPath(item.key as Node);
      const section = prefix.join('.');
      if (isPoetryDeps(section)) for (const kv of item.body as Node[]) poetryEntry(kv, section, out);
      else for (const kv of item.body as Node[]) keyValue(kv, prefix, out);
    }
  }
  return out;
}

function keyPath(key: Node): string[] {
  return (key.keys as Node[]).map((k) => String(k.type === 'TOMLBare' ? k.name : k.value));
}

/** Poetry's tables map package names to versions: `[tool.poetry.dependencies]`, `[tool.poetry.group.<g>.dependencies]`, `[tool.poetry.dev-dependencies]`. */
function isPoetryDeps(section: string): boolean {
  if (section === 'tool.poetry.dependencies' || section === 'tool.poetry.dev-dependencies') return true;
  const p = section.split('.');
  return p.length === 5 && p[0] === 'tool' && p[1] === 'poetry' && p[2] === 'group' && p[4] === 'dependencies';
}

/** PEP 621 arrays of requirement strings: `project.dependencies`, `project.optional-dependencies.<extra>`, `dependency-groups.<g>`. */
function keyValue(kv: Node, prefix: string[], out: DeclaredDependency[]): void {
  const full = [...prefix, ...keyPath(kv.key as Node)];
  const section = full.join('.');
  const value = kv.value as Node;
  if (value.type === 'TOMLInlineTable' && (section === 'project.optional-dependencies' || section === 'dependency-groups')) {
    for (const inner of value.body as Node[]) keyValue(inner, full, out);
    return;
  }
  const pep621 =
    section === 'project.dependencies' ||
    (full.length === 3 && full[0] === 'project' && full[1] === 'optional-dependencies') ||
    (full.length === 2 && full[0] === 'dependency-groups');
  if (!pep621 || value.type !== 'TOMLArray') return;
  for (const el of value.elements as Node[]) {
    if (el.type !== 'TOMLValue' || el.kind !== 'string') continue;
    const s = String(el.value);
    const quote = el.multiline ? 3 : 1;
    const dep = parseRequirementString(s, el.range[0] + quote);
    if (dep) out.push({ ...dep, section });
  }
}

function poetryEntry(kv: Node, section: string, out: DeclaredDependency[]): void {
  if (kv.type !== 'TOMLKeyValue') return;
  const keys = (kv.key as Node).keys as Node[];
  if (keys.length !== 1) return;
  const name = String(keys[0].type === 'TOMLBare' ? keys[0].name : keys[0].value);
  if (name.toLowerCase() === 'python') return; // the interpreter constraint, not a package
  const value = kv.value as Node;
  const version = value.type === 'TOMLValue' && value.kind === 'string' ? String(value.value) : undefined;
  const quoted = keys[0].type !== 'TOMLBare' ? 1 : 0;
  out.push({ name, from: keys[0].range[0] + quoted, to: keys[0].range[1] - quoted, section, version });
}
