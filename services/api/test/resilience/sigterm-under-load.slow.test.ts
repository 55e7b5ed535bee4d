// SIGTERM during load, as Render sends it to the old instance of a deploy: every request already being served
// finishes with its normal answer, new connections are refused, and the process exits 0 within
// SHUTDOWN_TIMEOUT_MS. The real server.ts process on a copy of the test database.
import { Agent } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { expense, http, registerUser, startApiProcess, summary, type HttpReply } from './support.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('SIGTERM under load', () => {
  it('finishes every in-flight request, refuses new connections and exits 0 in time', async () => {
    const api = await startApiProcess({ databaseUrl: database.url, env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) } });
    try {
      const user = await registerUser(api, 'sigterm');

      // Warm, established connections, so that the burst below is in flight on sockets the server has accepted.
      const BURST = 24;
      const agent = new Agent({ keepAlive: true, maxSockets: BURST });
      await Promise.all(Array.from({ length: BURST }, () => http({ port: api.port, path: '/api/health/live', agent })));

      // The burst: registrations (argon2 hashing keeps each busy for tens of ms) and writes, all at once.
      const started = new Map<number, Promise<HttpReply>>();
      for (let i = 0; i < BURST; i += 1) {
        const request =
          i % 2 === 0
            ? http({
                port: api.port,
                method: 'POST',
                path: '/api/auth/register',
                agent,
                body: { email: `burst-${i}-${Date.now()}@example.com`, password: 'resilience-password-1', name: `Burst ${i}` },
              })
            : http({ port: api.port, method: 'POST', path: '/api/expenses', agent, token: user.token, body: expense(i) });
        started.set(i, request);
      }
      // Once the first answer is back, the server has read every request of the burst: SIGTERM now.
      await Promise.race(started.values());
      const signalledAt = performance.now();
      api.child.kill('SIGTERM');
      await api.waitForLog(/shutting down/);

      // A new connection after the listener closed is refused.
      const late = await http({ port: api.port, path: '/api/health/live' }).then(
        (reply) => `answered ${reply.status}`,
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      );
      const replies = await Promise.allSettled(started.values());
      const { code, signal } = await api.exited;
      const exitMs = performance.now() - signalledAt;
      agent.destroy();

      const failed = replies.filter((reply) => reply.status === 'rejected' || ![200, 201, 202].includes(reply.value.status));
      expect(
        failed.map((reply) => (reply.status === 'rejected' ? String(reply.reason) : `${reply.value.status} ${reply.value.text}`)),
        'in-flight requests that failed',
      ).toEqual([]);
      expect(late).toBe('ECONNREFUSED');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(api.output()).toContain('shutdown complete');

      // Every acknowledged write is stored.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const expenses = Number((await client.query('SELECT count(*) FROM "Expense" WHERE "userId" = $1', [user.id])).rows[0].count);
      await client.end();
      expect(expenses).toBe(BURST / 2);
      summary('SIGTERM under load', {
        'requests in flight at SIGTERM': BURST,
        'faults injected': 1,
        'completed 2xx': replies.length - failed.length,
        'new connection after SIGTERM': late,
        'exit code': code ?? String(signal),
        'exit after (ms)': Math.round(exitMs),
        'rows checked': expenses,
      });
    } finally {
      await api.stop();
    }
  });
});
