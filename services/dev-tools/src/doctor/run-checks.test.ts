import { describe, expect, it } from 'vitest';
import { fakeWorld } from './fake-world.ts';
import { DEFAULT_TIMEOUTS, guarded, runDoctor, withTimeout, type CheckTimeouts } from './run-checks.ts';
import type { HttpProbe } from './types.ts';

const NAMES = ['node', 'docker', 'compose', '.env', 'ports', 'database', 'schema', 'pg_dump', 'api health', 'web health'];
const short: CheckTimeouts = { quick: 100, docker: 100, ports: 100, database: 100, schema: 100, pgDump: 100, health: 100 };
const never = <T>() => new Promise<T>(() => {});

describe('runDoctor', () => {
  it('runs every check and returns them in a fixed order', async () => {
    const results = await runDoctor(fakeWorld());
    expect(results.map((result) => result.name)).toEqual(NAMES);
    expect(Object.fromEntries(results.map((result) => [result.name, result.status]))).toEqual({
      node: 'ok',
      docker: 'warn',
      compose: 'warn',
      '.env': 'skip',
      ports: 'ok',
      database: 'skip',
      schema: 'skip',
      pg_dump: 'warn',
      'api health': 'skip',
      'web health': 'skip',
    });
  });

  it('finishes on time when everything it talks to hangs, saying which checks ran out of time', async () => {
    const world = fakeWorld({
      env: { DATABASE_URL: 'postgresql://u:secret@127.0.0.1:5432/db' },
      run: () => never(),
      httpGet: () => never(),
      queryServer: () => never(),
      pgTools: { find: () => never(), installedMajors: () => never(), advice: () => '' },
    });
    const started = performance.now();
    const results = await runDoctor(world, short);
    expect(performance.now() - started).toBeLessThan(1_000);
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    expect(byName.docker).toMatchObject({ status: 'warn', detail: 'no result within 0.1 s' });
    expect(byName.database).toMatchObject({ status: 'fail', detail: 'no result within 0.1 s' });
    expect(byName.schema!.status).toBe('skip');
    expect(byName['api health']!.status).toBe('warn');
    expect(JSON.stringify(results)).not.toContain('secret');
  });

  it('reports a check that throws as a failure of that check only', async () => {
    const world = fakeWorld({
      readText: async () => {
        throw new Error('disk on fire');
      },
    });
    const results = await runDoctor(world);
    expect(results[0]).toMatchObject({ name: 'node', status: 'fail', detail: 'the check itself failed: disk on fire' });
    expect(results.filter((result) => result.status === 'fail')).toHaveLength(1);
  });

  it('feeds the database outcome to the schema and pg_dump checks', async () => {
    const asked: number[] = [];
    const world = fakeWorld({
      env: { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db' },
      queryServer: async () => ({ version: '18.1', major: 18 }),
      planSchema: async () => ({
        inSync: false,
        statements: ['CREATE TABLE "User" ()'],
        warnings: [],
        undeclared: { tables: [], enums: [] },
        declarationAdvice: [],
      }),
      pgTools: {
        find: async (minMajor) => {
          asked.push(minMajor);
          return undefined;
        },
        installedMajors: async () => [17],
        advice: () => 'get 18',
      },
    });
    const byName = Object.fromEntries((await runDoctor(world)).map((result) => [result.name, result]));
    expect(byName.database!.status).toBe('warn'); // 18 is not the project's 17
    expect(byName.schema).toMatchObject({ status: 'warn' });
    expect(byName.schema!.detail).toContain('1 pending statement');
    expect(asked).toEqual([18]);
  });

  it('asks each health endpoint once, sharing the answer between the ports and health checks', async () => {
    const asked: number[] = [];
    const probe: HttpProbe = { kind: 'answered', status: 200, contentType: 'application/health+json', body: '{"status":"pass","version":"0.1.0"}' };
    const world = fakeWorld({
      isPortFree: async (port) => port !== 4000,
      httpGet: async (port) => {
        asked.push(port);
        return port === 4000 ? probe : { kind: 'refused' };
      },
    });
    const byName = Object.fromEntries((await runDoctor(world)).map((result) => [result.name, result]));
    expect(byName.ports!.detail).toContain('4000 (api) API running');
    expect(byName['api health']).toMatchObject({ status: 'ok', detail: 'API running on :4000: pass (version 0.1.0)' });
    expect(asked.sort()).toEqual([3000, 4000]);
  });

  it('keeps the overall time limits to a few seconds', () => {
    const waitsForDatabase = DEFAULT_TIMEOUTS.database + Math.max(DEFAULT_TIMEOUTS.ports, DEFAULT_TIMEOUTS.pgDump);
    expect(waitsForDatabase).toBeLessThanOrEqual(12_000);
    expect(DEFAULT_TIMEOUTS.docker).toBeLessThanOrEqual(5_000);
    expect(DEFAULT_TIMEOUTS.health).toBeLessThanOrEqual(3_000);
  });
});

describe('time limits', () => {
  it('withTimeout resolves with the work when it is in time', async () => {
    expect(
      await withTimeout(
        async () => 'done',
        1_000,
        () => 'late',
      ),
    ).toBe('done');
  });

  it('guarded turns a timeout into a result with the chosen status', async () => {
    expect(await guarded('x', 10, () => never(), 'fail')).toMatchObject({ name: 'x', status: 'fail', detail: 'no result within 0.01 s' });
  });
});
