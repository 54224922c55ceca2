/**
 * Environment variables the Lambda runtime sets and that a function's configuration may not
 * define (AWS Lambda Developer Guide, "Defined runtime environment variables", reserved list).
 * Unreserved ones (LANG, PATH, LD_LIBRARY_PATH, NODE_PATH, PYTHONPATH, AWS_LAMBDA_EXEC_WRAPPER,
 * AWS_XRAY_*, ...) are meant to be set and are not listed.
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
  ['TZ', 'the time zone'],
]);
