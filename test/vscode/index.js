// Entry point for VS Code's extensionTestsPath: the extension host calls run() and exits 0/1 with its promise.
// Used by both runners: scripts/vscode-real/run.mjs (code-server + Chromium) and run-electron.mjs (desktop).
// Results also go to <workspace>/.test-results.json, the simplest channel back to the driver script.
const path = require('path');
const fs = require('fs');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  const dir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const lines = [];
    const runner = mocha.run((failures) => {
      const vscode = require('vscode');
      const ws = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
      const summary = { passed: runner.stats.passes, failed: failures, pending: runner.stats.pending, lines };
      if (ws) fs.writeFileSync(path.join(ws.uri.fsPath, '.test-results.json'), JSON.stringify(summary, null, 2));
      console.log(`${summary.passed} passed, ${summary.failed} failed`);
      failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve();
    });
    runner.on('pass', (t) => lines.push('PASS ' + t.fullTitle()));
    runner.on('fail', (t, err) => lines.push('FAIL ' + t.fullTitle() + ': ' + err.message));
  });
};
