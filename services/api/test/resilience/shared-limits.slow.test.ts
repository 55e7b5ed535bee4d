// The sign-in limits across real API processes (server.ts, as Render runs it) on one PostgreSQL: a client that
// alternates between two instances has one budget, not one per instance, and restarting instances (a deploy)
// gives it no new one. The default limits (50 sign-ins per client per 15 minutes); every attempt names a different
// unknown email, so only the per-client budget is spent.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_RATE_LIMITS } from '../../src/auth/rate-limits.ts';
import { type ApiProcess, http, ownPostgres, startApiProcess, summary } from './support.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function started(databaseUrl: string): Promise<ApiProcess> {
  const api = await startApiProcess({ databaseUrl });
  cleanups.push(() => api.stop());
  return api;
}

let attempts = 0;
const signIn = async (api: ApiProcess) => {
  attempts += 1;
  const reply = await http({
    port: api.port,
    method: 'POST',
    path: '/api/auth/login',
    body: { email: `nobody-${attempts}@example.com`, password: 'wrong-password' },
  });
  return { status: reply.status, code: (reply.json as { error?: { code?: string } | null })?.error?.code };
};

describe('sign-in limits shared by every API instance', () => {
  it('one budget across two processes, kept when both are restarted', async () => {
    const postgres = await ownPostgres();
    cleanups.push(() => postgres.remove());
    const [a, b] = await Promise.all([started(postgres.databaseUrl), started(postgres.databaseUrl)]);
    const limit = DEFAULT_AUTH_RATE_LIMITS.loginPerIp;

    const within: number[] = [];
    for (let i = 0; i < limit; i += 1) within.push((await signIn(i % 2 === 0 ? a : b)).status);
    expect(within.filter((status) => status === 401)).toHaveLength(limit);
    // Each instance has seen only half of the attempts; neither lets the next one through.
    expect(await signIn(a)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(await signIn(b)).toEqual({ status: 429, code: 'RATE_LIMITED' });

    // Counted in PostgreSQL, not in each process's fallback.
    for (const api of [a, b]) expect(api.output()).not.toMatch(/could not count/);

    // A deploy: both old processes gone (each drained and exited), then new ones on the same database.
    await Promise.all([a.stop(), b.stop()]);
    expect((await Promise.all([a.exited, b.exited])).map((exit) => exit.code)).toEqual([0, 0]);
    const [c, d] = await Promise.all([started(postgres.databaseUrl), started(postgres.databaseUrl)]);
    expect(await signIn(c)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(await signIn(d)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    await Promise.all([c.stop(), d.stop()]);

    summary('shared sign-in limits', { processes: 4, attempts, 'limit per client': limit, 'refused after the limit': 4 });
  });
});
