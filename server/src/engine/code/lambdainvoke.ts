/**
 * Calls that invoke another Lambda function, and how: boto3 `lambda_client.invoke(...)`,
 * SDK v3 `new InvokeCommand({...})`, SDK v2 / v3 aggregated `lambda.invoke({...})`.
 * The receiver must be a Lambda client (Step Functions, custom classes and other clients
 * have `invoke` methods too).
 */
import type { SyntaxNode } from '@lezer/common';
import { kids, textOf } from '../parse/code';
import { clientCreation } from './clients';
import type { CodeModule } from './model';
import { jsImported } from './qualify';
import { callArgs, calleePath, isPython, objectProps, stringValue } from './syntax';
import { walk, walkModule } from './walk';

export interface LambdaInvoke {
  call: SyntaxNode;
  /** The part to point at: `lambda_client.invoke` / `new InvokeCommand`. */
  head: { from: number; to: number };
  /** The literal InvocationType, 'RequestResponse' when absent (the API default), undefined when not a literal. */
  invocationType: string | undefined;
  /** The InvocationType value node, when written. */
  typeNode?: SyntaxNode;
}

/** The nodes an invocation can be. */
const PY_INVOKES = new Set(['CallExpression']);
const JS_INVOKES = new Set(['CallExpression', 'NewExpression']);

export function lambdaInvokes(mod: CodeModule, root: SyntaxNode): LambdaInvoke[] {
  const out: LambdaInvoke[] = [];
  const visit = (n: SyntaxNode) => {
    const found = isPython(mod) ? pythonInvoke(mod, n) : jsInvoke(mod, n);
    if (found) out.push(found);
  };
  visit(root);
  walk(mod, root, visit, { only: isPython(mod) ? PY_INVOKES : JS_INVOKES });
  return out;
}

function pythonInvoke(mod: CodeModule, call: SyntaxNode): LambdaInvoke | undefined {
  if (call.name !== 'CallExpression') return undefined;
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const [obj, dot, prop] = kids(callee);
  if (dot?.name !== '.' || textOf(mod.source.text, prop) !== 'invoke' || !isPyLambdaClient(mod, obj)) return undefined;
  const args = callArgs(mod, call);
  const value = args.keywords.get('InvocationType');
  if (!value && args.hasSpread) return undefined;
  return { call, head: { from: callee.from, to: callee.to }, invocationType: value ? stringValue(mod, value) : 'RequestResponse', typeNode: value };
}

function isPyLambdaClient(mod: CodeModule, obj: SyntaxNode): boolean {
  if (obj.name === 'CallExpression') return isPyLambdaCreation(mod, obj);
  if (obj.name !== 'VariableName') return false;
  return assignedValues(mod, textOf(mod.source.text, obj)).some((v) => isPyLambdaCreation(mod, v));
}

/** `boto3.client('lambda', ...)`, `session.client(service_name='lambda')`. */
function isPyLambdaCreation(mod: CodeModule, call: SyntaxNode): boolean {
  if (call.name !== 'CallExpression' || clientCreation(mod, call, () => false)?.kind !== 'aws-sdk') return false;
  const args = callArgs(mod, call);
  return stringValue(mod, args.positional[0] ?? args.keywords.get('service_name')) === 'lambda';
}

function jsInvoke(mod: CodeModule, n: SyntaxNode): LambdaInvoke | undefined {
  if (n.name === 'NewExpression') {
    const path = calleePath(mod, n);
    const t = path ? jsImported(mod, path) : undefined;
    if (t?.module !== '@aws-sdk/client-lambda' || t.member !== 'InvokeCommand') return undefined;
    const argList = kids(n).find((c) => c.name === 'ArgList');
    return jsParams(mod, n, { from: n.from, to: argList ? argList.from : n.to }, callArgs(mod, n).positional[0]);
  }
  if (n.name !== 'CallExpression') return undefined;
  const callee = n.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const [obj, dot, prop] = kids(callee);
  if (dot?.name !== '.' || textOf(mod.source.text, prop) !== 'invoke' || !isJsLambdaClient(mod, obj)) return undefined;
  return jsParams(mod, n, { from: callee.from, to: callee.to }, callArgs(mod, n).positional[0]);
}

function jsParams(mod: CodeModule, call: SyntaxNode, head: { from: number; to: number }, params: SyntaxNode | undefined): LambdaInvoke | undefined {
  // Parameters built elsewhere or spread in: the invocation type cannot be known.
  if (params?.name !== 'ObjectExpression' || kids(params).some((p) => p.firstChild?.name === 'Spread')) return undefined;
  const value = objectProps(mod, params)?.get('InvocationType');
  return { call, head, invocationType: value ? stringValue(mod, value) : 'RequestResponse', typeNode: value };
}

function isJsLambdaClient(mod: CodeModule, obj: SyntaxNode): boolean {
  if (obj.name === 'NewExpression') return isJsLambdaCreation(mod, obj);
  if (obj.name !== 'VariableName') return false;
  return assignedValues(mod, textOf(mod.source.text, obj)).some((v) => isJsLambdaCreation(mod, v));
}

/** `new AWS.Lambda()`, `new Lambda()` from 'aws-sdk/clients/lambda' or the v3 aggregated client. */
function isJsLambdaCreation(mod: CodeModule, n: SyntaxNode): boolean {
  if (n.name !== 'NewExpression') return false;
  const path = calleePath(mod, n);
  const t = path ? jsImported(mod, path) : undefined;
  if (!t) return false;
  return (t.module === 'aws-sdk' && t.member === 'Lambda') || (t.module === 'aws-sdk/clients/lambda' && t.member === '') || (t.module === '@aws-sdk/client-lambda' && t.member === 'Lambda');
}

const ASSIGNMENTS = new Set(['AssignStatement', 'AssignmentExpression', 'VariableDeclaration']);

/** Every value assigned to a plain name anywhere in the module (declarations, assignments, lazy inits). */
function assignedValues(mod: CodeModule, name: string): SyntaxNode[] {
  const text = mod.source.text;
  const out: SyntaxNode[] = [];
  walkModule(mod, (n) => {
    const parts = kids(n);
    if (n.name === 'AssignStatement' || n.name === 'AssignmentExpression') {
      const last = parts[parts.length - 1];
      parts.forEach((p, i) => {
        const next = parts[i + 1]?.name;
        if (p.name === 'VariableName' && textOf(text, p) === name && (next === 'AssignOp' || next === 'Equals' || next === 'TypeDef') && last !== p) out.push(last);
      });
    }
    if (n.name === 'VariableDeclaration') {
      parts.forEach((p, i) => {
        if (p.name !== 'VariableDefinition' || textOf(text, p) !== name) return;
        let j = i + 1;
        if (parts[j]?.name === 'TypeAnnotation') j++;
        if (parts[j]?.name === 'Equals' && parts[j + 1]) out.push(parts[j + 1]);
      });
    }
  }, { only: ASSIGNMENTS });
  return out;
}
