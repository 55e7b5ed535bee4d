// Builds the Prisma client on the node-postgres driver adapter (Prisma 7 needs no native query engine).
// Pool limits are set so that a hung or missing database turns into a fast error, not a stuck request:
// the health check and the error middleware rely on that to answer 503 quickly.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type Database = PrismaClient;

export interface DatabaseOptions {
  /** Most connections the pool opens (Render's smallest Postgres allows ~97 across all clients). */
  maxConnections?: number;
  /** How long to wait for a free or new connection before failing with "unavailable". */
  connectTimeoutMs?: number;
  /** Client-side cap on one query, so a database that stops answering cannot hold a request forever. */
  queryTimeoutMs?: number;
  onPoolError?: (error: Error) => void;
}

export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      query_timeout: options.queryTimeoutMs ?? 15_000,
      idleTimeoutMillis: 30_000,
      application_name: 'monitrax-api',
    },
    // Without a listener, an idle client whose server went away would crash the process.
    { onPoolError: options.onPoolError ?? (() => {}), onConnectionError: options.onPoolError ?? (() => {}) },
  );
  return new PrismaClient({ adapter });
}
