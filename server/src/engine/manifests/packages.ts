/**
 * What we know about packages by name: how a Python distribution is imported, which packages
 * are development tools, which are loaded by name without an import, and which the Lambda
 * runtime already provides. Kept as data so each list can grow without touching the rules.
 */
import type { Ecosystem } from './model';

/** PEP 503 normalization: case-insensitive, runs of `-`, `_`, `.` are equal. */
export function normalizeDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Distributions whose import name differs from the distribution name (normalized names). */
const PY_IMPORT_NAMES: Record<string, string[]> = {
  pyyaml: ['yaml'],
  'python-dateutil': ['dateutil'],
  beautifulsoup4: ['bs4'],
  pillow: ['PIL'],
  'psycopg2-binary': ['psycopg2'],
  'psycopg-binary': ['psycopg'],
  'scikit-learn': ['sklearn'],
  'scikit-image': ['skimage'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  'opencv-contrib-python': ['cv2'],
  'python-dotenv': ['dotenv'],
  'python-telegram-bot': ['telegram'],
  'python-jose': ['jose'],
  pyjwt: ['jwt'],
  'python-multipart': ['multipart'],
  'python-json-logger': ['pythonjsonlogger'],
  'aws-lambda-powertools': ['aws_lambda_powertools'],
  'aws-xray-sdk': ['aws_xray_sdk'],
  'aws-requests-auth': ['aws_requests_auth'],
  'requests-aws4auth': ['requests_aws4auth'],
  'opensearch-py': ['opensearchpy'],
  'elasticsearch-dsl': ['elasticsearch_dsl'],
  pymongo: ['pymongo', 'bson', 'gridfs'],
  'mysql-connector-python': ['mysql'],
  mysqlclient: ['MySQLdb'],
  pymysql: ['pymysql'],
  'attrs': ['attr', 'attrs'],
  'protobuf': ['google.protobuf'],
  'pycryptodome': ['Crypto'],
  'pycryptodomex': ['Cryptodome'],
  'pyopenssl': ['OpenSSL'],
  'msgpack-python': ['msgpack'],
  'google-api-python-client': ['googleapiclient'],
  'typing-extensions': ['typing_extensions'],
  'ruamel-yaml': ['ruamel.yaml', 'ruamel'],
  'smart-open': ['smart_open'],
  'pynacl': ['nacl'],
  'pysftp': ['pysftp'],
  'paramiko': ['paramiko'],
  'dnspython': ['dns'],
  'python-magic': ['magic'],
  'python-slugify': ['slugify'],
  'python-docx': ['docx'],
  'python-pptx': ['pptx'],
  'pypdf2': ['PyPDF2'],
  'pymupdf': ['fitz', 'pymupdf'],
  'python-snappy': ['snappy'],
  'faiss-cpu': ['faiss'],
  'tensorflow-cpu': ['tensorflow'],
  'sentry-sdk': ['sentry_sdk'],
  'grpcio': ['grpc'],
  'markupsafe': ['markupsafe'],
  'jinja2': ['jinja2'],
  'discord-py': ['discord'],
  'slack-sdk': ['slack_sdk'],
  'stripe': ['stripe'],
  'twilio': ['twilio'],
  'ujson': ['ujson'],
};

/** Import module names a Python distribution may be imported as. */
export function pythonImportNames(dist: string): string[] {
  const n = normalizeDist(dist);
  const out = new Set<string>(PY_IMPORT_NAMES[n] ?? []);
  out.add(n.replace(/-/g, '_'));
  // python-foo / foo-python / py-foo are often imported as foo.
  if (n.startsWith('python-')) out.add(n.slice(7).replace(/-/g, '_'));
  if (n.endsWith('-python')) out.add(n.slice(0, -7).replace(/-/g, '_'));
  if (n.startsWith('py-')) out.add(n.slice(3).replace(/-/g, '_'));
  return [...out];
}

/**
 * Whether any of the imported Python modules belongs to the distribution. Namespace packages
 * (google-cloud-storage → google.cloud.storage, azure-storage-blob → azure.storage.blob) match
 * by their dotted prefix joined with underscores.
 */
export function pythonDistImported(dist: string, modules: Set<string>): boolean {
  const candidates = new Set(pythonImportNames(dist).map((c) => c.toLowerCase()));
  for (const m of modules) {
    const parts = m.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const dotted = parts.slice(0, i).join('.').toLowerCase();
      if (candidates.has(dotted) || candidates.has(dotted.replace(/\./g, '_'))) return true;
    }
  }
  return false;
}

