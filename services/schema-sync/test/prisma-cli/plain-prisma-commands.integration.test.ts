// The design doc's plain Prisma commands, as a person types them (`npx prisma ...` from the repository root, no
// wrapper): prisma.config.ts finds the database in DATABASE_URL; without one it names make dev's. Prisma uses the
// machine's schema engine: its native one, or the stand-in this machine's workarounds switch on (the Makefile
// exports PRISMA_SCHEMA_ENGINE_BINARY where Prisma's binary server cannot be reached). Against a real PostgreSQL.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { machineEnv } from '@monitrax/test-support/machine-env';
import { runToExit } from '@monitrax/test-support/run-to-exit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '@monitrax/database/paths';

const { adminUrl, templateDatabase } = inject('testPostgres');
// prisma.config.ts reads ./.env first: where a person's .env names a database, the fallback is not what runs.
const dotenvNamesDatabase = /^\s*DATABASE_URL\s*=/m.test(await readFile(path.join(REPO_ROOT, '.env'), 'utf8').catch(() => ''));
let name: string;
let url: string;
let workDir: string;

/** `npx prisma <args>` in the repository, with this Node first on PATH and nothing else Prisma-specific set. */
function npxPrisma(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runToExit('npx', ['prisma', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME, ...machineEnv(), ...env },
  });
}

beforeAll(async () => {
  name = uniqueDatabaseName('monitrax_npx');
  await createDatabase(adminUrl, name, templateDatabase);
  url = databaseUrl(adminUrl, name);
  workDir = await mkdtemp(path.join(tmpdir(), 'monitrax-npx-'));
});

afterAll(async () => {
  if (name) await dropDatabase(adminUrl, name);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('plain npx prisma', () => {
  it('db push finds the database in DATABASE_URL', async () => {
    const run = await npxPrisma(['db', 'push'], { DATABASE_URL: url });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain('The database is already in sync with the Prisma schema');
    expect(run.stdout + run.stderr).not.toContain('binaries.prisma.sh');
  });

  it('db pull --print reads the schema back', async () => {
    const run = await npxPrisma(['db', 'pull', '--print'], { DATABASE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/model Property \{/);
    expect(run.stdout).toMatch(/enum PropertyType \{/);
  });

  it('generate writes a client (here into a temporary folder, to leave the repository alone)', async () => {
    const schema = (await readFile(path.join(REPO_ROOT, 'prisma/schema.prisma'), 'utf8')).replace(
      /output\s*=\s*"[^"]*"/,
      `output = "${path.join(workDir, 'client')}"`,
    );
    const schemaPath = path.join(workDir, 'schema.prisma');
    await writeFile(schemaPath, schema);
    const run = await npxPrisma(['generate', '--schema', schemaPath]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/Generated Prisma Client/);
    expect(await readFile(path.join(workDir, 'client', 'client.ts'), 'utf8')).toContain('PrismaClient');
  });

  it.skipIf(dotenvNamesDatabase)("names make dev's database when nothing else does (skipped: .env names one), and says why it cannot reach it", async () => {
    const port = '1'; // nothing listens there: the point is which database the CLI was pointed at
    const run = await npxPrisma(['db', 'pull', '--print'], { PG_PORT: port });
    expect(run.stderr).toContain(
      `prisma.config.ts: no DATABASE_URL in the environment or .env; using make dev's database (${devDatabaseUrl(port).replace(':monitrax@', ':***@')})`,
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/Can't reach database server at `127\.0\.0\.1:1`/);
  });
});
