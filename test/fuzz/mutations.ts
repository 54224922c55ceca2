// Deterministic generators of broken input for the fuzz/mutation suite: truncations, byte flips,
// binary noise, deep nesting, alias bombs, BOM/CRLF variants, invalid UTF-8 and huge files.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Mulberry32: a small seeded PRNG, so every run checks the same cases. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: () => number, n: number) => Math.floor(r() * n);

/** Offsets right after every line break (and 0): truncation at each line boundary. */
export function lineBoundaries(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

/** `count` distinct character offsets inside the text, sorted. */
export function sampleOffsets(text: string, count: number, seed: number): number[] {
  const r = rng(seed);
  const set = new Set<number>();
  while (set.size < Math.min(count, text.length)) set.add(int(r, text.length));
  return [...set].sort((a, b) => a - b);
}

/** `flips` random bytes of the UTF-8 encoding replaced by random bytes (the result may not be valid UTF-8). */
export function flipBytes(text: string, flips: number, seed: number): Buffer {
  const r = rng(seed);
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < flips && b.length; i++) b[int(r, b.length)] = int(r, 256);
  return b;
}

/** Random bytes, NUL and control characters included: a binary file. */
export function binary(size: number, seed: number): Buffer {
  const r = rng(seed);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = int(r, 256);
  return b;
}

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, surrogates) inside otherwise good text. */
export function invalidUtf8(text: string): Buffer {
  const bad = Buffer.from([0x80, 0xbf, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80, 0xff, 0xfe]);
  const b = Buffer.from(text, 'utf8');
  const mid = text.indexOf('\n', Math.floor(text.length / 2));
  const at = mid < 0 ? b.length : Buffer.byteLength(text.slice(0, mid), 'utf8');
  return Buffer.concat([b.subarray(0, at), Buffer.from('# '), bad, b.subarray(at)]);
}

/** What NodeFileHost makes of bytes: UTF-8 with replacement characters, a leading BOM dropped. */
export function decode(b: Buffer): string {
  const t = b.toString('utf8');
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

export const withBom = (text: string) => '\ufeff' + text;
export const withCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
export const withCr = (text: string) => text.replace(/\r?\n/g, '\r');

// ---------- deep nesting ----------

export const DEEP = 10_000;

export function deepYamlFlow(depth = DEEP): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Deep:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`;
}

export function deepYamlMaps(depth = DEEP): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
}

/** Block-style nesting: every level one more indent (smaller depth: the text grows with depth²). */
export function deepYamlBlock(depth = 1000): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 1; i <= depth; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  lines.push(`${' '.repeat(depth + 1)}leaf`);
  return lines.join('\n') + '\n';
}

export function deepJson(depth = DEEP): string {
  return `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'{"a": ['.repeat(depth)}1${']}'.repeat(depth)}}`;
}

export function deepPython(depth = DEEP): string {
  return `import boto3\n\n\ndef lambda_handler(event, context):\n    x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n    y = ${'['.repeat(depth)}${']'.repeat(depth)}\n    return x\n`;
}

export function deepPythonBlocks(depth = 1000): string {
  const lines = ['def lambda_handler(event, context):'];
  for (let i = 1; i <= depth; i++) lines.push(`${' '.repeat(i)}if event:`);
  lines.push(`${' '.repeat(depth + 1)}return 1`);
  return lines.join('\n') + '\n';
}

export function deepJs(depth = DEEP): string {
  return `export const handler = async (event) => {\n  const x = ${'['.repeat(depth)}${']'.repeat(depth)};\n  const y = ${'f('.repeat(depth)}1${')'.repeat(depth)};\n  const z = ${'{a: '.repeat(depth)}1${'}'.repeat(depth)};\n  return x;\n};\n`;
}

export function deepJsBlocks(depth = DEEP): string {
  return `export const handler = async (event) => {\n${'if (event) {'.repeat(depth)}return 1;${'}'.repeat(depth)}\n};\n`;
}

// ---------- YAML alias bombs ----------

/** Billion laughs: 9 levels of 9 aliases each (9^9 nodes if expanded). */
export function yamlBillionLaughs(): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  lines.push('Resources:', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: app.handler', '      Runtime: python3.12', '      Tags: *i');
  return lines.join('\n') + '\n';
}

/** Many aliases of one big anchor: quadratic work in a naive expander. */
export function yamlWideAliases(n = 5000): string {
  const lines = ['Resources:', '  Base: &base', ...Array.from({ length: 50 }, (_, i) => `    K${i}: v${i}`), '  List:'];
  for (let i = 0; i < n; i++) lines.push('    - *base');
  return lines.join('\n') + '\n';
}

/** An alias that refers to itself through a merge key. */
export function yamlSelfAlias(): string {
  return 'Resources: &r\n  Fn:\n    Type: AWS::Serverless::Function\n    <<: *r\n    Properties:\n      Handler: app.handler\n';
}

// ---------- files of the examples folder ----------

export const ROOT = path.resolve(__dirname, '../..');

/** Every text file under examples/ (relative path → text), the test results of the VS Code suite excluded. */
export function exampleFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const base = path.join(ROOT, 'examples');
  const walk = (dir: string) => {
    for (const n of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (!n.startsWith('.') && !n.endsWith('.md')) out[path.relative(base, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(base);
  return out;
}

/** The benchmark's generated workspace (10 functions), written to `dir` by its generator; returns relative path → text. */
export function generatedFiles(dir: string, functions = 10): Record<string, string> {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench/generate.mjs'), dir, String(functions)], { stdio: 'ignore' });
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (!n.endsWith('.md')) out[path.relative(dir, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
