// Which environment variables each deployable needs and which it knows, taken from the code that reads them
// (never restated by hand): the API's zod config schema, the schema sync's subset of it, and the web server's list.
import type { z } from 'zod';
import { envShape } from '@monitrax/api/config/env';
import { WEB_ENV } from '@monitrax/web/lib/api/config';
import { syncEnv } from '@monitrax/schema-sync/env';
import { workerEnvShape } from '@monitrax/worker/config';

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

export const ENV_CONTRACTS: Readonly<Record<Deployable, EnvContract>> = {
  api: { required: requiredNames(envShape), known: new Set(Object.keys(envShape)) },
  // The one-shot runs the API image, so the API's variables (NODE_ENV, LOG_LEVEL...) are not typos there.
  schema: { required: requiredNames(syncEnv.shape), known: new Set(Object.keys(envShape)) },
  // The worker runs the API image too; NODE_ENV is the image's.
  worker: { required: requiredNames(workerEnvShape), known: new Set([...Object.keys(workerEnvShape), 'NODE_ENV']) },
  web: { required: [...WEB_ENV.required], known: new Set<string>([...WEB_ENV.required, ...WEB_ENV.optional]) },
};

/** Secrets: never a literal or a default in compose.yaml, never a literal value in render.yaml. */
export const SECRET_NAMES: ReadonlySet<string> = new Set(['JWT_SECRET', 'INTERNAL_API_SECRET', 'DATABASE_URL', 'POSTGRES_PASSWORD']);

/** Optional in development, required in production by both the API and the web (and shared between them). */
export const SHARED_INTERNAL_SECRET = 'INTERNAL_API_SECRET';
