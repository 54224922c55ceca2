// Adding a property to a map of a template as text edits, so that the rest of the file
// (comments, quoting, key order, the author's indentation) stays exactly as written: structured
// values (nested maps, lists, intrinsics) rendered for YAML or JSON, the choice between a
// function and its shared defaults, and creating `Globals: Function:` when needed. The
// positional work (where a new entry goes, commas, indentation) is ./edits.
import type { EditInput } from '../rules/api';
import { entry, get, isMap } from '../parse/tree';
import type { TEntry, TMap } from '../parse/tree';
import { columnOf, formatKey, formatString, indentContinuation, insertEntry, startsLine } from './edits';
import type { EditTarget } from './edits';
import type { FunctionModel, TemplateDoc } from './model';

/** A CloudFormation intrinsic to write: `!GetAtt Q.Arn` in YAML, `{"Fn::GetAtt": ["Q", "Arn"]}` in JSON. */
export interface IntrinsicValue {
  intrinsic: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub';
  /** Ref: logical id; GetAtt: [id, attribute]; Sub: the string. */
  arg: string | [string, string];
}

/** A value to write: plain data, nested maps and lists, or an intrinsic. */
export type PropertyValue = string | number | boolean | IntrinsicValue | PropertyValue[] | { [key: string]: PropertyValue };

export function getAtt(id: string, attribute: string): IntrinsicValue {
  return { intrinsic: 'Fn::GetAtt', arg: [id, attribute] };
}

function isIntrinsic(v: PropertyValue): v is IntrinsicValue {
  return typeof v === 'object' && !Array.isArray(v) && 'intrinsic' in v && Object.keys(v).length === 2;
}

export interface AddEntryOptions {
  /** Insert before this key of the map (e.g. `Globals` goes before `Resources`), else after the last entry. */
  before?: string;
}

/**
 * Edits that add `key: value` to `map`, through `insertEntry` of ./edits (new line at the map's
 * own indentation for YAML block maps, `, key: value` in flow maps, comma and sibling
 * indentation in JSON). Nested values are written in the file's format, one indentation step
 * (taken from the file) deeper. No edits when the key is already there; undefined when the
 * layout is one ./edits cannot write into safely.
 */
export function addMapEntry(doc: TemplateDoc, map: TMap, key: string, value: PropertyValue, opts: AddEntryOptions = {}): EditInput[] | undefined {
  if (entry(map, key)) return [];
  const step = indentStep(doc);
  const valueText = doc.format === 'json' ? jsonValue(value, step, doc.source.eol) : yamlValue(doc, value, step, doc.source.eol);
  let after: TEntry | undefined;
  if (opts.before) {
    const i = map.entries.findIndex((e) => e.key.value === opts.before);
    if (i > 0) after = map.entries[i - 1];
  }
  const edit = insertEntry(doc, map, key, valueText, after);
  return edit ? [edit] : undefined;
}

// ---------------- value text ----------------
// Continuation lines are indented relative to the key's column, as insertEntry expects.

function yamlValue(t: EditTarget, value: PropertyValue, step: string, eol: string): string {
  if (typeof value !== 'object' || isIntrinsic(value)) return yamlFlow(t, value);
  if (Array.isArray(value)) return value.length ? value.map((v) => `${eol}${step}- ${yamlFlow(t, v)}`).join('') : '[]';
  const keys = Object.keys(value);
  if (!keys.length) return '{}';
  return keys
    .map((k) => {
      const inner = yamlValue(t, value[k], step, eol);
      const sep = inner.startsWith(eol) ? ':' : ': ';
      return `${eol}${step}${formatKey(t, k)}${sep}${indentContinuation(inner, step)}`;
    })
    .join('');
}

function yamlFlow(t: EditTarget, value: PropertyValue): string {
  if (isIntrinsic(value)) {
    const arg = value.arg;
    if (value.intrinsic === 'Ref') return `!Ref ${formatString(t, String(arg))}`;
    if (value.intrinsic === 'Fn::GetAtt') return `!GetAtt ${Array.isArray(arg) ? arg.join('.') : arg}`;
    return `!Sub ${formatString(t, String(arg))}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => yamlFlow(t, v)).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length ? `{ ${keys.map((k) => `${formatKey(t, k)}: ${yamlFlow(t, value[k])}`).join(', ')} }` : '{}';
  }
  if (typeof value === 'string') return formatString(t, value);
  return String(value);
}

function jsonValue(value: PropertyValue, step: string, eol: string): string {
  const plain = toJson(value);
  if (typeof plain !== 'object' || plain === null) return JSON.stringify(plain);
  // Intrinsics stay on one line, as people write them: {"Fn::GetAtt": ["Q", "Arn"]}.
  if (isIntrinsic(value)) return JSON.stringify(plain).replace(/":/g, '": ').replace(/,"/g, ', "');
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${value.map((v) => `${eol}${step}${indentContinuation(jsonValue(v, step, eol), step)}`).join(',')}${eol}]`;
  }
  const keys = Object.keys(value);
  if (!keys.length) return '{}';
  const obj = value as { [k: string]: PropertyValue };
  const body = keys.map((k) => `${eol}${step}${JSON.stringify(k)}: ${indentContinuation(jsonValue(obj[k], step, eol), step)}`);
  return `{${body.join(',')}${eol}}`;
}

