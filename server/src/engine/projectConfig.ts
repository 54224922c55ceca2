import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YNode, Pair, YAMLMap } from 'yaml';
import type { LambdaAuditConfig, RuleSetting } from './config';
import type { RuleMeta, SeveritySetting } from './types';
import { yamlTooDeep } from './parse/depth';

/**
 * `.lambda-audit.yaml`: parsing and validation, shared by the CLI and the language server.
 * Pure (text in, config and problems out) so that each surface decides how to show problems:
 * the CLI as a usage error, the server as diagnostics on the file.
 */

export const PROJECT_CONFIG_FILE = '.lambda-audit.yaml';

export interface ConfigProblem {
  /** Offsets into the configuration text. */
  from: number;
  to: number;
  message: string;
}

export interface ProjectConfigResult {
  config: LambdaAuditConfig;
  problems: ConfigProblem[];
}

const TOP_KEYS = ['rules', 'exclude', 'include'] as const;
const SEVERITIES: SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const RULE_ID = /^LA\d{3}$/;

/**
 * Parses the project configuration. `rules` (the known rule metadata) lets unknown rule ids and
 * slugs be reported by name; without it only the id's shape is checked. A problem never drops the
 * rest: every valid setting is still returned.
 */
export function parseProjectConfig(text: string, rules?: RuleMeta[]): ProjectConfigResult {
  const problems: ConfigProblem[] = [];
  const config: LambdaAuditConfig = {};
  // Not handed to the yaml library when nested absurdly deep (parse/depth.ts).
  const tooDeep = yamlTooDeep(text);
  if (tooDeep !== undefined) return { config, problems: [{ from: tooDeep, to: Math.min(text.length, tooDeep + 1), message: 'Not valid YAML here: nested too deeply to read.' }] };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) problems.push({ from: e.pos[0], to: e.pos[1], message: `Not valid YAML: ${firstLine(e.message)}` });
  if (doc.errors.length) return { config, problems };
  const root = doc.contents as YNode | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    problems.push({ ...span(root), message: `The configuration must be a mapping with the keys ${TOP_KEYS.join(', ')}.` });
    return { config, problems };
  }
  for (const pair of root.items) {
    const key = keyName(pair);
    const value = pair.value as YNode | null;
    if (key === 'rules') {
      const r = readRules(value, pair, rules, problems);
      if (r) config.rules = r;
    } else if (key === 'exclude' || key === 'include') {
      const list = readStringList(key, value, pair, problems);
      if (list) config[key] = list;
    } else {
      problems.push({ ...span(pair.key as YNode), message: `Unknown key '${key ?? '?'}'. Allowed top-level keys: ${TOP_KEYS.join(', ')}.` });
    }
  }
  return { config, problems };
}

function readRules(value: YNode | null, pair: Pair, rules: RuleMeta[] | undefined, problems: ConfigProblem[]): Record<string, RuleSetting> | undefined {
  if (value === null) return undefined; // `rules:` with nothing under it
  if (!isMap(value)) {
    problems.push({ ...spanOr(value, pair), message: "'rules' must be a mapping from rule id to a severity (off, info, warning, error) or to { severity, ...parameters }." });
    return undefined;
  }
  const out: Record<string, RuleSetting> = {};
  for (const item of (value as YAMLMap).items) {
    const keyNode = item.key as YNode;
    const raw = keyName(item) ?? '';
    const id = resolveRuleId(raw, rules);
    if (typeof id !== 'string') {
      problems.push({ ...span(keyNode), message: id.message });
      continue;
    }
    const v = item.value as YNode | null;
    if (isScalar(v) && typeof v.value === 'string' && (SEVERITIES as string[]).includes(v.value)) {
      out[id] = v.value as SeveritySetting;
    } else if (isMap(v)) {
      const setting: Record<string, unknown> = {};
      let ok = true;
      for (const p of v.items) {
        const name = keyName(p);
        const pv = p.value as YNode | null;
        if (name === 'severity') {
          if (isScalar(pv) && typeof pv.value === 'string' && (SEVERITIES as string[]).includes(pv.value)) setting.severity = pv.value;
          else {
            problems.push({ ...spanOr(pv, p), message: `Invalid severity for ${id}: ${show(pv)}. Allowed: ${SEVERITIES.join(', ')}.` });
            ok = false;
          }
        } else if (name !== undefined) {
          // Rule parameters are the rule's business (it reads ctx.params); plain data is all we check.
          const data = plainData(pv);
          if (data.ok) setting[name] = data.value;
          else {
            problems.push({ ...spanOr(pv, p), message: `Invalid value for ${id} parameter '${name}': use a number, string, boolean, list or mapping (no aliases).` });
            ok = false;
          }
        }
      }
      if (ok) out[id] = setting as RuleSetting;
    } else {
      problems.push({
        ...spanOr(v, item),
        message: `Invalid setting for ${id}: ${show(v)}. Allowed: ${SEVERITIES.join(', ')}, or a mapping like { severity: warning, <parameter>: <value> }.`,
      });
    }
  }
  return out;
}

