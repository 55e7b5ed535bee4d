// A small Prisma project of its own for the migrate mode's tests: a folder with schema.prisma, a prisma.config.ts
// (a plain object: no imports to resolve from a temporary folder), a migrations folder, and a git repository, plus
// databases on the run's PostgreSQL. Each test file makes its own.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import type { PrismaProject } from '../../../src/sync/prisma-config.ts';
import { syncSchema, type SyncOptions } from '../../../src/sync/sync.ts';

export const { adminUrl } = inject('testPostgres');

const HEAD = `datasource db {
  provider = "postgresql"
}
`;

/** v1: users. */
export const V1 = `${HEAD}
model User {
  id       Int     @id @default(autoincrement())
  email    String  @unique
  name     String
  nickname String?
}
`;

/** v2: posts, and users' posts. */
export const V2 =
  V1.replace('  nickname String?\n}', '  nickname String?\n  posts    Post[]\n}') +
  `
model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`;

/** v3: the nickname goes (it holds data, and the release still serving reads it). */
export const V3 = V2.replace('  nickname String?\n', '');

export interface Fixture {
  dir: string;
  schemaPath: string;
  project: PrismaProject;
  /** Writes schema.prisma. */
  writeSchema(text: string): Promise<void>;
  /** A new empty database; dropped after the test. */
  database(): Promise<{ url: string; client: pg.Client }>;
  sync(url: string, overrides?: Partial<SyncOptions>): { result: ReturnType<typeof syncSchema>; lines: string[] };
  git(...args: string[]): Promise<string>;
  readMigration(name: string): Promise<string>;
}

export function useFixture(options: { migrate: boolean }): Fixture {
  let dir = '';
  const created: string[] = [];
  const clients: pg.Client[] = [];
  const fixture: Fixture = {
    get dir() {
      return dir;
    },
    get schemaPath() {
      return path.join(dir, 'schema.prisma');
    },
    get project() {
      return { configPath: path.join(dir, 'prisma.config.ts'), migrationsPath: path.join(dir, 'migrations'), externalTables: [], externalEnums: [] };
    },
    writeSchema: (text) => writeFile(path.join(dir, 'schema.prisma'), text),
    async database() {
      const name = uniqueDatabaseName('monitrax_migrate');
      await createDatabase(adminUrl, name);
      created.push(name);
      const url = databaseUrl(adminUrl, name);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
      return { url, client };
    },
    sync(url, overrides = {}) {
      const lines: string[] = [];
      const result = syncSchema({
        databaseUrl: url,
        backupDir: path.join(dir, 'backups'),
        mode: 'apply',
        acceptDataLoss: [],
        backup: false,
        appVersion: 'test',
        waitTimeoutMs: 5_000,
        schemaPath: path.join(dir, 'schema.prisma'),
        project: fixture.project,
        log: (line) => lines.push(line),
        ...overrides,
      });
      return { result, lines };
    },
    async git(...args) {
      return (
        await execa('git', args, { cwd: dir, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } })
      ).stdout;
    },
    readMigration: (name) => readFile(path.join(dir, 'migrations', name, 'migration.sql'), 'utf8'),
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'monitrax-migrate-test-'));
    await writeFile(
      path.join(dir, 'prisma.config.ts'),
      `export default {
  schema: ${JSON.stringify(path.join(dir, 'schema.prisma'))},
  migrations: { path: ${JSON.stringify(path.join(dir, 'migrations'))} },
  datasource: { url: process.env.DATABASE_URL },
};
`,
    );
    await writeFile(path.join(dir, 'schema.prisma'), V1);
    if (options.migrate) await mkdir(path.join(dir, 'migrations'));
    await fixture.git('init', '-q', '-b', 'main');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end().catch(() => {});
    for (const name of created.splice(0)) await dropDatabase(adminUrl, name);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return fixture;
}
