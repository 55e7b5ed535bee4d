// A restore over the live database replaces its contents with a backup, after taking a safety backup of what
// is there. A write that lands between the two would be in neither, so the restore runs only while nobody else
// is connected (or after ending them, when asked), re-checks that after the safety backup, and holds the schema
// sync's advisory lock throughout, so no deploy or SCHEMA_SYNC_ON_START pushes a schema in the middle. While
// pg_restore runs the database takes no new connection at all (`sealed`), so nobody can slip in after the last check.
import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { SYNC_LOCK_KEY } from '../sync/database-facts.ts';
import { userTables, withClient } from './catalog.ts';
import { databaseNameOf, databaseUrlFor } from '@monitrax/database/url';

export interface OtherSession {
  pid: number;
  user: string;
  application: string;
  client: string;
}

/** pg_restore's application_name over the live database: how the seal tells its session from others. */
export const OVER_LIVE_RESTORE_APPLICATION = 'monitrax restore: pg_restore';

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

// Client backends on database $1 but the asking one: autovacuum and the like have no datname of ours to write with.
const OTHER_SESSIONS = `
  SELECT pid, coalesce(usename, '?') AS user, coalesce(nullif(application_name, ''), 'unnamed') AS application,
         coalesce(host(client_addr), 'local socket') AS client
    FROM pg_stat_activity
   WHERE datname = coalesce($1, current_database()) AND pid <> pg_backend_pid() AND backend_type = 'client backend'
   ORDER BY pid`;

/** The database every PostgreSQL has, where a session may stand while it changes another database. */
const MAINTENANCE_DATABASE = 'postgres';

/** Sessions on `database` (the client's own unless named) other than the client's. */
export async function otherSessions(client: pg.Client, database?: string): Promise<OtherSession[]> {
  return (await client.query<OtherSession>(OTHER_SESSIONS, [database ?? null])).rows;
}

const describeSessions = (sessions: readonly OtherSession[]) =>
  sessions.map((session) => `${session.application} (pid ${session.pid}, ${session.user} from ${session.client})`).join(', ');

/** Ends each session and waits for it to be gone (pg_terminate_backend's timeout), or throws naming the survivors. */
async function endSessions(client: pg.Client, sessions: readonly OtherSession[]): Promise<void> {
  const survivors: OtherSession[] = [];
  for (const session of sessions) {
    const ended = await client
      .query<{ ended: boolean }>('SELECT pg_terminate_backend($1, 5000) AS ended', [session.pid])
      .catch(() => ({ rows: [{ ended: false }] }));
    if (!ended.rows[0]?.ended) survivors.push(session);
  }
  if (survivors.length) throw new DatabaseInUseError(`could not end ${describeSessions(survivors)} (ending another role's session needs pg_signal_backend)`);
}

export interface ExclusiveUseOptions {
  /** End the sessions found before the restore instead of refusing (make db-restore END_SESSIONS=1). */
  endSessions: boolean;
  log: (line: string) => void;
}

/**
 * Runs `work` holding the schema sync's lock on the live database. Before it, anyone else connected is refused,
 * or ended when asked. `work` calls `ensureStillAlone` after its safety backup, before it writes: a session that
 * connected meanwhile may have written after the backup's snapshot, so that one is always refused.
 */
/** Runs a restore (which connects on its own) while the database accepts no other new connection. */
export type Sealed = <R>(restore: () => Promise<R>) => Promise<R>;

/** How long pg_restore may take to reach the first table before the restore gives up (it has not written). */
const PG_RESTORE_START_MS = 60_000;
/** How often the sealing session looks at pg_restore's session while waiting for it: the catalog is the only
 * place that says when another process's session is waiting on a lock. */
const LOOK_EVERY_MS = 25;

/**
 * `restore` starts pg_restore, which needs a connection of its own, so the database cannot simply refuse them all
 * first. Instead: this session holds ACCESS SHARE on every user table in a transaction, so pg_restore, once
 * connected, waits at its first DROP; then a second session turns ALLOW_CONNECTIONS off, which keeps existing
 * sessions and refuses every new one, superusers included; anyone who connected since the last check makes the
 * restore stop (pg_restore's session is ended, its single transaction rolls back, nothing is restored); otherwise the
 * lock is released and pg_restore runs alone. Connections are allowed again whatever happens.
 */
