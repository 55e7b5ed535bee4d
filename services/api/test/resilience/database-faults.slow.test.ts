// Database faults against the real API process and a PostgreSQL of this file's own:
// - a restart under write load: readiness 503 during the outage and 200 after, the API never exits, writes during
//   the outage get 503 UNAVAILABLE (never 500), and every write that got a 2xx is in the database afterwards;
// - the database unreachable when the API starts: liveness and readiness 503 (a new instance that has never reached
//   its database takes no traffic), then both 200 once the database appears, with no restart of the API.
import { Agent } from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { eventually, expense, http, ownPostgres, registerUser, startApiProcess, summary, type ApiProcess, type OwnPostgres } from './support.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const readiness = (api: ApiProcess) => http({ port: api.port, path: '/api/health', timeoutMs: 5_000 }).then((reply) => reply.status);

describe('a database restart under write load', () => {
  it('answers 503 during the outage, recovers, never exits, and loses no acknowledged write', async () => {
    const postgres: OwnPostgres = await ownPostgres();
    cleanups.push(() => postgres.remove());
    const api = await startApiProcess({ databaseUrl: postgres.databaseUrl });
    cleanups.push(() => api.stop());
    const user = await registerUser(api, 'restart');

    const WRITERS = 4;
    const WRITES_AFTER_RECOVERY = 200; // the writers go on until this many writes followed the recovery
    const MAX_WRITES = 5_000; // and never beyond this: the loop stops by itself
    const REFUSED_BEFORE_RESTART = 20; // outage long enough for every writer to meet it several times
    const agent = new Agent({ keepAlive: true, maxSockets: WRITERS });
    const acknowledged = new Set<string>();
    const statuses = new Map<string, number>();
    let sent = 0;
    let sentAfterRecovery = 0;
    let acknowledgedAfterRecovery = 0;
    let refusedDuringOutage = 0;
    let networkErrors = 0;
    let phase: 'before' | 'outage' | 'after' = 'before';
    let faults = 0;
    const healthDuring: number[] = [];

    async function writer() {
      while (sent < MAX_WRITES && sentAfterRecovery < WRITES_AFTER_RECOVERY) {
        const n = sent++;
        const afterRecovery = phase === 'after';
        if (afterRecovery) sentAfterRecovery += 1;
        const reply = await http({ port: api.port, method: 'POST', path: '/api/expenses', body: expense(n), token: user.token, agent }).catch(() => undefined);
        if (!reply) {
          networkErrors += 1;
          continue;
        }
        const code = (reply.json as { error?: { code?: string } | null })?.error?.code ?? 'none';
        const key = `${reply.status} ${code}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (reply.status === 201) {
          acknowledged.add((reply.json as { data: { id: string } }).data.id);
          if (afterRecovery) acknowledgedAfterRecovery += 1;
        }
        if (reply.status === 503 && phase === 'outage') refusedDuringOutage += 1;
      }
    }

    async function fault() {
      // Let some writes land first, then take the database away.
      await eventually('first writes acknowledged', async () => acknowledged.size >= 50, 30_000, 20);
      phase = 'outage';
      faults += 1;
      await postgres.stop();
      await eventually('readiness turns 503', async () => (await readiness(api)) === 503, 10_000);
      healthDuring.push(503);
      await eventually('writes refused during the outage', async () => refusedDuringOutage >= REFUSED_BEFORE_RESTART, 20_000, 20);
      await postgres.start();
      await eventually('readiness back to 200', async () => (await readiness(api)) === 200, 30_000);
      phase = 'after';
    }

    const started = performance.now();
    await Promise.all([...Array.from({ length: WRITERS }, writer), fault()]);
    agent.destroy();

    expect(api.child.exitCode, 'the API process exited').toBeNull();
    expect(await readiness(api)).toBe(200);
    const serverErrors = [...statuses].filter(([key]) => key.startsWith('5') && !key.startsWith('503 UNAVAILABLE'));
    const errorLines = api
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
      .slice(0, 5)
      .join('\n');
    expect(serverErrors, `writes got a 5xx other than 503 UNAVAILABLE; the API logged:\n${errorLines}`).toEqual([]);
    expect(refusedDuringOutage).toBeGreaterThanOrEqual(REFUSED_BEFORE_RESTART);
    expect(sentAfterRecovery, 'writes sent after the recovery').toBe(WRITES_AFTER_RECOVERY);
    expect(acknowledgedAfterRecovery, 'writes after the recovery that succeeded').toBe(WRITES_AFTER_RECOVERY);
    expect(networkErrors, 'writes failed without an HTTP answer').toBe(0);

    // Every acknowledged write is in the database, and nothing else was written.
    const client = new pg.Client({ connectionString: postgres.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ id: string }>('SELECT id FROM "Expense" WHERE "userId" = $1', [user.id]);
      const stored = new Set(rows.rows.map((row) => row.id));
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost, 'acknowledged writes missing after the restart').toEqual([]);
      // A commit that landed as PostgreSQL went down may have lost its reply (the writer saw 503): such a row may
      // exist unacknowledged. Nothing else may.
      const unacknowledged = stored.size - acknowledged.size;
      expect(unacknowledged).toBeGreaterThanOrEqual(0);
      expect(unacknowledged).toBeLessThanOrEqual(statuses.get('503 UNAVAILABLE') ?? 0);
      summary('database restart under write load', {
        'requests sent': sent,
        'faults injected': faults,
        acknowledged: acknowledged.size,
        'refused with 503 during the outage': refusedDuringOutage,
        'sent after recovery': sentAfterRecovery,
        'rows checked': stored.size,
        lost: lost.length,
        'stored without a 2xx': unacknowledged,
        statuses: [...statuses].map(([key, count]) => `${key}=${count}`).join(' '),
        seconds: ((performance.now() - started) / 1000).toFixed(1),
      });
    } finally {
      await client.end();
    }
  });
});

describe('the database unreachable when the API starts', () => {
  it('is neither started nor ready, and becomes both when the database appears, without a restart', async () => {
    const port = await findFreePort();
    const postgres = await ownPostgres({ port, start: false });
    cleanups.push(() => postgres.remove());
    const api = await startApiProcess({ databaseUrl: postgres.databaseUrl });
    cleanups.push(() => api.stop());
    const pid = api.child.pid;

    const live = await http({ port: api.port, path: '/api/health/live' });
    expect(live.status).toBe(503);
    const notReady = await http({ port: api.port, path: '/api/health' });
    expect(notReady.status).toBe(503);
    expect((notReady.json as { status: string }).status).toBe('fail');
    const write = await http({
      port: api.port,
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'early@example.com', password: 'resilience-password-1', name: 'Early' },
    });
    expect(write.status).toBe(503);
    expect((write.json as { error: { code: string } }).error.code).toBe('UNAVAILABLE');

    await postgres.start();
    const waitedMs = await eventually('readiness 200 once PostgreSQL is up', async () => (await readiness(api)) === 200, 30_000);
    expect((await http({ port: api.port, path: '/api/health/live' })).status).toBe(200);
    expect(api.child.exitCode).toBeNull();
    expect(api.child.pid).toBe(pid);
    const user = await registerUser(api, 'late');
    expect(user.token).toBeTruthy();
    summary('database unreachable at API start', {
      'liveness while down': live.status,
      'readiness while down': notReady.status,
      'write while down': write.status,
      'ready after database start (ms)': Math.round(waitedMs),
      restarts: 0,
    });
  });
});
