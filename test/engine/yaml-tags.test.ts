// CloudFormation short tags become the same tree as their long form, with ranges that start at the tag.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseJsonTree } from '../../server/src/engine/parse/json';
import { get, intrinsicArg, intrinsicName, toPlain } from '../../server/src/engine/parse/tree';
import type { TMap, TNode } from '../../server/src/engine/parse/tree';
import { parseYamlTree } from '../../server/src/engine/parse/yaml';
import { refTarget } from '../../server/src/engine/template/load';

function root(text: string): TNode {
  const r = parseYamlTree(text);
  assert.equal(r.error, undefined, r.error?.message);
  return r.root!;
}

describe('YAML short tags', () => {
  const text = `Short: !GetAtt OrdersTable.Arn
Long:
  Fn::GetAtt: OrdersTable.Arn
ShortList: !GetAtt [OrdersTable, StreamArn]
LongList:
  Fn::GetAtt: [OrdersTable, StreamArn]
Refs: [!Ref A, !Ref B]
Sub: !Sub
  - 'arn:aws:s3:::\${Bucket}/*'
  - Bucket: !Ref UploadsBucket
If: !If [IsProd, !Ref ProdRole, !Ref 'AWS::NoValue']
`;
  const r = root(text);

  it('!GetAtt A.Arn and Fn::GetAtt give the same plain shape', () => {
    assert.deepEqual(toPlain(get(r, 'Short')), { 'Fn::GetAtt': 'OrdersTable.Arn' });
    assert.deepEqual(toPlain(get(r, 'Short')), toPlain(get(r, 'Long')));
    assert.deepEqual(toPlain(get(r, 'ShortList')), { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] });
    assert.deepEqual(toPlain(get(r, 'ShortList')), toPlain(get(r, 'LongList')));
  });

  it('the same as the JSON long form', () => {
    const j = parseJsonTree('{"Long": {"Fn::GetAtt": ["OrdersTable", "StreamArn"]}}');
    assert.deepEqual(toPlain(get(j.root, 'Long')), toPlain(get(r, 'ShortList')));
  });

  it('starts the short-tag node, and its intrinsic key, at the tag', () => {
    const short = get(r, 'Short') as TMap;
    assert.equal(short.shortTag, '!GetAtt');
    assert.equal(short.from, text.indexOf('!GetAtt OrdersTable.Arn'));
    assert.equal(text.slice(short.from, short.to), '!GetAtt OrdersTable.Arn');
    const key = short.entries[0].key;
    assert.equal(text.slice(key.from, key.to), '!GetAtt');
    const arg = intrinsicArg(short)!;
    assert.equal(text.slice(arg.from, arg.to), 'OrdersTable.Arn');
    // The long form has no tag; its range is the mapping.
    assert.equal((get(r, 'Long') as TMap).shortTag, undefined);
  });

  it('resolves targets of both forms the same way', () => {
    for (const k of ['Short', 'Long', 'ShortList', 'LongList']) assert.equal(refTarget(get(r, k)), 'OrdersTable', k);
    assert.deepEqual(
      (get(r, 'Refs') as { items: TNode[] }).items.map(refTarget),
      ['A', 'B'],
    );
  });

  it('converts tags nested in sequences and maps', () => {
    assert.deepEqual(toPlain(get(r, 'Sub')), { 'Fn::Sub': ['arn:aws:s3:::${Bucket}/*', { Bucket: { Ref: 'UploadsBucket' } }] });
    assert.deepEqual(toPlain(get(r, 'If')), { 'Fn::If': ['IsProd', { Ref: 'ProdRole' }, { Ref: 'AWS::NoValue' }] });
    assert.equal(intrinsicName(get(r, 'If')), 'Fn::If');
    const firstRef = get(r, 'Refs', 0)!;
    assert.equal(text.slice(firstRef.from, firstRef.to), '!Ref A');
  });

  it('leaves unknown tags as plain values', () => {
    const t = root('Value: !Custom thing\n');
    assert.equal(toPlain(get(t, 'Value')), 'thing');
  });
});
