import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import type { DatabaseOutcome } from './database.ts';
import { checkPgDump, pgDumpResult } from './pg-dump.ts';

const advice = (minMajor: number, found: number[]) => `need ${minMajor} (have ${found.join(',') || 'none'})\n  - make pg-client`;
const tools17 = { pgDump: '/usr/lib/postgresql/17/bin/pg_dump', major: 17, source: '/usr/lib/postgresql/17/bin' };
const noDatabase: DatabaseOutcome = { result: { name: 'database', status: 'skip', detail: '' } };
const server = (major: number): DatabaseOutcome => ({ server: { version: `${major}.1`, major }, result: { name: 'database', status: 'ok', detail: '' } });

describe('pg_dump decision', () => {
  it('is ok when a new enough pg_dump exists, naming it and what it was compared with', () => {
    expect(pgDumpResult({ serverMajor: undefined, tools: tools17, installedMajors: [], advice })).toEqual({
      name: 'pg_dump',
      status: 'ok',
      detail:
        "pg_dump 17 can dump PostgreSQL 17, the project's major (no database to compare with): /usr/lib/postgresql/17/bin/pg_dump, found via /usr/lib/postgresql/17/bin",
    });
    expect(pgDumpResult({ serverMajor: 16, tools: tools17, installedMajors: [], advice }).detail).toContain("can dump the server's PostgreSQL 16");
  });

  it('warns with the majors found and the advice as one fix', () => {
    const result = pgDumpResult({ serverMajor: 17, tools: undefined, installedMajors: [15], advice });
    expect(result.status).toBe('warn');
    expect(result.detail).toBe("no pg_dump 17+ for the server's PostgreSQL 17: found only pg_dump 15");
    expect(result.fix).toBe('need 17 (have 15)\n    - make pg-client');
  });

  it('says when PG_BIN_DIR narrowed the search', () => {
    const result = pgDumpResult({ serverMajor: undefined, tools: undefined, installedMajors: [], advice, pgBinDir: '/opt/pg/bin' });
    expect(result.detail).toContain('in PG_BIN_DIR (/opt/pg/bin), the only place looked when it is set: found none');
  });
});

describe('pg_dump check', () => {
  it('asks for the server major when the database answered, else 17', async () => {
    const asked: number[] = [];
    const world = fakeWorld({
      pgTools: {
        find: async (minMajor) => {
          asked.push(minMajor);
          return undefined;
        },
        installedMajors: async () => [15],
        advice,
      },
    });
    const withServer = await checkPgDump(world, Promise.resolve(server(18)));
    const without = await checkPgDump(world, Promise.resolve(noDatabase));
    expect(asked).toEqual([18, 17]);
    expect(withServer.fix).toContain('need 18 (have 15)');
    expect(without.fix).toContain('need 17 (have 15)');
  });

  it('does not list installed majors when one fits', async () => {
    let listed = false;
    const world = fakeWorld({
      pgTools: {
        find: async () => tools17,
        installedMajors: async () => {
          listed = true;
          return [];
        },
        advice,
      },
    });
    expect((await checkPgDump(world, Promise.resolve(server(17)))).status).toBe('ok');
    expect(listed).toBe(false);
  });
});
