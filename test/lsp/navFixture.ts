// A SAM project shared by the navigation, hover and code lens tests: two functions on one
// handler, one whose handler does not resolve (its CodeUri folder exists, the module does not).
export const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.lambda_handler
      MemorySize: 512
      Timeout: 10
  AdminFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.lambda_handler
  MissingFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: lib/
      Handler: nope.handler
      MemorySize: 512
      Timeout: 10
`;

export const HANDLER = `import boto3


def lambda_handler(event, context):
    s3 = boto3.client('s3')
    return s3.list_buckets()


def helper(x):
    return x
`;

export const FILES = { 'template.yaml': TEMPLATE, 'src/app.py': HANDLER, 'lib/util.py': 'X = 1\n' };

/** Zero-based position of the `n`-th occurrence of `needle` in `text`, `offset` characters into it. */
export function posOf(text: string, needle: string, offset = 0, n = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The range of the `n`-th occurrence of `needle`. */
export function rangeOf(text: string, needle: string, n = 0) {
  return { start: posOf(text, needle, 0, n), end: posOf(text, needle, needle.length, n) };
}
