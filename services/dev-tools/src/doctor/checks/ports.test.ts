import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import type { HttpProbe } from '../types.ts';
import type { DatabaseOutcome } from './database.ts';
import { checkPorts, servicePorts } from './ports.ts';

const noDatabase: Promise<DatabaseOutcome> = Promise.resolve({ result: { name: 'database', status: 'skip', detail: '' } });
const health: HttpProbe = { kind: 'answered', status: 200, contentType: 'application/health+json', body: '{"status":"pass"}' };

describe('ports from the environment', () => {
  it('uses the defaults and honours WEB_PORT / API_PORT / PG_PORT', () => {
    expect(servicePorts({}).ports.map((entry) => entry.port)).toEqual([3000, 4000, 5432]);
    expect(servicePorts({ WEB_PORT: '3100', API_PORT: '4100', PG_PORT: '5433' }).ports.map((entry) => entry.port)).toEqual([3100, 4100, 5433]);
    expect(servicePorts({ API_PORT: 'abc', PG_PORT: '70000' })).toMatchObject({ invalid: ['API_PORT', 'PG_PORT'] });
  });
});

describe('ports check', () => {
  it('is ok when every port is free', async () => {
    expect(await checkPorts(fakeWorld(), noDatabase)).toEqual({
      name: 'ports',
      status: 'ok',
      detail: '3000 (web) free, 4000 (api) free, 5432 (postgres) free',
    });
  });

  it('warns about a port in use, naming it and how to find its owner', async () => {
    const world = fakeWorld({
      env: { API_PORT: '4100' },
      isPortFree: async (port) => port !== 4100,
      httpGet: async (port) => (port === 4100 ? { kind: 'timeout', timeoutMs: 2_000 } : { kind: 'refused' }),
    });
    const result = await checkPorts(world, noDatabase);
    expect(result.status).toBe('warn');
    expect(result.detail).toBe('3000 (web) free, 4100 (api) in use by something else, 5432 (postgres) free');
    expect(result.fix).toContain("ss -ltnp 'sport = :4100'");
    expect(result.fix).toContain('API_PORT=4101 make dev');
  });

  it('is ok when our own service holds the port and answers health', async () => {
    const world = fakeWorld({ isPortFree: async (port) => port !== 4000, httpGet: async (port) => (port === 4000 ? health : { kind: 'refused' }) });
    const result = await checkPorts(world, noDatabase);
    expect(result).toMatchObject({ status: 'ok', detail: '3000 (web) free, 4000 (api) API running, 5432 (postgres) free' });
  });

  it("is ok when make dev's PostgreSQL holds the postgres port", async () => {
    const world = fakeWorld({
      files: { '/repo/.data/postgres/postmaster.pid': '4242\n/repo/.data/postgres\n1700000000\n5432\n/tmp\n127.0.0.1\n' },
      isProcessAlive: (pid) => pid === 4242,
      isPortFree: async (port) => port !== 5432,
    });
    expect((await checkPorts(world, noDatabase)).detail).toContain("5432 (postgres) make dev's PostgreSQL (pid 4242)");
  });

  it('is ok when the postgres port is the DATABASE_URL server that answered', async () => {
    const database: Promise<DatabaseOutcome> = Promise.resolve({
      target: { url: 'postgresql://u:p@localhost:5432/db', source: 'environment' },
      server: { version: '17.10', major: 17 },
      result: { name: 'database', status: 'ok', detail: '' },
    });
    const world = fakeWorld({ isPortFree: async (port) => port !== 5432 });
    expect((await checkPorts(world, database)).detail).toContain('5432 (postgres) PostgreSQL running (the DATABASE_URL server)');
  });

  it('warns about a foreign PostgreSQL or a stale make dev pid on the postgres port', async () => {
    const world = fakeWorld({
      files: { '/repo/.data/postgres/postmaster.pid': '4242\n/repo/.data/postgres\n1700000000\n5432\n' },
      isProcessAlive: () => false,
      isPortFree: async (port) => port !== 5432,
      speaksPostgres: async () => true,
    });
    const result = await checkPorts(world, noDatabase);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain("5432 (postgres) in use by a PostgreSQL server that is not make dev's");
    expect(result.fix).toContain('PG_PORT=5433 make dev');
  });

  it('probes the postgres port only after the database check, so it never answers that check itself', async () => {
    const order: string[] = [];
    let release!: (outcome: DatabaseOutcome) => void;
    const database = new Promise<DatabaseOutcome>((resolve) => (release = resolve));
    const world = fakeWorld({
      isPortFree: async (port) => {
        order.push(`bind ${port}`);
        return true;
      },
    });
    const running = checkPorts(world, database);
    await new Promise((resolve) => setImmediate(resolve));
    order.push('database done');
    release({ result: { name: 'database', status: 'skip', detail: '' } });
    await running;
    expect(order.indexOf('bind 5432')).toBeGreaterThan(order.indexOf('database done'));
  });

  it('warns about an invalid port variable', async () => {
    const result = await checkPorts(fakeWorld({ env: { WEB_PORT: 'web' } }), noDatabase);
    expect(result.status).toBe('warn');
    expect(result.detail).toBe('WEB_PORT is not a port number, 4000 (api) free, 5432 (postgres) free');
    expect(result.fix).toContain('set WEB_PORT to a port number');
  });
});
