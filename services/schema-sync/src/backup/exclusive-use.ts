// A restore over the live database replaces its contents with a backup, after taking a safety backup of what
// is there. A write that lands between the two would be in neither, so the restore runs only while nobody else
// is connected (or after ending them, when asked), re-checks that after the safety backup, and holds the schema
// sync's advisory lock throughout, so no deploy or SCHEMA_SYNC_ON_START pushes a schema in the middle.
import type pg from 'pg';
import { SYNC_LOCK_KEY } from '../sync/database-facts.ts';
import { withClient } from './catalog.ts';

export interface OtherSession {
  pid: number;
  user: string;
  application: string;
  client: string;
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

// Client backends only: autovacuum and the like have no datname of ours to write with.
const OTHER_SESSIONS = `
  SELECT pid, coalesce(usename, '?') AS user, coalesce(nullif(application_name, ''), 'unnamed') AS application,
         coalesce(host(client_addr), 'local socket') AS client
    FROM pg_stat_activity
   WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
   ORDER BY pid`;

export async function otherSessions(client: pg.Client): Promise<OtherSession[]> {
  return (await client.query<OtherSession>(OTHER_SESSIONS)).rows;
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
export async function withExclusiveUse<T>(
  databaseUrl: string,
  options: ExclusiveUseOptions,
  work: (ensureStillAlone: (moment: string) => Promise<void>) => Promise<T>,
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
      return await work(async (moment) => {
        const others = await otherSessions(client);
        if (others.length) throw refusal(others, moment);
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY]).catch(() => {});
    }
  });
}
