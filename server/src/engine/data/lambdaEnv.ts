// Environment variables the Lambda runtime sets itself, kept as data (LA302 reads it; LA113,
// which flags writes to the reserved ones, can share it).
//
// Source: "Defined runtime environment variables" (AWS Lambda Developer Guide, "Working with Lambda
// environment variables"), read 2026-11-27: the reserved keys cannot be set in a function's
// configuration; the unreserved ones are set by the runtime but may be overridden.

/** Reserved: set by Lambda, cannot be declared in the function's configuration. */
export const RESERVED_LAMBDA_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
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