function toJson(value: PropertyValue): unknown {
  if (isIntrinsic(value)) return { [value.intrinsic]: value.arg };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/**
 * The file's indentation step: the smallest positive difference between a key's column and
 * the column of the first key of the map it holds (both on their own lines), else 2 spaces.
 */
function indentStep(doc: TemplateDoc): string {
  // Rules ask once per fix, and the walk below covers the whole document: a template with
  // hundreds of findings paid it hundreds of times per keystroke. A doc's text never changes.
  let step = indentSteps.get(doc);
  if (step === undefined) indentSteps.set(doc, (step = measureIndentStep(doc)));
  return step;
}
const indentSteps = new WeakMap<TemplateDoc, string>();

function measureIndentStep(doc: TemplateDoc): string {
  const src = doc.source;
  let best = 0;
  const visit = (m: TMap, depth: number): void => {
    if (depth > 4) return;
    for (const e of m.entries) {
      if (!isMap(e.value) || e.value.shortTag) continue;
      const inner = e.value.entries[0];
      if (inner && startsLine(src, e.key.from) && startsLine(src, inner.key.from)) {
        const d = columnOf(src, inner.key.from) - columnOf(src, e.key.from);
        if (d > 0 && (best === 0 || d < best)) best = d;
      }
      visit(e.value, depth + 1);
    }
  };
  if (doc.format === 'json') {
    const first = doc.root.entries[0];
    if (first && startsLine(src, first.key.from)) best = columnOf(src, first.key.from);
  }
  if (!best) visit(doc.root, 0);
  return ' '.repeat(best || 2);
}

// ---------------- function settings: the function itself or the shared defaults ----------------

export type SettingTarget = 'function' | 'globals' | 'provider';

export interface FunctionSettingEdit {
  target: SettingTarget;
  edits: EditInput[];
}

/**
 * Whether a setting belongs in the shared defaults: SAM `Globals.Function` (or the Serverless
 * `provider`) when every function of the template lacks `property` (looked up with defaults
 * merged). A lone function without an existing Globals block keeps the setting to itself,
 * where a reader looks first.
 */
export function settingBelongsInDefaults(fn: FunctionModel, property: string): boolean {
  const doc = fn.template;
  if (fn.resourceType === 'AWS::Lambda::Function') return false;
  const peers = doc.functions.filter((f) => f.resourceType === fn.resourceType);
  if (!peers.every((f) => !f.prop(property))) return false;
  return peers.length > 1 || !!doc.functionDefaults;
}

/**
 * Edits that give `fn` the setting `key: value`: in the shared defaults when every function
 * lacks `property` (see settingBelongsInDefaults; `defaults` gives a different key/value for
 * that place, as Serverless writes `tracing: {lambda: true}` under provider), else in the
 * function's own map. Creates `Globals:` / `Function:` (before `Resources`) when they are missing.
 * Undefined when there is no map to write into.
 */
export function addFunctionSetting(
  fn: FunctionModel,
  property: string,
  key: string,
  value: PropertyValue,
  defaults: { key: string; value: PropertyValue } = { key, value },
): FunctionSettingEdit | undefined {
  const doc = fn.template;
  if (settingBelongsInDefaults(fn, property)) {
    if (doc.kind === 'serverless') {
      const provider = get(doc.root, 'provider');
      const edits = isMap(provider) ? addMapEntry(doc, provider, defaults.key, defaults.value) : undefined;
      if (edits) return { target: 'provider', edits };
    } else {
      const edits = addToGlobalsFunction(doc, defaults.key, defaults.value);
      if (edits) return { target: 'globals', edits };
    }
  }
  const edits = fn.properties ? addMapEntry(doc, fn.properties, key, value) : undefined;
  return edits ? { target: 'function', edits } : undefined;
}

/** Edits that set `key: value` under SAM `Globals.Function`, creating either level as needed. */
export function addToGlobalsFunction(doc: TemplateDoc, key: string, value: PropertyValue): EditInput[] | undefined {
  const globals = entry(doc.root, 'Globals');
  if (globals) {
    if (!isMap(globals.value)) return undefined;
    const fnDefaults = entry(globals.value, 'Function');
    if (fnDefaults) return isMap(fnDefaults.value) ? addMapEntry(doc, fnDefaults.value, key, value) : undefined;
    return addMapEntry(doc, globals.value, 'Function', { [key]: value });
  }
  const before = entry(doc.root, 'Resources') ? { before: 'Resources' } : {};
  return addMapEntry(doc, doc.root, 'Globals', { Function: { [key]: value } }, before);
}
