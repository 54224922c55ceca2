import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../../engine/rules/api';
import type { Finding, Range, Severity } from '../../engine/types';
import { sortFindings } from '../report';
import type { Report } from '../report';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/lambda-audit/lambda-audit';
export const FINGERPRINT_KEY = 'lambdaAudit/v1';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

type Json = Record<string, unknown>;

/**
 * SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, ...). Every finding is kept:
 * suppressed ones carry `suppressions` so that the service shows them as dismissed in source.
 */
export function formatSarif(report: Report): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const findings = sortFindings(report.result.findings);
  const fingerprints = fingerprintsOf(report, findings);
  const location = (file: string, range: Range): Json => ({
    physicalLocation: { artifactLocation: artifact(report.cwd, file), region: region(range) },
  });
  const results = findings.map((f, i): Json => {
    const result: Json = {
      ruleId: f.ruleId,
      ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [location(f.file, f.range)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
    };
    if (f.related?.length) result.relatedLocations = f.related.map((r, id) => ({ id, ...location(r.file, r.range), message: { text: r.message } }));
    if (f.fixes?.length)
      result.fixes = f.fixes.map((fx) => ({
        description: { text: fx.title },
        artifactChanges: fx.changes.map((c) => ({
          artifactLocation: artifact(report.cwd, c.file),
          replacements: c.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
        })),
      }));
    if (f.suppression) result.suppressions = [{ kind: 'inSource', ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }];
    if (f.functionId) result.properties = { functionId: f.functionId };
    return result;
  });
  const rules = report.rules.map((r) => ({
    id: r.id,
    name: r.slug,
    shortDescription: { text: r.title },
    fullDescription: { text: r.summary },
    helpUri: docsUrl(r.id),
    help: { text: `${r.summary} See ${docsUrl(r.id)}`, markdown: `${r.summary}\n\n[${r.id} ${r.slug}](${docsUrl(r.id)})` },
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { tags: [r.category] },
  }));
  const srcroot = pathToFileURL(report.cwd).href.replace(/\/?$/, '/');
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lambda-audit', informationUri: INFORMATION_URI, version: report.version, semanticVersion: report.version, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: srcroot } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Relative to %SRCROOT% (the working directory) when inside it; an absolute file URI otherwise. */
export function artifact(cwd: string, file: string): Json {
  const rel = path.relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** SARIF regions are 1-based; endColumn is exclusive, like ours. */
export function region(r: Range): Json {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/**
 * Hash of rule id, relative path and the trimmed text of the finding's first line, plus the
 * occurrence among identical keys. Not the line number: an edit above the finding must not make
 * the code-scanning service see a new alert (and close the old one).
 */
function fingerprintsOf(report: Report, sorted: Finding[]): string[] {
  const seen = new Map<string, number>();
  return sorted.map((f) => {
    const rel = path.relative(report.cwd, f.file).split(path.sep).join('/');
    const text = (report.lineText(f.file, f.range.start.line) ?? f.message).trim();
    const hash = createHash('sha256').update(`${f.ruleId}\0${rel}\0${text}`).digest('hex').slice(0, 32);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}:${n + 1}`;
  });
}