/** The rule id a key names: an id (any case) or, as a courtesy, a slug; else a message saying what is allowed. */
function resolveRuleId(raw: string, rules: RuleMeta[] | undefined): string | { message: string } {
  const upper = raw.trim().toUpperCase();
  if (rules) {
    const byId = rules.find((r) => r.id === upper);
    if (byId) return byId.id;
    const bySlug = rules.find((r) => r.slug === raw.trim());
    if (bySlug) return bySlug.id;
    const known = rules.map((r) => r.id).sort();
    return { message: `Unknown rule '${raw}'. Rules are named by id; known ids: ${known.join(', ')}.` };
  }
  if (RULE_ID.test(upper)) return upper;
  return { message: `Unknown rule '${raw}'. Rules are named by id, like LA101.` };
}

function readStringList(key: string, value: YNode | null, pair: Pair, problems: ConfigProblem[]): string[] | undefined {
  if (value === null) return undefined;
  const what = key === 'exclude' ? 'glob patterns' : 'folder names (e.g. cdk.out)';
  if (isScalar(value) && typeof value.value === 'string') return [value.value];
  if (!isSeq(value)) {
    problems.push({ ...spanOr(value, pair), message: `'${key}' must be a list of ${what}.` });
    return undefined;
  }
  const out: string[] = [];
  for (const item of value.items as Array<YNode | null>) {
    if (isScalar(item) && typeof item.value === 'string') out.push(item.value);
    else problems.push({ ...spanOr(item, pair), message: `'${key}' must be a list of ${what}; found ${show(item)}.` });
  }
  return out;
}

/** A node as plain data; aliases are refused so that a config cannot expand into an alias bomb. */
function plainData(node: YNode | null): { ok: true; value: unknown } | { ok: false } {
  if (node === null) return { ok: true, value: null };
  if (isScalar(node)) return { ok: true, value: node.value };
  if (isSeq(node) || isMap(node)) {
    const isSeqNode = isSeq(node);
    const arr: unknown[] = [];
    const obj: Record<string, unknown> = {};
    for (const item of node.items as unknown[]) {
      if (isSeqNode) {
        const v = plainData(item as YNode | null);
        if (!v.ok) return v;
        arr.push(v.value);
      } else {
        const pair = item as Pair;
        const k = keyName(pair);
        const v = plainData(pair.value as YNode | null);
        if (k === undefined || !v.ok) return { ok: false };
        obj[k] = v.value;
      }
    }
    return { ok: true, value: isSeqNode ? arr : obj };
  }
  return { ok: false };
}

function keyName(pair: Pair): string | undefined {
  const k = pair.key as YNode | null;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return undefined;
}

function span(node: YNode | null | undefined): { from: number; to: number } {
  const r = node?.range;
  return r ? { from: r[0], to: r[1] } : { from: 0, to: 0 };
}

/** The node's span, or its key's when the value is missing (`key:` with nothing after it). */
function spanOr(node: YNode | null | undefined, pair: Pair): { from: number; to: number } {
  return node?.range ? span(node) : span(pair.key as YNode);
}

function show(node: YNode | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isScalar(node)) return JSON.stringify(node.value);
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'an unsupported value';
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
