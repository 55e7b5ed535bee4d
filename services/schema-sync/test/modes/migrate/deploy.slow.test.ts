// Migrate mode, end to end on a project of its own: db:migration writes each release's migration from the schema,
// the sync deploys the pending ones with Prisma's `migrate deploy` behind the same guards as a push (refused unless
// the file carries its marker), records each in schema_history, and shows PostgreSQL's own error when one fails.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newMigration } from '../../../src/migrate/new-migration.ts';
import { EXIT } from '../../../src/sync/sync.ts';
import { useFixture, V2, V3 } from './fixture.ts';

const fixture = useFixture({ migrate: true });

/** db:migration, judged against `databaseUrl` (by default a new empty database: no rows, no running release). */
const write = async (name: string, databaseUrl?: string) => {
  const lines: string[] = [];
  const result = await newMigration({
    name,
    databaseUrl: databaseUrl ?? (await fixture.database()).url,
    schemaPath: fixture.schemaPath,
    project: fixture.project,
    log: (line) => lines.push(line),
  });
  return { ...result, lines };
};

const applied = async (client: import('pg').Client) =>
  (await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`)).rows.map(
    (row) => row.migration_name,
  );

describe('migrate mode', () => {
  it('writes each release a migration, deploys the pending ones, records them, and is a no-op after', async () => {
    const init = await write('init');
    expect(init.exitCode).toBe(EXIT.OK);
    expect(path.basename(init.folder!)).toMatch(/^\d{14}_init$/);
    expect(init.lines.join('\n')).toContain('a deploy applies it as written');

    const { url, client } = await fixture.database();
    const first = fixture.sync(url);
    expect(await first.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(first.lines[0]).toBe(`mode: migrate (1 migration(s) in ${path.relative(process.cwd(), fixture.project.migrationsPath)})`);
    expect(first.lines.join('\n')).toContain('verified: Prisma plans nothing more after the change');
    expect(await applied(client)).toEqual([path.basename(init.folder!)]);

    await fixture.writeSchema(V2);
    const posts = await write('add_posts');
    expect(posts.lines.join('\n')).toMatch(/CREATE TABLE "Post"/);
    const check = fixture.sync(url, { mode: 'check' });
    expect(await check.result).toMatchObject({ exitCode: EXIT.DRIFT });
    expect(check.lines.join('\n')).toContain('1 migration(s) not applied yet');
    expect(await fixture.sync(url).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    const again = fixture.sync(url);
    expect(await again.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
    expect(again.lines.join('\n')).toContain('catalog unchanged since Prisma verified it');

    const history = await client.query(`SELECT outcome, migration, schema_text IS NOT NULL AS has_schema FROM monitrax_ops.schema_history ORDER BY id`);
    expect(history.rows).toEqual([
      { outcome: 'applied', migration: path.basename(init.folder!), has_schema: true },
      { outcome: 'applied', migration: path.basename(posts.folder!), has_schema: true },
    ]);
  });

  it('refuses a migration that loses data or breaks the running release unless the file says so, and takes no flag instead', async () => {
    const { url, client } = await fixture.database();
    expect(await fixture.sync(url).result).toMatchObject({ exitCode: EXIT.OK });
    await client.query(`INSERT INTO "User" (email, name, nickname) VALUES ('a@b.c', 'A', 'Ace')`);

    await fixture.writeSchema(V3);
    const drop = await write('drop_nickname', url);
    expect(drop.lines.join('\n')).toContain('a deploy would refuse it as written');

    const refused = fixture.sync(url);
    expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
    const output = refused.lines.join('\n');
    expect(output).toContain(
      'drops column User.nickname, which the running release reads (the release still serving fails on it; to accept that, mark the file: -- monitrax: allow-breaking: <reason>)',
    );
    expect(output).toContain('drops column User.nickname and its values (loses data; to accept that, mark the file: -- monitrax: accept-data-loss: <reason>)');
    expect((await client.query(`SELECT nickname FROM "User"`)).rows).toEqual([{ nickname: 'Ace' }]);

    const flagged = fixture.sync(url, { acceptDataLoss: ['User.nickname'] });
    expect(await flagged.result).toMatchObject({ exitCode: EXIT.ERROR });
    expect(flagged.lines.join('\n')).toContain('--accept-data-loss is for push mode');

    await writeFile(
      `${drop.folder!}/migration.sql`,
      `-- monitrax: accept-data-loss: nicknames were never shown anywhere\n-- monitrax: allow-breaking: the old release's nickname reads fail for the minute of the deploy\n${await fixture.readMigration(path.basename(drop.folder!))}`,
    );
    const marked = fixture.sync(url);
    expect(await marked.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(marked.lines.join('\n')).toContain('loses data, accepted by its marker (nicknames were never shown anywhere)');
    expect(await applied(client)).toHaveLength(3);
  });

  it("shows PostgreSQL's own error for a migration that fails, records it, and says how to go on", async () => {
    const { url, client } = await fixture.database();
    expect(await fixture.sync(url).result).toMatchObject({ exitCode: EXIT.OK });
    await client.query(`INSERT INTO "User" (email, name) VALUES ('a@b.c', 'A')`);
    const name = '29991231000000_seed_admin';
    await mkdir(path.join(fixture.project.migrationsPath, name));
    await writeFile(
      path.join(fixture.project.migrationsPath, name, 'migration.sql'),
      `-- monitrax: accept-data-loss: a data migration, reviewed\nINSERT INTO "User" (email, name) VALUES ('a@b.c', 'Admin');\n`,
    );
    const failed = fixture.sync(url);
    expect(await failed.result).toMatchObject({ exitCode: EXIT.ERROR, outcome: 'error' });
    const output = failed.lines.join('\n');
    expect(output).toContain(
      `failed: migration ${name}: PostgreSQL refused statement 1: ERROR 23505: duplicate key value violates unique constraint "User_email_key"`,
    );
    expect(output).toContain(`npx prisma migrate resolve --rolled-back ${name}`);
    const history = await client.query(`SELECT outcome, migration, detail FROM monitrax_ops.schema_history ORDER BY id DESC LIMIT 1`);
    expect(history.rows[0]).toMatchObject({ outcome: 'failed', migration: name, detail: expect.stringContaining('ERROR 23505') });
    expect((await client.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n).toBe(1);
    await import('node:fs/promises').then((fs) => fs.rm(path.join(fixture.project.migrationsPath, name), { recursive: true }));
  });
});
