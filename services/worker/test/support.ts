// What the worker's integration tests share: a database from the synced template with a few users, the real
// worker process on it, and a way to hold a job mid-run without any hook in the worker: the test locks the table
// it writes (LOCK TABLE ... IN SHARE MODE in an open transaction), so the job's INSERT waits, exactly as it would
// behind a long migration.
import { createDb, type Database } from '@monitrax/database/create-db';
import { REPO_ROOT } from '@monitrax/database/paths';
import { WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import { type NodeProcess, startNodeProcess } from '@monitrax/local-stack/supervisor';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { inject } from 'vitest';

export const JOB_CLI = 'services/worker/src/job-cli.ts';
export const USERS = 3;
/** pg-boss's shortest job heartbeat: a job whose worker died is retried within about two of these. */
export const HEARTBEAT_SECONDS = 10;

export interface TestDatabase {
  url: string;
  db: Database;
  workers: NodeProcess[];
  startWorker(env?: NodeJS.ProcessEnv): NodeProcess;
  drop(): Promise<void>;
}

/** A database from the synced template with USERS users, each with one property. */
export async function testDatabase(prefix: string): Promise<TestDatabase> {
  const provided = inject('testPostgres');
  const name = uniqueDatabaseName(prefix);
  await createDatabase(provided.adminUrl, name, provided.templateDatabase);
  const url = databaseUrl(provided.adminUrl, name);
  const db = createDb(url, { maxConnections: 2 });
  for (let n = 1; n <= USERS; n++) {
    await db.prisma.user.create({
      data: {
        email: `worker-${n}@example.com`,
        name: `Worker ${n}`,
        passwordHash: 'not-a-real-hash',
        properties: {
          create: {
            name: 'Home',
            address: `${n} Test St`,
            type: 'HOME',
            purchasePrice: '500000',
            purchaseDate: new Date('2015-01-01'),
            currentValue: `${800000 + n}`,
          },
        },
      },
    });
  }
  const workers: NodeProcess[] = [];
  return {
    url,
    db,
    workers,
    startWorker(env = {}) {
      const worker = startNodeProcess(WORKER_ENTRY, {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: url,
          LOG_LEVEL: 'info',
          SHUTDOWN_TIMEOUT_MS: '5000',
          SNAPSHOT_TIME_ZONE: 'Australia/Sydney',
          WORKER_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
          ...env,
        },
      });
      workers.push(worker);
      return worker;
    },
    async drop() {
      for (const worker of workers) await worker.stop({ signal: 'SIGKILL' });
      await db.close();
      await dropDatabase(provided.adminUrl, name);
    },
  };
}

/** Holds the table the snapshot job writes until release(): the job's INSERT waits behind the lock. */
export async function lockPortfolioDays(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "PortfolioDay" IN SHARE MODE');
  return {
    /** Ends the sessions waiting on the lock (the server would, once it noticed their client had died). */
    async endWaitingSessions() {
      await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
    },
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The id the worker logged when it took the job. */
export async function startedJobId(worker: NodeProcess): Promise<string> {
  const line = await worker.waitForOutput(/job portfolio-snapshot started/, 60_000);
  const id = (JSON.parse(line) as { id?: string }).id;
  if (!id) throw new Error(`no job id in: ${line}`);
  return id;
}

export async function jobState(boss: PgBoss, id: string) {
  const [job] = await boss.findJobs('portfolio-snapshot', { id });
  return job;
}
