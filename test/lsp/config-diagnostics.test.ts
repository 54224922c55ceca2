// Problems in .lambda-audit.yaml show as diagnostics on the file, follow its edits and say what is allowed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { uriOf } from './client';
import type { TestClient } from './client';
import { startWorkspace, stopWorkspace } from './fixtures';
import { rangeOf } from './navFixture';

describe('.lambda-audit.yaml diagnostics', () => {
  let root: string;
  let c: TestClient;
  const BAD = 'rules:\n  LA101: loud\n  LA208:\n    severity: sometimes\nexlude:\n  - build/**\n';
  before(async () => {
    ({ root, c } = await startWorkspace({ '.lambda-audit.yaml': BAD }));
  });
  after(() => stopWorkspace(c, root));

  test('each wrong value or key is an error on its own range, naming what is allowed', async () => {
    const uri = uriOf(path.join(root, '.lambda-audit.yaml'));
    const ds = await c.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => ({ range: d.range, message: d.message, severity: d.severity, source: d.source })),
      [
        {
          range: rangeOf(BAD, 'loud'),
          message: 'Invalid setting for LA101: "loud". Allowed: off, info, warning, error, or a mapping like { severity: warning, <parameter>: <value> }.',
          severity: 1,
          source: 'lambda-audit',
        },
        { range: rangeOf(BAD, 'sometimes'), message: 'Invalid severity for LA208: "sometimes". Allowed: off, info, warning, error.', severity: 1, source: 'lambda-audit' },
        { range: rangeOf(BAD, 'exlude'), message: "Unknown key 'exlude'. Allowed top-level keys: rules, exclude, include.", severity: 1, source: 'lambda-audit' },
      ],
    );
  });

  test('editing the open file re-validates it: fixed values clear the diagnostics', async () => {
    const file = path.join(root, '.lambda-audit.yaml');
    const uri = await c.open(file, 'yaml');
    const since = c.mark();
    await c.change(uri, 'rules:\n  LA101: error\n  LA208:\n    severity: info\nexclude:\n  - build/**\n');
    await c.diagnostics(uri, (d) => d.length === 0, since);
    const since2 = c.mark();
    await c.change(uri, 'rules:\n  LA101: eror\n');
    const ds = await c.diagnostics(uri, (d) => d.length > 0, since2);
    assert.equal(ds.length, 1);
    assert.match(String(ds[0].message), /^Invalid setting for LA101: "eror"\. Allowed: off, info, warning, error/);
  });
});
