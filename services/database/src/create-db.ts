// Builds the Prisma client on the node-postgres driver adapter (Prisma 7 needs no native query engine).
// Pool limits are set so that a hung or missing database turns into a fast error, not a stuck request:
// the health check and the error middleware rely on that to answer 503 quickly.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

/**
 * What the app uses of the database: the Prisma client, and queries that go straight through the same pool. Two run
 * on every request: `ping()` (readiness) and `sessionIsLive(sessionId, userId)` (every signed-in request checks its
 * session is neither revoked nor expired; a deleted user's sessions go with it); through Prisma each would cost
 * several times the query itself in CPU (make bench measures the health endpoint against a bare pg server). Two move
 * documents' bytes (`DocumentChunk`, one piece at a time): pg sends a piece as a binary parameter, where Prisma's
 * driver adapter copies and re-encodes it several times over (the documents bench measures both).
 * `close()` ends the client and the pool, once.
 */
export interface Database {
  readonly prisma: PrismaClient;
  ping(): Promise<void>;
  sessionIsLive(sessionId: string, userId: string): Promise<boolean>;
  writeDocumentPiece(key: string, index: number, bytes: Buffer): Promise<void>;
  /** The piece's bytes, or undefined when there is no such piece (past the last one, or none kept). */
  readDocumentPiece(key: string, index: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Most connections the pool opens (Render's smallest Postgres allows ~97 across all clients). */
  maxConnections?: number;
  /** How long to wait for a free or new connection before failing with "unavailable". */
  connectTimeoutMs?: number;
  /** Client-side cap on one query, so a database that stops answering cannot hold a request forever. */
  queryTimeoutMs?: number;
  onPoolError?: (error: Error) => void;
}

export function createDb(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'monitrax-api',
    // Every session in UTC, whatever the server's or the database's TimeZone setting (a developer's PostgreSQL
    // initdb'd in Melbourne has TimeZone = 'Australia/Melbourne'). Prisma's pg adapter writes a Date to a
    // timestamptz column as a UTC time without an offset, which PostgreSQL reads in the session's zone
    // (prisma/orm#28629): in a +11 session every createdAt was stored 11 hours early, and Prisma's own reads,
    // off by the same hours, hid it from everything but raw SQL, backups and other clients. An `options` parameter
    // in DATABASE_URL would replace this one (pg lets the URL win); a pooler in front (PgBouncer) must accept it.
    options: '-c TimeZone=UTC',
  });
  const onPoolError = options.onPoolError ?? (() => {});
  // Without a listener, an idle client whose server went away would crash the process. Ours, from the start:
  // the adapter only listens once Prisma connects, and ping()/sessionIsLive() may use the pool before that.
  pool.on('error', onPoolError);
  // Idle-client errors reach the listener above; the adapter reports only errors of connections in use.
  const adapter = new PrismaPg(pool, { onConnectionError: onPoolError });
  const prisma = new PrismaClient({ adapter });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    async ping() {
      await pool.query('SELECT 1');
    },
    // "Session" and its columns as prisma/schema.prisma names them (the auth integration tests cover this query).
    async sessionIsLive(sessionId: string, userId: string) {
      const result = await pool.query('SELECT 1 FROM "Session" WHERE "id" = $1 AND "userId" = $2 AND "revokedAt" IS NULL AND "expiresAt" > now()', [
        sessionId,
        userId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    // "DocumentChunk" and its columns as prisma/schema.prisma names them; "createdAt" takes its default (the orphan
    // sweep reads it). The documents integration tests cover both queries.
    async writeDocumentPiece(key: string, index: number, bytes: Buffer) {
      await pool.query('INSERT INTO "DocumentChunk" ("key", "index", "data") VALUES ($1, $2, $3)', [key, index, bytes]);
    },
    async readDocumentPiece(key: string, index: number) {
      const result = await pool.query<{ data: Buffer }>('SELECT "data" FROM "DocumentChunk" WHERE "key" = $1 AND "index" = $2', [key, index]);
      return result.rows[0]?.data;
    },
    /** Prisma's disconnect, then the pool's end (the pool is ours, so Prisma leaves it open). Once only. */
    close() {
      closing ??= (async () => {
        try {
          await prisma.$disconnect();
        } finally {
          if (!pool.ending) await pool.end();
        }
      })();
      return closing;
    },
  };
}
