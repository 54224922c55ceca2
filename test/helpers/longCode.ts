// Long handler modules of a regular shape, for incremental-parsing tests and the parse benchmark.

/** A long module: `n` functions, each a few statements, then the handler. */
export function longPython(n: number): string {
  const out = ['import json', 'import os', 'import boto3', '', 'TABLE = os.environ["TABLE_NAME"]', ''];
  for (let i = 0; i < n; i++)
    out.push('', `def helper_${i}(record):`, `    value = record.get("k${i}", ${i})`, '    if value > 10:', `        return value * ${i}`, '    return json.dumps(value)');
  out.push('', '', 'def lambda_handler(event, context):', '    s3 = boto3.client("s3")', '    return [helper_0(r) for r in event["Records"]]', '');
  return out.join('\n');
}

/** The same shape in TypeScript, or without the type annotations in JavaScript. */
export function longTypeScript(n: number, typed = true): string {
  const t = (annotation: string) => (typed ? annotation : '');
  const out = ["import { S3Client } from '@aws-sdk/client-s3';", ''];
  for (let i = 0; i < n; i++)
    out.push(`function helper${i}(record${t(': { k: number }')})${t(': number')} {`, `  const value = record.k + ${i};`, '  if (value > 10) {', `    return value * ${i};`, '  }', '  return value;', '}', '');
  out.push(`export async function handler(event${t(': { Records: Array<{ k: number }> }')})${t(': Promise<number[]>')} {`, '  const s3 = new S3Client({});', '  return event.Records.map(helper0);', '}', '');
  return out.join('\n');
}
