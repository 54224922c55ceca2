// CDK output (cdk.out) read when opted in with `include: [cdk.out]`, asset folders mapped to source.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { discoverFiles } from '../../server/src/engine/discover';
import { onlyRule, workspace, WS, type Files } from '../helpers/engine';

const SOURCE = `import boto3

def handler(event, context):
    table = boto3.resource("dynamodb").Table("orders")
    return table.scan()
`;

function fn(id: string, asset: string): Record<string, unknown> {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Code: { S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: `${asset}.zip` },
      Role: { 'Fn::GetAtt': [`${id}ServiceRole`, 'Arn'] },
      Handler: 'index.handler',
      Runtime: 'python3.12',
    },
    Metadata: { 'aws:cdk:path': `AppStack/${id}/Resource`, 'aws:asset:path': `asset.${asset}`, 'aws:asset:is-bundled': false, 'aws:asset:property': 'Code' },
  };
}

const files: Files = {
  'src/fn/index.py': SOURCE,
  'src/fn/helpers.py': 'X = 1\n',
  'cdk.out/AppStack.template.json': JSON.stringify(
    { Resources: { Orders: fn('Orders', 'aaa111'), Built: fn('Built', 'bbb222') } },
    null,
    1,
  ),
  'cdk.out/AppStack.assets.json': JSON.stringify({ version: '36.0.0', files: { aaa111: { source: { path: 'asset.aaa111', packaging: 'zip' } } } }),
  'cdk.out/manifest.json': JSON.stringify({ version: '36.0.0', artifacts: { AppStack: { type: 'aws:cloudformation:stack' } } }),
  // A copy of src/fn (lambda.Code.fromAsset('src/fn')): findings belong in the source.
  'cdk.out/asset.aaa111/index.py': SOURCE,
  'cdk.out/asset.aaa111/helpers.py': 'X = 1\n',
  // Code with no source folder to match (generated at synth time): findings stay in the asset.
  'cdk.out/asset.bbb222/index.py': SOURCE.replace('orders', 'built'),
};

const include = { config: { include: ['cdk.out'] }, ...onlyRule('LA101') };

describe('CDK output', () => {
  it('with include: [cdk.out], a copied asset maps to its source folder and findings land there', async () => {
    const { engine } = workspace(files, include);
    const r = await engine.audit([WS]);
    assert.deepEqual(r.templates, [`${WS}/cdk.out/AppStack.template.json`]);
    const la101 = r.findings.filter((f) => f.ruleId === 'LA101');
    assert.deepEqual(
      la101.map((f) => [f.file, f.functionId]),
      [
        [`${WS}/src/fn/index.py`, 'Orders'],
        [`${WS}/cdk.out/asset.bbb222/index.py`, 'Built'],
      ],
    );
    const orders = r.functions.find((f) => f.id === 'Orders');
    assert.equal(orders?.handlerFile, `${WS}/src/fn/index.py`);
    // The copy in the asset folder is not analysed as well.
    assert.ok(!r.codeFiles.includes(`${WS}/cdk.out/asset.aaa111/index.py`));
  });

  it('the source file opened alone finds its CDK template (editor view)', () => {
    const { engine } = workspace(files, include);
    const a = engine.analyzeFile(`${WS}/src/fn/index.py`);
    assert.deepEqual(a.functions.map((f) => f.id), ['Orders']);
    assert.deepEqual(a.findings.map((f) => [f.ruleId, f.functionId]), [['LA101', 'Orders']]);
  });

  it('a source folder that differs from the asset is not taken for it', async () => {
    const changed = { ...files, 'src/fn/helpers.py': 'X = 2\n' };
    const { engine } = workspace(changed, include);
    const r = await engine.audit([WS]);
    assert.equal(r.functions.find((f) => f.id === 'Orders')?.handlerFile, `${WS}/cdk.out/asset.aaa111/index.py`);
  });

  it('without include: [cdk.out] the audit skips cdk.out', async () => {
    const { engine } = workspace(files, onlyRule('LA101'));
    const r = await engine.audit([WS]);
    assert.deepEqual(r.templates, []);
    assert.ok(r.findings.every((f) => !f.file.includes('cdk.out')));
    assert.deepEqual(discoverFiles(engine.host, WS).templates, []);
    // The source is still analysed on its own (convention handler), not linked to the CDK function.
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.functionId]),
      [[`${WS}/src/fn/index.py`, undefined]],
    );
  });

  it('discovery in an opted-in cdk.out lists stack templates only', () => {
    const { engine } = workspace(files);
    const found = discoverFiles(engine.host, WS, { include: ['cdk.out'] });
    assert.deepEqual(found.templates, [`${WS}/cdk.out/AppStack.template.json`]);
    assert.deepEqual(found.code.sort(), [`${WS}/src/fn/helpers.py`, `${WS}/src/fn/index.py`]);
  });
});
