import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, workspace, WS } from '../helpers/engine';

// LA108/LA109 are code rules that report into the function's dependency manifest; the manifest
// itself must show them when opened, and the audit must keep them.
const files = {
  'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.lambda_handler
      Runtime: python3.12
`,
  'src/app.py': 'import requests\n\ndef lambda_handler(event, context):\n    return requests.get("https://example.com", timeout=5).status_code\n',
  'src/requirements.txt': 'requests==2.32.3\nPyYAML==6.0.2\n',
};

describe('manifest findings', () => {
  it('opening requirements.txt shows the unused dependency on its line', () => {
    const fs = findings(files, 'src/requirements.txt', 'LA108');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].range.start.line, 1);
  });

  it('the audit keeps findings located in manifests', async () => {
    const { engine } = workspace(files);
    const r = await engine.audit([WS]);
    assert.ok(r.findings.some((f) => f.ruleId === 'LA108' && f.file === `${WS}/src/requirements.txt`));
  });

  it('the handler file itself does not carry the manifest finding', () => {
    assert.deepEqual(findings(files, 'src/app.py', 'LA108'), []);
  });
});
