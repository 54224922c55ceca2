// Helper for tests running INSIDE the extension host: ask the runner (run.mjs) for a screenshot of the workbench.
// The extension host cannot reach the browser page, so it writes <folder>/.la-screenshot-request (the name) and
// waits until the runner has saved <screenshots dir>/<name>.png and deleted the request file.
//   const { requestScreenshot } = require('<repo>/scripts/vscode-real/screenshot-request.cjs');
//   await requestScreenshot(vscode.workspace.workspaceFolders[0].uri.fsPath, 'problems-panel');
// Resolves true when the runner handled it, false after timeoutMs (request withdrawn; e.g. no runner polling).
// run.mjs without --screenshots, and run-electron.mjs, handle the request without a picture, so tests never hang.
'use strict';
const fs = require('fs');
const path = require('path');

const REQUEST_FILE = '.la-screenshot-request';

async function requestScreenshot(folder, name, { timeoutMs = 20000, settleMs = 300 } = {}) {
  const file = path.join(folder, REQUEST_FILE);
  // let the UI paint what the test just did before the picture is taken
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, String(name));
  fs.renameSync(tmp, file); // atomic: the runner never reads a half-written name
  const end = Date.now() + timeoutMs;
  while (fs.existsSync(file)) {
    if (Date.now() > end) { fs.rmSync(file, { force: true }); return false; }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

module.exports = { requestScreenshot, REQUEST_FILE };
