// Command-line options shared by run.mjs and run-electron.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from './setup.mjs';

const fail = (msg) => { throw new SetupError(msg); };

// extraValued: additional "--name value" options this script accepts (stored under o[name without --])
export function parseArgs(argv, { usage, extraValued = [], extraFlags = [] }) {
  const o = { timeout: 300000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
    if (a === '--ext') o.ext = val();
    else if (a === '--tests') o.tests = val();
    else if (a === '--folder') o.folder = val();
    else if (a === '--port') o.port = Number(val());
    else if (a === '--env') o.env = val();
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--screenshots') o.screenshots = val();
    else if (extraValued.includes(a)) o[a.slice(2)] = val();
    else if (extraFlags.includes(a)) o[a.slice(2)] = true;
    else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else fail(`unknown argument ${a}\n${usage}`);
  }
  if (!o.ext || !o.tests || !o.folder) fail(usage);
  o.ext = path.resolve(o.ext); o.tests = path.resolve(o.tests); o.folder = path.resolve(o.folder);
  if (!fs.existsSync(path.join(o.ext, 'package.json'))) fail(`--ext ${o.ext}: no package.json`);
  if (!fs.existsSync(o.tests) && !fs.existsSync(o.tests + '.js')) fail(`--tests ${o.tests}: not found`);
  if (!fs.statSync(o.folder, { throwIfNoEntry: false })?.isDirectory()) fail(`--folder ${o.folder}: not a directory`);
  o.envObject = undefined;
  if (o.env !== undefined) {
    let parsed; try { parsed = JSON.parse(o.env); } catch (e) { fail(`--env is not JSON: ${e.message}`); }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) fail('--env must be a JSON object');
    o.envObject = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    o.env = JSON.stringify(o.envObject);
  }
  if (!(o.timeout > 0)) fail('--timeout must be a positive number of ms');
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port > 0 && o.port < 65536)) fail('--port must be 1..65535');
  if (o.screenshots) o.screenshots = path.resolve(o.screenshots);
  return o;
}
