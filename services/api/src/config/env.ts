// The API's configuration: one zod schema for every environment variable the API reads, parsed once at start-up
// and frozen. Each variable is written once, here: the config's keys are the variables' names in camelCase
// (JWT_SECRET -> jwtSecret), and only what is worked out from several (isProduction, host, releaseId) is added.
// Errors name the variable and the problem, never the value (values can be secrets). Defaults exist only for
// things that are safe to default; no secret has one.
import {
  booleanString,
  ConfigError,
  INTERNAL_API_SECRET_MIN_LENGTH,
  internalApiSecret,
  isPlaceholderSecret,
  logLevel,
  nodeEnv,
  PLACEHOLDER_SECRET_MESSAGE,
  parseEnv,
  port,
  shutdownTimeoutMs,
  trustProxy,
} from '@monitrax/contract/env';
import { DEFAULT_DOCUMENT_MAX_BYTES, DEFAULT_DOCUMENT_QUOTA_BYTES } from '@monitrax/contract/documents';
import { DEFAULT_MAX_ROWS_PER_RESOURCE } from '@monitrax/contract/fields';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { isLoopbackHost, productionDatabaseUrlProblem } from '@monitrax/database/url';
import { syncEnvShape } from '@monitrax/schema-sync/env';
import { bucketEnvShape, bucketSettings, checkBucketEnv } from '@monitrax/document-store/bucket-env';
import { telemetryEnvShape } from '@monitrax/telemetry/settings';
import type { S3Settings } from '@monitrax/document-store/s3-store';
import { z } from 'zod';

export { ConfigError };

/** HS256 keys shorter than the hash output (32 bytes) weaken the signature (RFC 7518 3.2). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

/** Each variable's rule: the API's own, and the schema sync's for the ones they share (DATABASE_URL, BACKUP_DIR, ...). */
export const envShape = {
  ...syncEnvShape,
  NODE_ENV: nodeEnv,
  JWT_SECRET: z
    .string({ error: 'is required (generate one: openssl rand -base64 48)' })
    .min(16, 'must be at least 16 characters (generate one: openssl rand -base64 48)'),
  PORT: port(DEFAULT_PORTS.api),
  // Containers must listen on every interface; a laptop should not expose the API to its network (see host below).
  HOST: z.string().min(1).optional(),
  WEB_ORIGIN: z
    .string()
    .default(`http://localhost:${DEFAULT_PORTS.web}`)
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine((origins) => origins.every((origin) => URL.canParse(origin)), 'must be a URL or a comma-separated list of URLs'),
  LOG_LEVEL: logLevel,
  SHUTDOWN_TIMEOUT_MS: shutdownTimeoutMs,
  TRUST_PROXY: trustProxy,
  // Shared with the web server only: lets it name the browser behind its requests (http/middleware/client-address.ts).
  INTERNAL_API_SECRET: internalApiSecret,
  // Most rows of each resource (properties, loans, ...) one user may hold; the work per request stays bounded.
  MAX_ROWS_PER_RESOURCE: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MAX_ROWS_PER_RESOURCE),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  // The schema sync before listening (Render plans without a pre-deploy step).
  SCHEMA_SYNC_ON_START: booleanString,
  // How often the API re-checks the live schema against its own for /api/health (0 turns it off).
  SCHEMA_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  // How often the API reads the background worker's heartbeat and jobs for /api/health (0: only at start).
  WORKER_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  // Where documents' bytes go (@monitrax/document-store): postgres (this database; nothing else to run)
  // or s3 (an S3-compatible bucket: S3_BUCKET and the S3_* below).
  DOCUMENT_STORAGE: z.enum(['postgres', 's3']).default('postgres'),
  // The largest document accepted, and how much one user's documents may hold together, in bytes.
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .default(DEFAULT_DOCUMENT_MAX_BYTES),
  DOCUMENT_QUOTA_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_DOCUMENT_QUOTA_BYTES),
  // The bucket (S3_BUCKET, S3_ENDPOINT, ...): @monitrax/document-store/bucket-env, shared with the worker.
  ...bucketEnvShape,
  // Traces and metrics over OTLP (@monitrax/telemetry/settings, shared with the worker and the web): off unless set.
  ...telemetryEnvShape,
};

export const envSchema = z.object(envShape).superRefine((env, ctx) => {
  if (env.DOCUMENT_STORAGE === 's3' && env.S3_BUCKET === undefined) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with DOCUMENT_STORAGE=s3' });
  }
  checkBucketEnv(env, ctx);
  if (env.NODE_ENV !== 'production') return;
  if (Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: `must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production (generate one: openssl rand -base64 48)`,
    });
  }
  if (env.INTERNAL_API_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['INTERNAL_API_SECRET'],
      message: 'is required in production: the web server sends it to name the browser behind a sign-in (generate one: openssl rand -base64 48)',
    });
  }
  if (isPlaceholderSecret(env.JWT_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: PLACEHOLDER_SECRET_MESSAGE });
  }
  if (
    env.INTERNAL_API_SECRET !== undefined &&
    env.INTERNAL_API_SECRET.length >= INTERNAL_API_SECRET_MIN_LENGTH &&
    isPlaceholderSecret(env.INTERNAL_API_SECRET)
  ) {
    ctx.addIssue({ code: 'custom', path: ['INTERNAL_API_SECRET'], message: PLACEHOLDER_SECRET_MESSAGE });
  }
  const databaseProblem = productionDatabaseUrlProblem(env.DATABASE_URL);
  if (databaseProblem) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: databaseProblem });
  // Sign-up mail links open the first origin: a deploy must not mail http:// links (or a laptop's) to people.
  const linkOrigin = env.WEB_ORIGIN[0] ? new URL(env.WEB_ORIGIN[0]) : undefined;
  if (linkOrigin && linkOrigin.protocol !== 'https:' && !isLoopbackHost(linkOrigin.hostname)) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEB_ORIGIN'],
      message: 'must start with an https:// origin in production (links in sign-up mail open the first one), unless it is this machine',
    });
  }
});

export type Env = z.output<typeof envSchema>;

/** SNAKE_CASE -> camelCase, as a type: "MAX_ROWS_PER_RESOURCE" -> "maxRowsPerResource". */
type CamelCase<Name extends string> = Name extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<Name>;

export type Config = Readonly<{ [Name in keyof Env as CamelCase<Name & string>]: Env[Name] }> & {
  readonly isProduction: boolean;
  /** HOST, else 0.0.0.0 in production (containers) and 127.0.0.1 elsewhere (a laptop's API stays private). */
  readonly host: string;
  /** The deployed commit (Render's RENDER_GIT_COMMIT, or GIT_COMMIT): health's releaseId. */
  readonly releaseId: string | undefined;
  /** The bucket's settings from S3_*, when S3_BUCKET is set. */
  readonly documentBucket: S3Settings | undefined;
};

const camelCase = (name: string) => name.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/** Parses the environment into a frozen Config, or throws ConfigError listing `NAME: problem` lines. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(envSchema, source);
  const isProduction = env.NODE_ENV === 'production';
  const values = Object.fromEntries(Object.entries(env).map(([name, value]) => [camelCase(name), Array.isArray(value) ? Object.freeze(value) : value]));
  return Object.freeze({
    ...(values as Omit<Config, 'isProduction' | 'host' | 'releaseId' | 'documentBucket'>),
    isProduction,
    host: env.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    releaseId: env.RENDER_GIT_COMMIT ?? env.GIT_COMMIT,
    documentBucket: bucketSettings(env),
  });
}
