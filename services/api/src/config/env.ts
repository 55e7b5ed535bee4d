// The API's configuration: one zod schema for every environment variable the API reads, parsed once
// at start-up and frozen. Errors name the variable and the problem, never the value (values can be
// secrets). Defaults exist only for things that are safe to default; no secret has one.
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { booleanString, ConfigError, parseEnv, syncEnvShape } from '@monitrax/schema-sync/env';
import { z } from 'zod';

export { ConfigError };

/** Values people copy from examples and forget to change; refused in production. */
const PLACEHOLDER_SECRETS = ['changeme', 'change-me', 'secret', 'jwt-secret', 'your-secret', 'replace-me', 'dev-only-secret', 'development-secret'];

/** HS256 keys shorter than the hash output (32 bytes) weaken the signature (RFC 7518 3.2). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Each variable's rule: the schema sync's own (DATABASE_URL, BACKUP_DIR, ...) and the API's. */
export const envShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: syncEnvShape.DATABASE_URL,
  JWT_SECRET: z
    .string({ error: 'is required (generate one: openssl rand -base64 48)' })
    .min(16, 'must be at least 16 characters (generate one: openssl rand -base64 48)'),
  PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.api),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(25_000),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Shared with the web server only: lets it name the browser behind its requests (http/middleware/client-address.ts).
  INTERNAL_API_SECRET: z.string().min(32, 'must be at least 32 characters (generate one: openssl rand -base64 48)').optional(),
  // Most rows of each resource (properties, loans, ...) one user may hold; the work per request stays bounded.
  MAX_ROWS_PER_RESOURCE: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  SCHEMA_SYNC_ON_START: booleanString,
  BACKUP_DIR: syncEnvShape.BACKUP_DIR,
  SCHEMA_SYNC_WAIT_MS: syncEnvShape.SCHEMA_SYNC_WAIT_MS,
  SCHEMA_SYNC_SAFE_ONLY: syncEnvShape.SCHEMA_SYNC_SAFE_ONLY,
  // How often the API re-checks the live schema against its own for /api/health (0 turns it off).
  SCHEMA_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  // How often the API reads the background worker's heartbeat and jobs for /api/health (0: only at start).
  WORKER_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  RENDER_GIT_COMMIT: syncEnvShape.RENDER_GIT_COMMIT,
  GIT_COMMIT: syncEnvShape.GIT_COMMIT,
};

export const envSchema = z.object(envShape).superRefine((env, ctx) => {
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
  const lowered = env.JWT_SECRET.toLowerCase();
  if (PLACEHOLDER_SECRETS.some((placeholder) => lowered.includes(placeholder))) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: 'is a placeholder value; generate a real one (openssl rand -base64 48)',
    });
  }
});

export type Env = z.output<typeof envSchema>;

export interface Config {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  readonly port: number;
  readonly host: string;
  readonly webOrigins: readonly string[];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly shutdownTimeoutMs: number;
  readonly trustProxy: number;
  readonly internalApiSecret: string | undefined;
  readonly bodyLimit: string;
  readonly maxRowsPerResource: number;
  readonly schemaSyncOnStart: boolean;
  readonly backupDir: string;
  readonly schemaSyncWaitMs: number;
  readonly schemaSyncSafeOnly: boolean;
  readonly schemaCheckIntervalMs: number;
  readonly workerCheckIntervalMs: number;
  readonly releaseId: string | undefined;
}

/** Parses the environment into a frozen Config, or throws ConfigError listing `NAME: problem` lines. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(envSchema, source);
  const isProduction = env.NODE_ENV === 'production';
  return Object.freeze({
    nodeEnv: env.NODE_ENV,
    isProduction,
    databaseUrl: env.DATABASE_URL,
    jwtSecret: env.JWT_SECRET,
    port: env.PORT,
    // Containers must listen on every interface; a laptop should not expose the API to its network.
    host: env.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    webOrigins: Object.freeze([...env.WEB_ORIGIN]),
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY,
    internalApiSecret: env.INTERNAL_API_SECRET,
    bodyLimit: env.BODY_LIMIT,
    maxRowsPerResource: env.MAX_ROWS_PER_RESOURCE,
    schemaSyncOnStart: env.SCHEMA_SYNC_ON_START,
    backupDir: env.BACKUP_DIR,
    schemaSyncWaitMs: env.SCHEMA_SYNC_WAIT_MS,
    schemaSyncSafeOnly: env.SCHEMA_SYNC_SAFE_ONLY,
    schemaCheckIntervalMs: env.SCHEMA_CHECK_INTERVAL_MS,
    workerCheckIntervalMs: env.WORKER_CHECK_INTERVAL_MS,
    releaseId: env.RENDER_GIT_COMMIT ?? env.GIT_COMMIT,
  });
}
