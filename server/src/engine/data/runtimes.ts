// Lambda runtime and limit facts, kept as data so that a date change is a one-line edit.
//
// Source: "Lambda runtimes" (AWS Lambda Developer Guide, docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
// its "Supported runtimes" and "Deprecated runtimes" tables, read 2026-11-27 through the project's
// documentation search. Deprecation dates are the tables' "Deprecation date" column (phase 1: no
// more security patches or support); `blockCreate` / `blockUpdate` are the "Block function create"
// / "Block function update" columns and are filled only where the dates could be confirmed from
// that page (the search shows excerpts, and AWS has moved block dates several times; a missing
// block date means "not recorded here", never "not scheduled"). Phase 1 dates were cross-checked
// against public linters that track the same table (tflint-ruleset-aws, cfn-lint).
// When AWS publishes new dates, change this table and the LA211 tests that name them.

export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'provided';

/** Which AWS SDK the runtime ships, if any (code rules use it: LA305, LA109). */
export type BundledSdk = 'aws-sdk-v2' | 'aws-sdk-v3' | 'boto3';

export interface RuntimeFact {
  id: string;
  family: RuntimeFamily;
  /** Phase 1 deprecation (YYYY-MM-DD, UTC). */
  deprecated?: string;
  /** Creating functions with the runtime is blocked from this date. */
  blockCreate?: string;
  /** Updating functions with the runtime is blocked from this date. */
  blockUpdate?: string;
  /** The runtime to move to: the family's newest runtime that is not close to its own deprecation. */
  successor?: string;
  sdk?: BundledSdk;
  /** Only available as a container base image (no .zip functions). */
  containerOnly?: boolean;
}

const NODE_NEXT = 'nodejs24.x';
const PYTHON_NEXT = 'python3.13';
const JAVA_NEXT = 'java21';
const DOTNET_NEXT = 'dotnet10';
const RUBY_NEXT = 'ruby3.4';
const OS_ONLY_NEXT = 'provided.al2023';

function node(id: string, deprecated: string | undefined, extra: Partial<RuntimeFact> = {}): RuntimeFact {
  // Node.js 18 and later ship the AWS SDK for JavaScript v3 only; 16 and older ship v2.
  const major = Number(/^nodejs(\d+)/.exec(id)?.[1] ?? 0);
  return { id, family: 'nodejs', deprecated, successor: NODE_NEXT, sdk: major >= 18 ? 'aws-sdk-v3' : 'aws-sdk-v2', ...extra };
}
function python(id: string, deprecated: string | undefined, extra: Partial<RuntimeFact> = {}): RuntimeFact {
  return { id, family: 'python', deprecated, successor: PYTHON_NEXT, sdk: 'boto3', ...extra };
}
function of(family: RuntimeFamily, successor: string) {
  return (id: string, deprecated: string | undefined, extra: Partial<RuntimeFact> = {}): RuntimeFact => ({
    id,
    family,
    deprecated,
    successor,
    ...extra,
  });
}
const java = of('java', JAVA_NEXT);
const dotnet = of('dotnet', DOTNET_NEXT);
const ruby = of('ruby', RUBY_NEXT);
const osOnly = of('provided', OS_ONLY_NEXT);

const FACTS: RuntimeFact[] = [
  // Supported runtimes (with their scheduled deprecation).
  node('nodejs24.x', '2028-04-30', { successor: undefined }),
  node('nodejs22.x', '2027-04-30', { blockCreate: '2027-06-01', blockUpdate: '2027-07-01' }),
  node('nodejs20.x', '2026-04-30', { blockCreate: '2026-08-31', blockUpdate: '2026-09-30' }),
  python('python3.14', '2029-06-30', { successor: undefined }),
  python('python3.13', '2029-06-30', { successor: 'python3.14' }),
  python('python3.12', '2028-10-31'),
  python('python3.11', '2026-06-30'),
  python('python3.10', '2026-06-30'),
  java('java25', '2029-06-30', { successor: undefined }),
  java('java21', '2029-06-30', { successor: 'java25' }),
  java('java17', '2026-06-30'),
  java('java11', '2026-06-30'),
  java('java8.al2', '2026-06-30'),
  dotnet('dotnet10', '2028-11-14', { successor: undefined }),
  dotnet('dotnet9', '2026-11-10', { containerOnly: true }),
  dotnet('dotnet8', '2026-11-10'),
  ruby('ruby3.4', '2028-03-31', { successor: undefined }),
  ruby('ruby3.3', '2027-03-31'),
  ruby('ruby3.2', '2026-03-31'),
  osOnly('provided.al2023', '2029-06-30', { successor: undefined }),
  osOnly('provided.al2', '2026-06-30'),
  // Deprecated runtimes.
  python('python3.9', '2025-12-15'),
  node('nodejs18.x', '2025-09-01'),
  node('nodejs16.x', '2024-06-12'),
  node('nodejs14.x', '2023-12-04'),
  node('nodejs12.x', '2023-03-31'),
  node('nodejs10.x', '2021-07-30'),
  node('nodejs8.10', '2020-03-06'),
  node('nodejs6.10', '2019-08-12'),
  node('nodejs4.3', '2020-03-05'),
  node('nodejs4.3-edge', '2020-03-05'),
  node('nodejs', '2016-10-31'),
  python('python3.8', '2024-10-14'),
  python('python3.7', '2023-12-04'),
  python('python3.6', '2022-07-18'),
  python('python2.7', '2021-07-15'),
  java('java8', '2024-01-08'),
  dotnet('dotnet7', '2024-05-14', { containerOnly: true }),
  dotnet('dotnet6', '2024-11-12'),
  dotnet('dotnet5.0', '2022-05-10', { containerOnly: true }),
  dotnet('dotnetcore3.1', '2023-04-03'),
  dotnet('dotnetcore2.1', '2022-01-05'),
  dotnet('dotnetcore2.0', '2019-05-30'),
  dotnet('dotnetcore1.0', '2019-06-27'),
  ruby('ruby2.7', '2023-12-07'),
  ruby('ruby2.5', '2021-07-30'),
  // go1.x and the Amazon Linux 1 OS-only runtime: Go now runs on an OS-only runtime.
  { id: 'go1.x', family: 'go', deprecated: '2024-01-08', successor: OS_ONLY_NEXT },
  osOnly('provided', '2024-01-08'),
];

