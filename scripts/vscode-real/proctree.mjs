// Process-tree helpers shared by run.mjs and run-electron.mjs: processes are found by parent pid in /proc
// (Linux), starting from a pid we recorded ourselves. Nothing is ever looked up or killed by name.
import fs from 'node:fs';

export function childrenMap() {
  const m = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!m.has(ppid)) m.set(ppid, []);
      m.get(ppid).push(Number(d));
    } catch { /* exited meanwhile */ }
  }
  return m;
}

export function descendants(pid, m = childrenMap()) {
  const out = [];
  for (const c of m.get(pid) || []) out.push(c, ...descendants(c, m));
  return out;
}

export const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// pid + its descendants (collected BEFORE killing): SIGTERM, then SIGKILL what is left after graceMs.
export async function killTree(pid, graceMs = 5000) {
  if (!pid) return [];
  const all = [pid, ...descendants(pid)].filter(alive);
  for (const p of all) { try { process.kill(p, 'SIGTERM'); } catch {} }
  for (let waited = 0; waited < graceMs && all.some(alive); waited += 100) await sleep(100);
  for (const p of all.filter(alive)) { try { process.kill(p, 'SIGKILL'); } catch {} }
  return all;
}

// last resort for process.on('exit'), where nothing can be awaited
export function killTreeSync(pid) {
  for (const p of [pid, ...descendants(pid)]) { try { process.kill(p, 'SIGKILL'); } catch {} }
}
