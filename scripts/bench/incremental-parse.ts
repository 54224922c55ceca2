// Full vs incremental parse of a 2,000-line handler after a one-line edit in a function in the
// middle (the re-parse a keystroke costs). Run: npx tsx scripts/bench/incremental-parse.ts
import { changedRange, parseCode } from '../../server/src/engine/parse/code';
import type { CodeLanguage } from '../../server/src/engine/types';
import { longPython, longTypeScript } from '../../test/helpers/longCode';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(language: CodeLanguage, path: string, text: string, find: string): void {
  const at = text.indexOf(find) + find.length;
  const full: number[] = [];
  const inc: number[] = [];
  let tree = parseCode(text, language, path);
  let before = text;
  for (let i = 0; i < 60; i++) {
    const next = before.slice(0, at) + String(i % 10) + before.slice(at + 1);
    let t = performance.now();
    parseCode(next, language, path);
    full.push(performance.now() - t);
    t = performance.now();
    tree = parseCode(next, language, path, { tree, changes: [[changedRange(before, next)]] });
    inc.push(performance.now() - t);
    before = next;
  }
  const f = median(full.slice(10));
  const n = median(inc.slice(10));
  console.log(`${language.padEnd(10)} ${String(text.split('\n').length).padStart(5)} lines  full ${f.toFixed(2)} ms  incremental ${n.toFixed(3)} ms  ratio ${(f / n).toFixed(1)}x`);
}

measure('python', 'a.py', longPython(330), 'return value * 165');
measure('typescript', 'a.ts', longTypeScript(250), 'return value * 125');
