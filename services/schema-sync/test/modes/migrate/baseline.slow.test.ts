// Moving a database that `db push` built to migrate mode: the sync in migrate mode refuses it until it is
// baselined; db:baseline writes 0_init from the schema the sync recorded and marks it applied; --mark-applied
// refuses a database that is not what 0_init builds.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { baseline } from '../../../src/migrate/baseline.ts';
import { readMigrations } from '../../../src/migrate/migrations.ts';
import { EXIT } from '../../../src/sync/sync.ts';
import { useFixture, V2 } from './fixture.ts';

const fixture = useFixture({ migrate: false });

const runBaseline = async (url: string, markAppliedOnly = false) => {
  const lines: string[] = [];
  const result = await baseline({ databaseUrl: url, markAppliedOnly, project: fixture.project, appVersion: 'test', log: (line) => lines.push(line) });
  return { ...result, lines };
};

describe('baselining a db push database', () => {
  it('refuses migrate mode on a database without migration history, then baselines it from the recorded schema', async () => {
    await fixture.writeSchema(V2);
    const { url, client } = await fixture.database();
    expect(await fixture.sync(url).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' }); // push mode: no migrations
    await client.query(`INSERT INTO "User" (email, name) VALUES ('a@b.c', 'A')`);

    const done = await runBaseline(url);
    expect(done.exitCode).toBe(EXIT.OK);
    expect(done.lines.join('\n')).toContain('writing 0_init from the schema this database was last synced with');
    expect(done.lines.join('\n')).toContain('baselined: 0_init is marked applied');
    const migrations = await readMigrations(fixture.project.migrationsPath);
    expect(migrations.map((migration) => migration.name)).toEqual(['0_init']);
    expect(migrations[0]!.sql).toContain('CREATE TABLE "Post"');
    expect((await client.query(`SELECT migration_name FROM "_prisma_migrations"`)).rows).toEqual([{ migration_name: '0_init' }]);

    // From now on the sync is in migrate mode and finds nothing to do; the rows are where they were.
    const sync = fixture.sync(url);
    expect(await sync.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
    expect((await client.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n).toBe(1);
    expect((await runBaseline(url, true)).lines.join('\n')).toContain('0_init is already applied here');
  }, 90_000);

  it('refuses migrate mode on another db push database of that schema until --mark-applied baselines it', async () => {
    const other = await fixture.database();
    await rm(fixture.project.migrationsPath, { recursive: true, force: true });
    expect(await fixture.sync(other.url).result).toMatchObject({ exitCode: EXIT.OK });
    // The files again, as the release that starts migrate mode carries them.
    const written = await fixture.database();
    expect(await fixture.sync(written.url).result).toMatchObject({ exitCode: EXIT.OK });
    expect((await runBaseline(written.url)).exitCode).toBe(EXIT.OK);
    const refused = fixture.sync(other.url);
    expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, message: 'database not baselined' });
    expect(refused.lines.join('\n')).toContain('docker compose run --rm schema npm run db:baseline -- --mark-applied');
    expect((await runBaseline(other.url, true)).exitCode).toBe(EXIT.OK);
    expect(await fixture.sync(other.url).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
  }, 90_000);

  it('--mark-applied refuses a database that is not what 0_init builds', async () => {
    const { url, client } = await fixture.database();
    await client.query(`CREATE TABLE "User" (id serial PRIMARY KEY, email text NOT NULL)`);
    const refused = await runBaseline(url, true);
    expect(refused.exitCode).toBe(EXIT.REFUSED);
    expect(refused.lines.join('\n')).toMatch(/refused: this database is not what 0_init builds; Prisma plans \d+ statement\(s\)/);
    expect((await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`)).rows[0].t).toBeNull();
  });
});
