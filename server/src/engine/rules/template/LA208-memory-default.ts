import { DEFAULT_MEMORY_MB, MEMORY_PER_VCPU_MB, MIN_MEMORY_MB } from '../../data/runtimes';
import { isScalar, num } from '../../parse/tree';
import type { TNode } from '../../parse/tree';
import { addFunctionSetting } from '../../template/addProperty';
import { resolveScalar } from '../../template/values';
import type { EditInput, TemplateRule } from '../api';

const DEFAULT_SUGGESTED_MB = 512;
/** "1,769": grouped by hand, because the first toLocaleString call sets up ICU (about 9 ms, on the first lint of a template). */
const PER_VCPU_TEXT = String(MEMORY_PER_VCPU_MB).replace(/\B(?=(\d{3})+$)/g, ',');

/**
 * LA208: MemorySize left at the CloudFormation/SAM default (128 MB) or set that low. CPU
 * share grows with memory, so 128 MB is often slower and not cheaper. Serverless Framework
 * functions default to 1,024 MB, so only an explicit low value fires there.
 */
export const rule: TemplateRule = {
  kind: 'template',
  meta: {
    id: 'LA208',
    slug: 'memory-default',
    title: 'Memory left at the default or very low',
    defaultSeverity: 'info',
    category: 'performance',
    scope: 'template',
    languages: ['yaml', 'json'],
    summary:
      'MemorySize is left at the 128 MB default or set that low. Lambda allocates CPU in proportion to memory, so a small setting often makes the function slower without making it cheaper; measure with AWS Lambda Power Tuning and set MemorySize.',
    hasFix: true,
  },
  check(ctx) {
    const doc = ctx.template;
    const suggested = typeof ctx.params.suggested === 'number' ? ctx.params.suggested : DEFAULT_SUGGESTED_MB;
    const advice = `CPU scales with memory (${PER_VCPU_TEXT} MB = 1 vCPU), so this is often slower and no cheaper; measure with AWS Lambda Power Tuning and set MemorySize (e.g. ${suggested})`;
    const seen = new Set<TNode>();
    for (const fn of doc.functions) {
      const prop = fn.prop('MemorySize');
      if (!prop) {
        if (fn.resourceType === 'serverless') continue; // the framework's default is 1,024 MB
        const setting = addFunctionSetting(fn, 'MemorySize', 'MemorySize', suggested);
        const where = setting?.target === 'globals' ? ' in Globals for all functions' : '';
        ctx.report({
          from: fn.entry.key.from,
          to: fn.entry.key.to,
          message: `${fn.id} runs with the default ${DEFAULT_MEMORY_MB} MB: ${advice}`,
          fixes: setting?.edits.length ? [{ title: `Set MemorySize: ${suggested}${where}`, edits: setting.edits }] : undefined,
          functionId: fn.id,
        });
        continue;
      }
      if (seen.has(prop.node)) continue;
      seen.add(prop.node);
      const resolved = resolveScalar(doc, prop.node);
      const mb = num(resolved);
      if (mb === undefined || mb > MIN_MEMORY_MB) continue;
      const edits: EditInput[] = [];
      // Only a literal written here is changed: a parameter's Default may be overridden at deploy time.
      if (isScalar(prop.node) && resolved === prop.node) edits.push({ from: prop.node.from, to: prop.node.to, text: String(suggested) });
      const shared = prop.source !== 'function';
      ctx.report({
        from: prop.node.from,
        to: prop.node.to,
        message: `MemorySize is ${mb} MB${shared ? ' for every function that uses this default' : ` for ${fn.id}`}: ${advice}`,
        fixes: edits.length ? [{ title: `Set MemorySize: ${suggested}`, edits }] : undefined,
        functionId: shared ? undefined : fn.id,
      });
    }
  },
};
