// make check's review of schema changes on a project in migrate mode: it starts its own embedded PostgreSQL to
// replay the migrations, and names a schema change that no migration makes; in push mode it has nothing to do.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newMigration } from '@monitrax/schema-sync/migrate/new-migration';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';
import { reviewSchemaChanges } from '../src/parity/schema-changes.ts';

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n';
let dir = '';
const project = () => ({ configPath: path.join(dir, 'prisma.config.ts'), migrationsPath: path.join(dir, 'migrations'), externalTables: [], externalEnums: [] });
const git = (...args: string[]) =>
  execa('git', args, { cwd: dir, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'monitrax-check-review-'));
  await writeFile(path.join(dir, 'schema.prisma'), SCHEMA);
  await writeFile(
    path.join(dir, 'prisma.config.ts'),
    `export default { schema: ${JSON.stringify(path.join(dir, 'schema.prisma'))}, migrations: { path: ${JSON.stringify(path.join(dir, 'migrations'))} }, datasource: { url: process.env.DATABASE_URL } };\n`,
  );
  await git('init', '-q', '-b', 'main');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Starts two PostgreSQLs of its own and runs Prisma's schema engine.
describe('make check: schema changes', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('has nothing to review in push mode', async () => {
    expect(await reviewSchemaChanges({ project: project(), schemaPath: path.join(dir, 'schema.prisma') })).toEqual({
      name: 'schema changes: push mode (no migrations in migrations), nothing to review',
      problems: [],
    });
  });

  it('in migrate mode replays the migrations on its own PostgreSQL and names a schema change without its migration', async () => {
    const { adminUrl } = inject('testPostgres');
    await mkdir(path.join(dir, 'migrations'));
    const written = await newMigration({ name: 'init', databaseUrl: adminUrl, schemaPath: path.join(dir, 'schema.prisma'), project: project(), log: () => {} });
    expect(written.folder).toBeDefined();
    await git('add', '-A');
    await git('commit', '-qm', 'init');
    const options = { project: project(), schemaPath: path.join(dir, 'schema.prisma'), base: 'main' };
    expect((await reviewSchemaChanges(options)).problems).toEqual([]);

    await writeFile(path.join(dir, 'schema.prisma'), SCHEMA.replace('  body String\n', '  body String\n  pinned Boolean @default(false)\n'));
    expect((await reviewSchemaChanges(options)).problems).toEqual([
      expect.stringMatching(/^schema\.prisma has changes no migration makes \(1 statement\(s\), e\.g\. ALTER TABLE "Note" ADD COLUMN "pinned"/),
    ]);
  });
});
