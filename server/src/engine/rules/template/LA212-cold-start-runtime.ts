import { DEFAULT_MEMORY_MB, SERVERLESS_DEFAULT_MEMORY_MB, supportsSnapStart } from '../../data/runtimes';
import { bool, get, num, str } from '../../parse/tree';
import { addFunctionSetting, addMapEntry } from '../../template/addProperty';
import type { PropertyValue } from '../../template/addProperty';
import { refTarget } from '../../template/load';
import type { FunctionModel } from '../../template/model';
import { resolveScalar } from '../../template/values';
import type { EditInput, FixInput, TemplateRule } from '../api';

/** Below this, a JVM or CLR start-up gets too little CPU (CPU scales with memory). */
const MIN_MEMORY_MB = 512;

/**
 * LA212: a Java or .NET function exposed to cold starts. Their runtimes start a VM and JIT
 * the application on every new execution environment, seconds rather than the tens of
 * milliseconds of Node.js or Python, unless SnapStart restores a snapshot or provisioned
 * concurrency keeps environments initialized; at low memory the start-up gets a sliver of CPU.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA212',
    slug: 'cold-start-runtime',
    title: 'Java or .NET function exposed to cold starts',
    defaultSeverity: 'info',
    category: 'performance',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'A Java or .NET function has neither SnapStart nor provisioned concurrency, or runs with less than 512 MB: every new execution environment starts the VM and the application from scratch, often taking seconds. Enable SnapStart (ApplyOn: PublishedVersions) where the runtime supports it, or provisioned concurrency, and give it at least 512 MB.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    for (const fn of doc.functions) {
      const runtime = fn.runtime;
      if (fn.packageType === 'Image' || !runtime || !(runtime.startsWith('java') || runtime.startsWith('dotnet'))) continue;
      const warm = snapStartState(fn) !== 'off' || hasProvisionedConcurrency(fn);
      const memory = memoryOf(fn);
      const lowMemory = memory !== undefined && memory < MIN_MEMORY_MB;
      if (warm && !lowMemory) continue;
      const canSnap = !warm && supportsSnapStart(runtime) && !snapStartBlocked(fn);
      const problems: string[] = [];
      const advice: string[] = [];
      if (!warm) {
        problems.push('neither SnapStart nor provisioned concurrency');
        advice.push(canSnap ? `enable SnapStart (ApplyOn: PublishedVersions; it applies to published versions only, ${versionsNote(fn)}) or provisioned concurrency` : 'use provisioned concurrency (or a runtime version that supports SnapStart)');
      }
      if (lowMemory) {
        problems.push(`only ${memory} MB of memory`);
        advice.push(`raise MemorySize to at least ${MIN_MEMORY_MB} MB (CPU scales with memory)`);
      }
      const own = fn.prop('Runtime');
      const at = own?.source === 'function' ? own.node : fn.entry.key;
      const fix = canSnap ? snapStartFix(fn) : undefined;
      ctx.report({
        from: at.from,
        to: at.to,
        message: `${fn.id} runs on ${runtime} with ${problems.join(' and ')}, so every cold start initializes the ${runtime.startsWith('java') ? 'JVM' : '.NET runtime'} and the application from scratch: ${advice.join(', and ')}`,
        fixes: fix ? [fix] : undefined,
        functionId: fn.id,
      });
    }
  },
};

/** `off` when absent or `ApplyOn: None` / `snapStart: false`; an unresolvable value counts as set. */
function snapStartState(fn: FunctionModel): 'on' | 'off' | 'unknown' {
  const doc = fn.template;
  if (fn.resourceType === 'serverless') {
    const n = get(fn.properties, 'snapStart');
    if (!n) return 'off';
    const v = resolveScalar(doc, n);
    return !v ? 'unknown' : bool(v) === true ? 'on' : bool(v) === false ? 'off' : 'unknown';
  }
  const p = fn.prop('SnapStart');
  if (!p) return 'off';
  const apply = get(p.node, 'ApplyOn');
  const v = str(resolveScalar(doc, apply));
  if (v === 'PublishedVersions') return 'on';
  if (v === 'None') return 'off';
  return 'unknown';
}

/** SAM ProvisionedConcurrencyConfig, Serverless provisionedConcurrency, or a CFN alias / version with one. */
function hasProvisionedConcurrency(fn: FunctionModel): boolean {
  if (fn.resourceType === 'serverless') {
    const n = get(fn.properties, 'provisionedConcurrency');
    const v = num(resolveScalar(fn.template, n));
    return !!n && v !== 0;
  }
  if (fn.prop('ProvisionedConcurrencyConfig')) return true;
  for (const res of fn.template.resources.values()) {
    if (res.type !== 'AWS::Lambda::Alias' && res.type !== 'AWS::Lambda::Version') continue;
    if (get(res.properties, 'ProvisionedConcurrencyConfig') && refTarget(get(res.properties, 'FunctionName')) === fn.id) return true;
  }
  return false;
}

/** The memory the function runs with; undefined when set to something unresolvable. */
function memoryOf(fn: FunctionModel): number | undefined {
  if (fn.memorySize !== undefined) return fn.memorySize;
  if (fn.prop('MemorySize')) return undefined;
  return fn.resourceType === 'serverless' ? SERVERLESS_DEFAULT_MEMORY_MB : DEFAULT_MEMORY_MB;
}

/** SnapStart does not work with EFS or with ephemeral storage over 512 MB. */
function snapStartBlocked(fn: FunctionModel): boolean {
  if (fn.resourceType === 'serverless') return !!get(fn.properties, 'fileSystemConfig') || (num(resolveScalar(fn.template, get(fn.properties, 'ephemeralStorageSize'))) ?? 512) > 512;
  if (fn.prop('FileSystemConfigs')) return true;
  const size = get(fn.prop('EphemeralStorage')?.node, 'Size');
  return !!size && (num(resolveScalar(fn.template, size)) ?? Infinity) > 512;
}

function versionsNote(fn: FunctionModel): string {
  if (fn.resourceType === 'serverless') return 'which the framework publishes';
  if (fn.resourceType === 'AWS::Lambda::Function') return 'so publish an AWS::Lambda::Version and invoke it through an alias';
  return fn.prop('AutoPublishAlias') ? 'which AutoPublishAlias publishes' : 'so also set AutoPublishAlias';
}

function snapStartFix(fn: FunctionModel): FixInput | undefined {
  const doc = fn.template;
  let edits: EditInput[] | undefined;
  let where = '';
  if (fn.resourceType === 'serverless') edits = fn.properties ? addMapEntry(doc, fn.properties, 'snapStart', true) : undefined;
  else {
    const value: PropertyValue = { ApplyOn: 'PublishedVersions' };
    // Globals only when every function of the template could take it: elsewhere it fails the deployment.
    const peers = doc.functions.filter((f) => f.resourceType === fn.resourceType);
    if (fn.resourceType === 'AWS::Serverless::Function' && peers.every((f) => supportsSnapStart(f.runtime) && !snapStartBlocked(f))) {
      const r = addFunctionSetting(fn, 'SnapStart', 'SnapStart', value);
      edits = r?.edits;
      if (r?.target === 'globals') where = ' in Globals for all functions';
    } else edits = fn.properties ? addMapEntry(doc, fn.properties, 'SnapStart', value) : undefined;
  }
  if (!edits?.length) return undefined;
  const title = fn.resourceType === 'serverless' ? 'Set snapStart: true' : `Set SnapStart: {ApplyOn: PublishedVersions}${where}`;
  // Not preferred: SnapStart needs published versions and code that tolerates being restored from a snapshot (uniqueness, connections).
  return { title, edits };
}
