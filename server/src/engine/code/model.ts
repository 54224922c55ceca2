import type { SyntaxNode, Tree } from '@lezer/common';
import type { CodeLanguage } from '../types';
import type { SourceText } from '../text';

export interface Span {
  from: number;
  to: number;
}

export interface ParamInfo extends Span {
  name: string;
}

/** A function defined at module scope (or exported), as a handler candidate. */
export interface FunctionInfo {
  /** The name other code and templates use: the exported name in JS/TS. */
  name: string;
  /** The local binding name (differs from `name` for `export { local as name }`). */
  localName: string;
  /** FunctionDefinition / FunctionDeclaration / ArrowFunction / FunctionExpression. */
  node: SyntaxNode;
  /** Where to point a finding about the function as a whole: its name. */
  nameSpan: Span;
  params: ParamInfo[];
  /** Body / Block, or the expression of a concise arrow function. */
  body: SyntaxNode;
  /** The module-level statement that holds the function. */
  statement: SyntaxNode;
  exported: boolean;
  isAsync: boolean;
}

export interface ImportInfo extends Span {
  /** The module imported from: 'boto3', '@aws-sdk/client-s3', 'aws-sdk', 'os.path'. */
  module: string;
  /** Local names bound, with the imported member they stand for ('*' for namespace / module imports). */
  bindings: Array<{ local: string; imported: string }>;
  statement: SyntaxNode;
}

export interface CodeModule {
  path: string;
  language: CodeLanguage;
  source: SourceText;
  tree: Tree;
  syntaxError?: { from: number; to: number; message: string };
  imports: ImportInfo[];
  /** Module-level functions by the name a handler string would use. */
  functions: Map<string, FunctionInfo>;
  /** Every name bound at module scope: imports, assignments, functions, classes. */
  moduleNames: Set<string>;
  /** Module-level statements in order. */
  topStatements: SyntaxNode[];
  /**
   * Offset of the start of the line after the last top-of-file import (or after a
   * leading docstring / 'use strict'); where code hoisted to module scope goes.
   */
  hoistOffset: number;
}

/** Names every runtime provides without an import: reading them is module-scope safe. */
export const PYTHON_BUILTINS = new Set([
  'True', 'False', 'None', 'len', 'str', 'int', 'float', 'dict', 'list', 'set', 'tuple', 'bool', 'bytes',
  'open', 'print', 'range', 'isinstance', 'getattr', 'setattr', 'hasattr', 'min', 'max', 'sum', 'any', 'all',
  'sorted', 'reversed', 'enumerate', 'zip', 'map', 'filter', 'repr', 'type', 'object', 'Exception', 'ValueError',
  'KeyError', 'TypeError', 'RuntimeError', 'id', 'hash', 'abs', 'round', 'format', 'iter', 'next', 'frozenset',
  '__name__', '__file__',
]);

export const JS_GLOBALS = new Set([
  'process', 'require', 'module', 'exports', 'console', 'JSON', 'Math', 'Date', 'Number', 'String', 'Boolean',
  'Object', 'Array', 'Promise', 'Buffer', 'URL', 'URLSearchParams', 'Error', 'Map', 'Set', 'WeakMap', 'Symbol',
  'undefined', 'NaN', 'Infinity', 'globalThis', 'setTimeout', 'clearTimeout', 'setInterval', 'AbortController',
  'AbortSignal', 'fetch', 'TextEncoder', 'TextDecoder', 'parseInt', 'parseFloat', 'encodeURIComponent',
  'decodeURIComponent', 'structuredClone', '__dirname', '__filename', 'RegExp', 'BigInt', 'Reflect', 'Proxy',
]);
