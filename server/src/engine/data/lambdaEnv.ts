// Environment variables the Lambda runtime sets itself, kept as data. Two lists, two questions:
// RESERVED_LAMBDA_ENV: set by Lambda and may NOT be set by the function (LA113 flags code writing them);
// RUNTIME_PROVIDED_ENV: also set by Lambda but may be overridden. Reading a variable of either list without
// declaring it is fine (LA302, through providedByLambda).
//
// Source: "Defined runtime environment variables" (AWS Lambda Developer Guide, "Working with Lambda
// environment variables"), read 2026-11-27.

/**
 * Reserved: set by Lambda, cannot be declared in the function's configuration; the value says what it
 * holds (LA113's message). TZ was reserved until early 2023; the guide now lists it among the
 * unreserved variables (setting it is the supported way to change the time zone), so it is only in
 * RUNTIME_PROVIDED_ENV.
 */
export const RESERVED_LAMBDA_ENV = new Map<string, string>([
  ['_HANDLER', 'the handler location'],
  ['_X_AMZN_TRACE_ID', 'the X-Ray tracing header of the current invocation'],
  ['AWS_DEFAULT_REGION', 'the Region the function runs in'],
  ['AWS_REGION', 'the Region the function runs in'],
  ['AWS_EXECUTION_ENV', 'the runtime identifier'],
  ['AWS_LAMBDA_FUNCTION_NAME', 'the function name'],
  ['AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'the memory size'],
  ['AWS_LAMBDA_FUNCTION_VERSION', 'the function version'],
  ['AWS_LAMBDA_INITIALIZATION_TYPE', 'the initialization type'],
  ['AWS_LAMBDA_LOG_GROUP_NAME', 'the CloudWatch Logs group'],
  ['AWS_LAMBDA_LOG_STREAM_NAME', 'the CloudWatch Logs stream'],
  ['AWS_ACCESS_KEY', 'the execution role credentials'],
  ['AWS_ACCESS_KEY_ID', 'the execution role credentials'],
  ['AWS_SECRET_ACCESS_KEY', 'the execution role credentials'],
  ['AWS_SESSION_TOKEN', 'the execution role credentials'],
  ['AWS_LAMBDA_RUNTIME_API', 'the runtime API endpoint'],
  ['LAMBDA_TASK_ROOT', 'the path to the function code'],
  ['LAMBDA_RUNTIME_DIR', 'the path to the runtime libraries'],
]);

/** Unreserved but provided by the runtime (or by a Lambda feature) without any declaration. */
export const RUNTIME_PROVIDED_ENV = new Set([
  'LANG',
  'PATH',
  'LD_LIBRARY_PATH',
  'NODE_PATH',
  'PYTHONPATH',
  'TZ',
  'HOME',
  'AWS_XRAY_CONTEXT_MISSING',
  'AWS_XRAY_DAEMON_ADDRESS',
  '_AWS_XRAY_DAEMON_ADDRESS',
  '_AWS_XRAY_DAEMON_PORT',
  'AWS_LAMBDA_DOTNET_PREJIT',
  'AWS_LAMBDA_LOG_FORMAT',
  'AWS_LAMBDA_LOG_LEVEL',
  'AWS_LAMBDA_MAX_CONCURRENCY',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
]);

/** Whether code may read `name` without the function declaring it. */
export function providedByLambda(name: string): boolean {
  return RESERVED_LAMBDA_ENV.has(name) || RUNTIME_PROVIDED_ENV.has(name);
}

/**
 * Variables a function declares for the runtime or for a library rather than for its own code:
 * that no code file reads them is expected (Node/Python options, the SDKs' and Powertools'
 * settings, the Lambda exec wrapper).
 */
const CONSUMED_ELSEWHERE = new Set(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'PYTHONPATH', 'PYTHONWARNINGS', 'PYTHONUNBUFFERED', 'TZ', 'LOG_LEVEL', 'JAVA_TOOL_OPTIONS']);
const CONSUMED_PREFIXES = ['AWS_', 'POWERTOOLS_', 'OTEL_', 'DD_', 'NEW_RELIC_', 'SENTRY_', 'LAMBDA_'];

export function consumedOutsideCode(name: string): boolean {
  return CONSUMED_ELSEWHERE.has(name) || CONSUMED_PREFIXES.some((p) => name.startsWith(p));
}
