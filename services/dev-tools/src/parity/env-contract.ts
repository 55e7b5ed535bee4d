// Which environment variables each deployable needs and which it knows, taken from the code that reads them
// (never restated by hand): the zod config schemas of the API, the schema sync, the worker and the web server.
import type { z } from 'zod';
import { envShape } from '@monitrax/api/config/env';
import { webEnvSchema, webEnvShape } from '@monitrax/web/config/env';
import { syncEnv } from '@monitrax/schema-sync/env';
import { workerEnv, workerEnvShape } from '@monitrax/worker/config';
import { telemetryEnvShape } from '@monitrax/telemetry/settings';

export type Deployable = 'api' | 'schema' | 'worker' | 'web';

export interface EnvContract {
  /** Variables without a default: the process refuses to start without them. */
  required: readonly string[];
  /** Every variable the process reads; anything else set for it is a typo or a leftover. */
  known: ReadonlySet<string>;
}

/** Names whose schema rejects "not set". */
function requiredNames(shape: Record<string, z.ZodType>): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
}

/** Names a whole schema asks for in production when nothing else is set (the web's API_URL, INTERNAL_API_SECRET). */
function requiredInProduction(schema: z.ZodType): string[] {
  const parsed = schema.safeParse({ NODE_ENV: 'production' });
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
}

export const ENV_CONTRACTS: Readonly<Record<Deployable, EnvContract>> = {
  api: { required: requiredNames(envShape), known: new Set(Object.keys(envShape)) },
  // The one-shot runs the API image, so the API's variables (NODE_ENV, LOG_LEVEL...) are not typos there.
  schema: { required: requiredNames(syncEnv.shape), known: new Set(Object.keys(envShape)) },
  // The worker runs the API image too; NODE_ENV is the image's.
  // MAIL_TRANSPORT: optional on a laptop, required in production.
  worker: {
    required: [...new Set([...requiredNames(workerEnvShape), ...requiredInProduction(workerEnv)])],
    known: new Set([...Object.keys(workerEnvShape), 'NODE_ENV']),
  },
  // The web's instrumentation.ts reads the OTEL_* variables too (@monitrax/telemetry/start-web, the same shape the
  // API's and the worker's schemas spread), before its config is parsed.
  web: { required: requiredInProduction(webEnvSchema), known: new Set([...Object.keys(webEnvShape), ...Object.keys(telemetryEnvShape)]) },
};

/** Secrets: never a literal or a default in compose.yaml, never a literal value in render.yaml. */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
  'JWT_SECRET',
  'INTERNAL_API_SECRET',
  'DATABASE_URL',
  'POSTGRES_PASSWORD',
  'SMTP_URL',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  // Credentials for an OTLP receiver ("x-honeycomb-team=...", "Authorization=Basic ...").
  'OTEL_EXPORTER_OTLP_HEADERS',
]);

/** Optional in development, required in production by both the API and the web (and shared between them). */
export const SHARED_INTERNAL_SECRET = 'INTERNAL_API_SECRET';