export const RUNTIMES: ReadonlyMap<string, RuntimeFact> = new Map(FACTS.map((f) => [f.id, f]));

export function runtimeFact(id: string | undefined): RuntimeFact | undefined {
  return id ? RUNTIMES.get(id) : undefined;
}

// Source: "Improving startup performance with Lambda SnapStart" (AWS Lambda Developer Guide),
// "Supported features and limitations": Java 11 and later, Python 3.12 and later, .NET 8 and
// later managed runtimes; not container images, provisioned concurrency, EFS, or ephemeral
// storage over 512 MB. Read 2026-11-27.
const SNAPSTART_MIN: Partial<Record<RuntimeFamily, number>> = { java: 11, python: 3.12, dotnet: 8 };

/** Whether SnapStart can be turned on for a (zip) function on `runtime`. */
export function supportsSnapStart(runtime: string | undefined): boolean {
  const fact = runtimeFact(runtime);
  const min = fact && SNAPSTART_MIN[fact.family];
  if (!fact || min === undefined || fact.containerOnly) return false;
  const m = /^(?:java|python|dotnet)(\d+(?:\.\d+)?)/.exec(fact.id);
  if (!m) return false;
  // python3.9 < 3.12 needs a numeric compare of the minor version, not a float compare.
  const [major, minor = '0'] = m[1].split('.');
  const [minMajor, minMinor = '0'] = String(min).split('.');
  return Number(major) > Number(minMajor) || (Number(major) === Number(minMajor) && Number(minor) >= Number(minMinor));
}

/** A `YYYY-MM-DD` date as the UTC midnight it starts at. */
export function utcDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` until `day` (negative once it has passed). */
export function daysUntil(day: string, today: Date): number {
  return Math.ceil((utcDate(day).getTime() - today.getTime()) / DAY_MS);
}

// ---------------- Limits and defaults ----------------
// Source: "Configure Lambda function memory" and "Configure Lambda function timeout" (AWS Lambda
// Developer Guide); "Amazon API Gateway quotas" (REST integration timeout) and "Working with HTTP
// APIs" (HTTP API integration timeout); read 2026-11-27.

/** Memory a function gets when MemorySize is not set (CloudFormation / SAM). */
export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
/** At 1,769 MB a function has the equivalent of one full vCPU. */
export const MEMORY_PER_VCPU_MB = 1_769;
export const MAX_VCPUS = 6;

/** Timeout when Timeout is not set (CloudFormation / SAM), seconds. */
export const DEFAULT_TIMEOUT_S = 3;
export const MAX_TIMEOUT_S = 900;

/** The Serverless Framework's own defaults (it always sets both on the functions it deploys). */
export const SERVERLESS_DEFAULT_MEMORY_MB = 1_024;
export const SERVERLESS_DEFAULT_TIMEOUT_S = 6;

/** API Gateway REST API integration timeout (default quota), seconds. */
export const REST_API_TIMEOUT_S = 29;
/** API Gateway HTTP API integration timeout (hard maximum), seconds. */
export const HTTP_API_TIMEOUT_S = 30;

/**
 * The vCPU share memory buys: CPU is allocated in proportion to memory, one vCPU per
 * 1,769 MB, up to 6 vCPUs at 10,240 MB.
 */
export function vcpuShare(memoryMb: number): number {
  if (memoryMb >= MAX_MEMORY_MB) return MAX_VCPUS;
  return Math.min(MAX_VCPUS, Math.max(0, memoryMb) / MEMORY_PER_VCPU_MB);
}

/** The memory sizes at which a function reaches 1, 2, ... 6 full vCPUs. */
export const MEMORY_VCPU_STEPS: ReadonlyArray<{ vcpus: number; memoryMb: number }> = Array.from({ length: MAX_VCPUS }, (_, i) => ({
  vcpus: i + 1,
  memoryMb: i + 1 === MAX_VCPUS ? MAX_MEMORY_MB : MEMORY_PER_VCPU_MB * (i + 1),
}));