/** The npm package an import specifier loads: `@aws-sdk/client-s3/dist` → `@aws-sdk/client-s3`, `lodash/get` → `lodash`. */
export function npmPackageOf(specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

// ---------- development tools ----------

const PY_DEV = new Set(
  [
    'pytest', 'black', 'mypy', 'moto', 'boto3-stubs', 'botocore-stubs', 'flake8', 'pylint', 'ruff', 'isort', 'coverage',
    'tox', 'nox', 'pre-commit', 'autopep8', 'yapf', 'bandit', 'pyright', 'ipython', 'ipdb', 'pdbpp', 'freezegun',
    'responses', 'requests-mock', 'pytest-cov', 'pytest-mock', 'hypothesis', 'faker', 'factory-boy', 'localstack',
    'aws-sam-cli', 'cfn-lint', 'awscli', 'sphinx', 'mkdocs', 'twine', 'build', 'pip-tools', 'wheel', 'setuptools',
  ].map(normalizeDist),
);
const PY_DEV_PREFIXES = ['types-', 'pytest-', 'mypy-boto3-', 'flake8-', 'pylint-', 'sphinx-', 'mkdocs-'];

const NPM_DEV = new Set([
  'typescript', 'esbuild', 'jest', 'ts-jest', 'mocha', 'chai', 'sinon', 'nyc', 'c8', 'vitest', 'ava', 'eslint',
  'prettier', 'ts-node', 'tsx', 'nodemon', 'webpack', 'webpack-cli', 'rollup', 'parcel', 'serverless',
  'aws-cdk', 'aws-cdk-lib', 'aws-sdk-client-mock', 'aws-sdk-mock', 'supertest', 'husky', 'lint-staged',
  '@swc/core', '@swc/jest', 'babel-jest', 'tsup', 'vite', 'rimraf', 'concurrently', 'cross-env',
  'ts-loader', 'esbuild-loader', 'copy-webpack-plugin', 'fork-ts-checker-webpack-plugin',
]);
const NPM_DEV_PREFIXES = ['@types/', 'eslint-', '@typescript-eslint/', 'prettier-plugin-', '@jest/', 'jest-', '@vitest/', 'serverless-', '@babel/', 'babel-', 'webpack-', 'esbuild-plugin-'];

/** A testing, typing, linting or build tool: it belongs in dev dependencies, not in the deployment package. */
export function isDevTool(ecosystem: Ecosystem, name: string): boolean {
  if (ecosystem === 'python') {
    const n = normalizeDist(name);
    return PY_DEV.has(n) || PY_DEV_PREFIXES.some((p) => n.startsWith(p));
  }
  return NPM_DEV.has(name) || NPM_DEV_PREFIXES.some((p) => name.startsWith(p));
}

// ---------- used without an import ----------

/**
 * Packages code uses without importing them by name: database drivers a framework loads from
 * a connection URL (SQLAlchemy, Sequelize, Knex, TypeORM), parsers and backends a library
 * picks up when installed, helpers injected by compilers, and plugins loaded by name from
 * configuration. Reporting them as unused would make the user delete a working dependency.
 */
const PY_LOADED_BY_NAME = new Set(
  [
    'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pg8000', 'asyncpg', 'pymysql', 'mysqlclient',
    'mysql-connector-python', 'cx-oracle', 'oracledb', 'pyodbc', 'aiomysql', 'aiosqlite', 'snowflake-sqlalchemy',
    'sqlalchemy-redshift', 'redshift-connector', 'email-validator', 'python-multipart', 'lxml', 'html5lib', 'cchardet',
    'chardet', 'charset-normalizer', 'orjson', 'ujson', 'uvloop', 'certifi', 'pyopenssl', 'cryptography', 'idna',
    'urllib3', 'brotli', 'tzdata', 'openpyxl', 'xlrd', 'pyarrow', 'fastparquet', 's3fs', 'fsspec', 'gunicorn',
    'uvicorn', 'awslambdaric',
  ].map(normalizeDist),
);
const NPM_LOADED_BY_NAME = new Set([
  'pg', 'pg-hstore', 'pg-native', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'tedious', 'oracledb', 'mariadb',
  'source-map-support', 'tslib', '@swc/helpers', 'regenerator-runtime', 'core-js', 'pino-pretty', 'bufferutil',
  'utf-8-validate', 'encoding', 'aws-crt',
]);
/** Transports pino loads by name from its options. */
const NPM_LOADED_PREFIXES = ['pino-'];

export function isLoadedByName(ecosystem: Ecosystem, name: string): boolean {
  if (ecosystem === 'python') return PY_LOADED_BY_NAME.has(normalizeDist(name));
  return NPM_LOADED_BY_NAME.has(name) || NPM_LOADED_PREFIXES.some((p) => name.startsWith(p));
}
