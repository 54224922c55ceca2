// The small SAM project the disk and language-server fuzz suites start from before they break it.
import { samTemplate } from '../helpers/sam';
import { pyHandler, tracedFn } from '../lsp/fixtures';

/** A traced SAM function with 512 MB: CodeUri, Handler, Runtime (python3.12 unless told), MemorySize, Tracing. */
export const fuzzFn = (id: string, codeUri: string, handler: string, runtime?: string): string =>
  tracedFn(id, codeUri, handler, { runtime, props: '      MemorySize: 512\n' });

/** The template: AWSTemplateFormatVersion, OrdersFunction on src/app.py (HANDLER), then the functions in `more` (made with fuzzFn). */
export const fuzzTemplate = (more: string): string => samTemplate(fuzzFn('OrdersFunction', 'src/', 'app.lambda_handler') + more, { version: true });

/** src/app.py: LA101 (an S3 client created in the handler). */
export const HANDLER = pyHandler(['s3 = boto3.client("s3")', 'return s3.list_buckets()']);
