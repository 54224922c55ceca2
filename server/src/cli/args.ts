import { parseArgs } from 'node:util';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'html';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export const FORMATS: OutputFormat[] = ['text', 'json', 'sarif', 'html'];
export const FAIL_ON: FailOn[] = ['error', 'warning', 'info', 'never'];

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  output?: string;
  config?: string;
  color: boolean;
  showSuppressed: boolean;
  help: boolean;
  version: boolean;
  /** Threads for the audit; undefined: as many as there are cores, when the workspace is large enough. */
  jobs?: number;
}

/** A mistake in the command line: reported on one line, exit code 2. */
export class UsageError extends Error {}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'no-color': { type: 'boolean' },
  'show-suppressed': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(describeParseError(e, argv));
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (!(FORMATS as string[]).includes(format)) throw new UsageError(`invalid --format '${format}' (expected one of: ${FORMATS.join(', ')})`);
  const failOn = v['fail-on'] ?? 'error';
  if (!(FAIL_ON as string[]).includes(failOn)) throw new UsageError(`invalid --fail-on '${failOn}' (expected one of: ${FAIL_ON.join(', ')})`);
  if (v.output === '') throw new UsageError('--output needs a file name');
  if (v.config === '') throw new UsageError('--config needs a file name');
  const jobs = v.jobs === undefined ? undefined : Number(v.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) throw new UsageError(`invalid --jobs '${v.jobs}' (expected a whole number from 1 to 64)`);
  return {
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    format: format as OutputFormat,
    failOn: failOn as FailOn,
    output: v.output,
    config: v.config,
    color: !v['no-color'],
    showSuppressed: !!v['show-suppressed'],
    help: !!v.help,
    version: !!v.version,
    jobs,
  };
}

/** node:util's messages suggest `--` tricks; ours name the option and point at --help. */
function describeParseError(e: unknown, argv: string[]): string {
  const code = (e as { code?: string }).code;
  const msg = (e as Error).message ?? String(e);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /'([^']+)'/.exec(msg)?.[1] ?? argv.find((a) => a.startsWith('-')) ?? '';
    return `unknown option '${opt}'`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = Object.keys(OPTIONS).find((n) => msg.includes(`--${n}`));
    if (name && OPTIONS[name as keyof typeof OPTIONS].type === 'string') return `option '--${name}' needs a value`;
    if (name) return `option '--${name}' does not take a value`;
  }
  return msg.split('\n')[0];
}

export const HELP = `Usage: lambda-audit [paths...] [options]

Lints AWS Lambda handler code (Python, JavaScript, TypeScript) and SAM / CloudFormation /
Serverless Framework templates. Paths are files or folders (default: the current folder).
Nothing in the project is executed and nothing goes over the network.

Options:
  -f, --format <text|json|sarif|html>
                                     output format (default: text); html is a page with
                                     a summary, a chart, filters and links to the files
      --fail-on <error|warning|info|never>
                                     exit 1 when an unsuppressed finding has at least this
                                     severity (default: error; never: always exit 0)
  -o, --output <file>                write the report to a file instead of stdout
  -c, --config <file>                configuration file (default: .lambda-audit.yaml in the
                                     current folder, when present)
      --no-color                     plain text output (also when NO_COLOR is set or stdout
                                     is not a terminal)
      --show-suppressed              also list findings suppressed by lambda-audit-ignore
                                     comments (text and json; sarif always includes them,
                                     marked with "suppressions")
  -j, --jobs <n>                     threads for the audit (default: one per core for large
                                     workspaces; 1: no worker threads)
  -v, --version                      print the version
  -h, --help                         print this help

Configuration (.lambda-audit.yaml):
  rules:                             per rule: off, info, warning, error, or a mapping
    LA101: off                       with a severity and rule parameters
    LA209: { severity: error, maxApiTimeout: 29 }
  exclude: ["legacy/**"]             globs to skip, relative to each path argument
  include: [cdk.out]                 folders skipped by default that should be read

Exit codes:
  0  no unsuppressed finding reaches the --fail-on threshold
  1  at least one does
  2  usage error (unknown option, bad value, invalid configuration) or unreadable input
     (a path that does not exist or cannot be read)
  3  internal error (please report it)

Examples:
  lambda-audit
  lambda-audit template.yaml src --fail-on warning
  lambda-audit --format sarif --output lambda-audit.sarif
  lambda-audit --format html --output lambda-audit.html
`;
