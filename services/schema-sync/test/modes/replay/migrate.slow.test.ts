// The schema history replayed in migrate mode: each release's migration written by db:migration from the schema,
// deployed by the sync (prisma migrate deploy), with rows in every table.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { newMigration } from '../../../src/migrate/new-migration.ts';
import { replayMigrations, withScratchDatabase } from '../../../src/migrate/scratch.ts';
import { readMigrations } from '../../../src/migrate/migrations.ts';
import { planSchemaChange } from '../../../src/sync/plan.ts';
import type { PrismaProject } from '../../../src/sync/prisma-config.ts';
import { EXIT, syncSchema } from '../../../src/sync/sync.ts';
import { releases, rowCounts, seedEveryTable } from './history.ts';

const { adminUrl } = inject('testPostgres');
const name = uniqueDatabaseName('monitrax_replay_migrate');
let dir = '';
let client: pg.Client;
let project: PrismaProject;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'monitrax-replay-migrate-'));
  project = { configPath: path.join(dir, 'prisma.config.ts'), migrationsPath: path.join(dir, 'migrations'), externalTables: [], externalEnums: [] };
  await writeFile(
    project.configPath,
    `export default { schema: ${JSON.stringify(path.join(dir, 'schema.prisma'))}, migrations: { path: ${JSON.stringify(project.migrationsPath)} }, datasource: { url: process.env.DATABASE_URL } };\n`,
  );
  await mkdir(project.migrationsPath);
  await createDatabase(adminUrl, name);
  client = new pg.Client({ connectionString: databaseUrl(adminUrl, name) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await dropDatabase(adminUrl, name);
  await rm(dir, { recursive: true, force: true });
});

describe('replaying a schema history in migrate mode', () => {
  it('writes and deploys every release with no marker, refuses every probe, and leaves nothing unapplied', async () => {
    const url = databaseUrl(adminUrl, name);
    const schemaPath = path.join(dir, 'schema.prisma');
    const write = async (schema: string, label: string) => {
      await writeFile(schemaPath, schema);
      return newMigration({ name: label, databaseUrl: url, schemaPath, project, log: () => {} });
    };
    const sync = async (label: string) => {
      const lines: string[] = [];
      const result = await syncSchema({
        databaseUrl: url,
        backupDir: path.join(dir, 'backups'),
        mode: 'apply',
        acceptDataLoss: [],
        backup: false,
        appVersion: label,
        waitTimeoutMs: 5_000,
        schemaPath,
        project,
        log: (line) => lines.push(line),
      });
      return { result, lines };
    };
    const started = performance.now();
    const falseRefusals: string[] = [];
    const missedRefusals: string[] = [];
    let missedStatements = 0;
    const history = await releases();
    for (const [index, release] of history.entries()) {
      await write(release.schema, `release_${index + 1}`);
      const { result, lines } = await sync(release.name);
      if (result.exitCode !== EXIT.OK) falseRefusals.push(`${release.name}: ${result.message}\n${lines.join('\n')}`);
      else missedStatements += (await planSchemaChange({ databaseUrl: url, schemaPath, configPath: project.configPath })).statements.length;
      await seedEveryTable(client);
      for (const probe of release.probes) {
        const before = await rowCounts(client);
        const written = await write(probe.schema, 'probe');
        const tried = await sync(probe.name);
        if (tried.result.exitCode !== EXIT.REFUSED) missedRefusals.push(`${probe.name}: ${tried.result.outcome}`);
        expect(await rowCounts(client)).toEqual(before);
        if (written.folder) await rm(written.folder, { recursive: true });
      }
      await writeFile(schemaPath, release.schema);
    }
    // The migrations written along the way build the last release's schema from nothing, too.
    const rebuilt = await withScratchDatabase(adminUrl, async (scratch) => {
      await replayMigrations(scratch, await readMigrations(project.migrationsPath));
      return planSchemaChange({ databaseUrl: scratch, schemaPath, configPath: project.configPath });
    });
    expect(rebuilt.statements).toEqual([]);
    const probes = history.reduce((sum, release) => sum + release.probes.length, 0);
    console.log(
      `[replay] migrate mode: ${history.length} releases (${(await readMigrations(project.migrationsPath)).length} migrations), ${probes} probes: ${falseRefusals.length} false refusal(s), ${missedRefusals.length} missed refusal(s), ${missedStatements} missed statement(s) (${Math.round((performance.now() - started) / 1000)} s)`,
    );
    expect(falseRefusals).toEqual([]);
    expect(missedRefusals).toEqual([]);
    expect(missedStatements).toBe(0);
  });
});
