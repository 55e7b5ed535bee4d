// Prisma's own CLI against a real PostgreSQL with the WebAssembly stand-in as its schema engine
// (PRISMA_SCHEMA_ENGINE_BINARY, set here so the stand-in is what gets tested, even on machines where the native
// engine is installed), with a guard that records any network access other than the database: the point of the
// stand-in is that no command needs binaries.prisma.sh.
//
// PostgreSQL comes from the integration project's globalSetup (inject('testPostgres')) or, when
// run without it, from TEST_DATABASE_URL. Each test works in databases of its own and drops them.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, SCHEMA_PATH as SCHEMA } from '@monitrax/database/paths';
import { splitPassword } from '@monitrax/database/url';
import { Prisma } from '@monitrax/database/client';
import { type RunPrismaResult, runPrisma } from '@monitrax/schema-sync/prisma-cli/prisma-cli';

const STAND_IN = fileURLToPath(new URL('../bin/schema-engine', import.meta.url));
/** One table per model of prisma/schema.prisma. */
const MODEL_TABLES = Object.values(Prisma.ModelName).sort();

function providedAdminUrl(): string | undefined {
  try {
    return inject('testPostgres')?.adminUrl;
  } catch {
    return undefined; // not running under the integration project's globalSetup
  }
}
const adminUrl = providedAdminUrl() ?? process.env.TEST_DATABASE_URL;

/**
 * Preloaded into every Node process of a CLI run (the CLI, the engine): appends to NET_GUARD_LOG
 * each DNS lookup or connection to a host other than the database's and the loopback, and to
 * ARGV_LOG the process's command line (what `ps` shows everyone), one JSON array per process.
 */
const NET_GUARD = `
import dns from 'node:dns';
import net from 'node:net';
import { appendFileSync, readFileSync } from 'node:fs';
if (process.env.ARGV_LOG) appendFileSync(process.env.ARGV_LOG, JSON.stringify(readFileSync('/proc/self/cmdline', 'utf8').split('\\0')) + '\\n');
const allowed = new Set(['', 'localhost', '::1', ...(process.env.NET_GUARD_ALLOW ?? '').split(',')]);
const isAllowed = (host) => host === undefined || host === null || allowed.has(String(host)) || /^127\\./.test(String(host)) || String(host).startsWith('/');
const record = (what) => appendFileSync(process.env.NET_GUARD_LOG, what + '\\n');
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!isAllowed(host)) record('dns.lookup ' + host);
  return lookup.call(this, host, ...rest);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const host = Array.isArray(first) ? first[0]?.host : typeof first === 'object' && first !== null ? (first.path ? '/' : first.host) : args[1];
  if (!isAllowed(host)) record('connect ' + host);
  return connect.apply(this, args);
};
`;