function sealedBy(lockSession: pg.Client, databaseUrl: string, database: string, refusal: (others: readonly OtherSession[]) => Error): Sealed {
  // PostgreSQL changes ALLOW_CONNECTIONS only from a session on another database: the maintenance database.
  return (restore) =>
    withClient(databaseUrlFor(databaseUrl, MAINTENANCE_DATABASE), async (admin) => {
      await admin.query(`SET application_name = 'monitrax restore: seal'`);
      const allow = (value: boolean) => admin.query(`ALTER DATABASE ${pg.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS ${value}`);
      const tables = await userTables(lockSession);
      await lockSession.query('BEGIN');
      let locked = true;
      const release = async (how: 'COMMIT' | 'ROLLBACK') => {
        if (!locked) return;
        locked = false;
        await lockSession.query(how);
      };
      let sealed = false;
      try {
        // An empty database has nothing a late writer could lose; pg_restore would not wait for anything either.
        if (!tables.length) return await restore();
        const names = tables.map(({ schema, table }) => `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`).join(', ');
        await lockSession.query(`LOCK TABLE ${names} IN ACCESS SHARE MODE`);
        let settled = false;
        const restoring = restore().finally(() => {
          settled = true;
        });
        restoring.catch(() => {}); // awaited below
        // pg_restore's session, once it waits for this session's lock (or it ended: nothing of ours to wait for).
        const deadline = Date.now() + PG_RESTORE_START_MS;
        let restorePid: number | undefined;
        while (!settled && Date.now() < deadline) {
          const found = await admin.query<{ pid: number; waiting: boolean }>(
            `SELECT pid, wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
            [database, OVER_LIVE_RESTORE_APPLICATION],
          );
          restorePid = found.rows[0]?.pid;
          if (found.rows[0]?.waiting) break;
          await delay(LOOK_EVERY_MS);
        }
        // pg_restore ended before reaching a table (it failed, or the backup holds none): nothing to seal.
        if (settled) {
          await release('COMMIT');
          return await restoring;
        }
        if (restorePid === undefined) {
          await release('ROLLBACK');
          throw new DatabaseInUseError(`pg_restore did not reach the database within ${PG_RESTORE_START_MS / 1000} s; nothing was restored`);
        }
        await allow(false);
        sealed = true;
        const ours = [(await lockSession.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid, restorePid];
        const others = (await otherSessions(admin, database)).filter((session) => !ours.includes(session.pid));
        if (others.length) {
          await admin.query('SELECT pg_terminate_backend($1, 5000)', [restorePid]);
          await release('ROLLBACK');
          await restoring.catch(() => {});
          throw refusal(others);
        }
        await release('COMMIT');
        return await restoring;
      } finally {
        await release('ROLLBACK').catch(() => {});
        if (sealed) await allow(true);
      }
    });
}

export async function withExclusiveUse<T>(
  databaseUrl: string,
  options: ExclusiveUseOptions,
  work: (ensureStillAlone: (moment: string) => Promise<void>, sealed: Sealed) => Promise<T>,
): Promise<T> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`SET application_name = 'monitrax restore'`);
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SYNC_LOCK_KEY]);
    if (!locked.rows[0]?.locked)
      throw new DatabaseInUseError('a schema sync holds its lock on this database right now; run the restore when it has finished. Nothing was restored.');
    try {
      const database = client.database ?? 'the live database';
      const refusal = (others: readonly OtherSession[], moment: string) =>
        new DatabaseInUseError(
          `${others.length} other session(s) connected to "${database}" ${moment}: ${describeSessions(others)}. ` +
            'A write from them could fall between the safety backup and the restore. Stop what uses the database first ' +
            '(for make up: docker compose stop api web)' +
            (moment === 'before the restore' ? ', or end them with END_SESSIONS=1 (--end-sessions)' : '') +
            '. Nothing was restored.',
        );
      const before = await otherSessions(client);
      if (before.length && !options.endSessions) throw refusal(before, 'before the restore');
      if (before.length) {
        options.log(`ending ${before.length} other session(s) on "${database}": ${describeSessions(before)}`);
        await endSessions(client, before);
      }
      return await work(
        async (moment) => {
          const others = await otherSessions(client);
          if (others.length) throw refusal(others, moment);
        },
        sealedBy(client, databaseUrl, databaseNameOf(databaseUrl), (others) => refusal(others, 'between the last check and the restore')),
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY]).catch(() => {});
    }
  });
}