describe.skipIf(!adminUrl)("Prisma's CLI with the WebAssembly stand-in as its schema engine, against PostgreSQL", { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  const admin = adminUrl!;
  const scratch = mkdtempSync(join(tmpdir(), 'prisma-cli-it-'));
  const guardFile = join(scratch, 'net-guard.mjs');
  const guardLog = join(scratch, 'net-guard.log');
  const argvLog = join(scratch, 'argv.log');
  const created: string[] = [];

  beforeAll(() => {
    writeFileSync(guardFile, NET_GUARD);
    writeFileSync(guardLog, '');
  });

  afterAll(async () => {
    for (const name of created) await dropDatabase(admin, name);
    rmSync(scratch, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<string> {
    const name = uniqueDatabaseName('prisma_cli_it');
    await createDatabase(admin, name);
    created.push(name);
    return databaseUrl(admin, name);
  }

  function prisma(args: string[], url?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunPrismaResult> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: STAND_IN,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(guardFile)}`.trim(),
      NET_GUARD_LOG: guardLog,
      ARGV_LOG: argvLog,
      NET_GUARD_ALLOW: new URL(admin).hostname,
      ...extraEnv,
    };
    delete env.DATABASE_URL;
    if (url) env.DATABASE_URL = url;
    return runPrisma(args, { env, cwd: REPO_ROOT, capture: true });
  }

  async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  const tablesOf = async (url: string) =>
    (await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
      (row) => row.table_name,
    );

  const output = (result: RunPrismaResult) => `${result.stdout}\n${result.stderr}`;

  it('generates the client without any network access', async () => {
    // The project's schema, generating into a scratch folder: regenerating
    // services/database/src/generated/prisma in place could break test files that import it concurrently.
    const out = join(scratch, 'generated');
    const schema = join(scratch, 'generate.prisma');
    writeFileSync(schema, readFileSync(SCHEMA, 'utf8').replace(/output\s*=\s*"[^"]*"/, `output = ${JSON.stringify(out)}`));
    const result = await prisma(['generate', '--schema', schema]);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain('Generated Prisma Client');
    expect(existsSync(join(out, 'client.ts'))).toBe(true);
    expect(readFileSync(guardLog, 'utf8')).toBe('');
  });

  describe('on an empty database', () => {
    let url: string;
    beforeAll(async () => {
      url = await freshDatabase();
    });

    it('migrate diff from the database to the schema prints the CREATE TABLE script', async () => {
      const result = await prisma(['migrate', 'diff', '--from-config-datasource', '--to-schema', SCHEMA, '--script'], url);
      expect(result.code, output(result)).toBe(0);
      for (const table of MODEL_TABLES) expect(result.stdout).toContain(`CREATE TABLE "${table}"`);
      expect(result.stdout).toContain('CREATE TYPE "LoanType"');
      expect(await tablesOf(url)).toEqual([]); // diff only looks
    });

    it('db push creates the schema', async () => {
      const result = await prisma(['db', 'push'], url);
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toMatch(/in sync with your Prisma schema/);
      expect(await tablesOf(url)).toEqual(MODEL_TABLES);
    });

    it('takes the password from PGPASSWORD, so that no process of a db push has it in its arguments', async () => {
      // Prisma's CLI hands its engine the whole datasource URL as an argument (`ps` shows it); with the stand-in a
      // URL without a password works, the password going to node-postgres in PGPASSWORD.
      const { url: withoutPassword, password } = splitPassword(url);
      expect(password, 'the test database needs a password for this test to mean anything').toBeDefined();
      writeFileSync(argvLog, '');
      const result = await prisma(['db', 'push'], withoutPassword, { PGPASSWORD: password });
      expect(result.code, output(result)).toBe(0);
      const commandLines = readFileSync(argvLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string[]);
      const datasources = commandLines.flatMap((argv) =>
        argv.flatMap((arg, index) => (argv[index - 1] === '--datasource' ? [JSON.parse(arg) as { url: string }] : [])),
      );
      expect(datasources.length, 'the engine ran and was recorded').toBeGreaterThan(0);
      for (const datasource of datasources) expect(new URL(datasource.url).password).toBe('');
      for (const argv of commandLines) expect(argv.join(' ')).not.toContain(`:${encodeURIComponent(password!)}@`);
    });

    it('a second db push is a no-op', async () => {
      const result = await prisma(['db', 'push'], url);
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toContain('The database is already in sync with the Prisma schema');
      expect(await tablesOf(url)).toEqual(MODEL_TABLES);
    });

    it('migrate diff is empty once the database is in sync', async () => {
      const script = await prisma(['migrate', 'diff', '--from-config-datasource', '--to-schema', SCHEMA, '--script'], url);
      expect(script.code, output(script)).toBe(0);
      expect(script.stdout).not.toMatch(/\b(CREATE|ALTER|DROP)\b/);
      expect(script.stdout).toContain('-- This is an empty migration.');
      const exitCode = await prisma(['migrate', 'diff', '--from-config-datasource', '--to-schema', SCHEMA, '--exit-code'], url);
      expect(exitCode.code, output(exitCode)).toBe(0);
    });

    it('db pull reads the schema back (catalog queries with "char" columns)', async () => {
      const result = await prisma(['db', 'pull', '--print'], url);
      expect(result.code, output(result)).toBe(0);
      for (const table of MODEL_TABLES) expect(result.stdout).toContain(`model ${table} {`);
      expect(result.stdout).toMatch(/user\s+User\s+@relation\(fields: \[userId\], references: \[id\], onDelete: Cascade\)/);
    });
  });

  it('a destructive db push stops with the data-loss warning and leaves the data alone', async () => {
    const url = await freshDatabase();
    const withColor = join(scratch, 'with-color.prisma');
    const withoutColor = join(scratch, 'without-color.prisma');
    const model = (extra: string) =>
      `datasource db {\n  provider = "postgresql"\n}\n\nmodel Widget {\n  id   Int    @id @default(autoincrement())\n  name String\n${extra}}\n`;
    writeFileSync(withColor, model('  color String\n'));
    writeFileSync(withoutColor, model(''));

    const first = await prisma(['db', 'push', '--schema', withColor], url);
    expect(first.code, output(first)).toBe(0);
    await query(url, `INSERT INTO "Widget" (name, color) VALUES ('w1', 'red')`);

    const destructive = await prisma(['db', 'push', '--schema', withoutColor], url);
    expect(destructive.code).not.toBe(0);
    expect(output(destructive)).toMatch(/There might be data loss/);
    expect(output(destructive)).toMatch(/drop the column `color` on the `Widget` table, which still contains 1 non-null values/);
    expect(output(destructive)).toContain('--accept-data-loss');
    expect(await query(url, 'SELECT name, color FROM "Widget"')).toEqual([{ name: 'w1', color: 'red' }]);
  });

  it('migrate dev uses a real shadow database, drops it, and applies scripts with ";" inside literals', async () => {
    const url = await freshDatabase();
    const dir = join(scratch, 'migrate-dev');
    const schema = join(dir, 'schema.prisma');
    const model = (extra: string) =>
      `datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String @default("a;b")\n${extra}}\n`;
    mkdirSync(dir);
    writeFileSync(schema, model(''));

    const first = await prisma(['migrate', 'dev', '--name', 'init', '--schema', schema], url);
    expect(first.code, output(first)).toBe(0);
    // The second migration is checked against a shadow database replaying the first one; with
    // adapter-pg's own shadow connection that "shadow" was the main database.
    writeFileSync(schema, model('  size Int?\n'));
    const second = await prisma(['migrate', 'dev', '--name', 'add_size', '--schema', schema], url);
    expect(second.code, output(second)).toBe(0);
    expect(output(second)).not.toMatch(/drift/i);

    const columns = await query<{ column_name: string; column_default: string | null }>(
      url,
      `SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'Note' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', column_default: expect.stringContaining('nextval') },
      { column_name: 'body', column_default: "'a;b'::text" },
      { column_name: 'size', column_default: null },
    ]);
    const leftovers = await query(admin, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
    expect(leftovers).toEqual([]);

    const status = await prisma(['migrate', 'status', '--schema', schema], url);
    expect(status.code, output(status)).toBe(0);
    expect(status.stdout).toContain('Database schema is up to date');
  });

  it('resets a configured shadow database before replaying migrations into it', async () => {
    const url = await freshDatabase();
    const shadowUrl = await freshDatabase();
    const dir = join(scratch, 'configured-shadow');
    mkdirSync(join(dir, 'migrations', '0_init'), { recursive: true });
    const schema = join(dir, 'schema.prisma');
    writeFileSync(schema, `datasource db {\n  provider = "postgresql"\n}\n\nmodel Tag {\n  id Int @id\n}\n`);
    writeFileSync(
      join(dir, 'migrations', '0_init', 'migration.sql'),
      'CREATE TABLE "Tag" ("id" INTEGER NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));\n',
    );
    writeFileSync(join(dir, 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
    // A config of our own, to set datasource.shadowDatabaseUrl (the project's config has none).
    const config = join(dir, 'prisma.config.ts');
    writeFileSync(
      config,
      `export default { schema: ${JSON.stringify(schema)}, datasource: { url: process.env.DATABASE_URL, shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } };\n`,
    );
    const args = ['migrate', 'diff', '--config', config, '--from-migrations', join(dir, 'migrations'), '--to-schema', schema, '--script'];
    // The first run leaves the shadow database with the migrated tables; the second must start clean.
    for (let run = 0; run < 2; run++) {
      const result = await prisma(args, url, { SHADOW_DATABASE_URL: shadowUrl });
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toContain('-- This is an empty migration.');
    }
  });

  it('made no network access other than the database', () => {
    expect(readFileSync(guardLog, 'utf8')).toBe('');
  });
});
