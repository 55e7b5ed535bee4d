// The schema history replayed through the sync in push mode (db push's plan), with rows in every table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { planSchemaChange } from '../../../src/sync/plan.ts';
import { EXIT, syncSchema } from '../../../src/sync/sync.ts';
import { releases, rowCounts, seedEveryTable } from './history.ts';

const { adminUrl } = inject('testPostgres');
const name = uniqueDatabaseName('monitrax_replay_push');
let dir = '';
let client: pg.Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'monitrax-replay-'));
  await createDatabase(adminUrl, name);
  client = new pg.Client({ connectionString: databaseUrl(adminUrl, name) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await dropDatabase(adminUrl, name);
  await rm(dir, { recursive: true, force: true });
});

describe('replaying a schema history in push mode', () => {
  it('deploys every release with no flag, refuses every probe, and leaves nothing unapplied', async () => {
    const url = databaseUrl(adminUrl, name);
    const sync = async (schema: string, label: string) => {
      const schemaPath = path.join(dir, `${label.replace(/\W+/g, '-')}.prisma`);
      await writeFile(schemaPath, schema);
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
        log: (line) => lines.push(line),
      });
      return { result, lines, schemaPath };
    };
    const started = performance.now();
    const falseRefusals: string[] = [];
    const missedRefusals: string[] = [];
    let missedStatements = 0;
    const history = await releases();
    for (const release of history) {
      const { result, lines, schemaPath } = await sync(release.schema, release.name);
      if (result.exitCode !== EXIT.OK) falseRefusals.push(`${release.name}: ${result.message}\n${lines.join('\n')}`);
      else missedStatements += (await planSchemaChange({ databaseUrl: url, schemaPath })).statements.length;
      await seedEveryTable(client);
      for (const probe of release.probes) {
        const before = await rowCounts(client);
        const tried = await sync(probe.schema, probe.name);
        if (tried.result.exitCode !== EXIT.REFUSED) missedRefusals.push(`${probe.name}: ${tried.result.outcome}`);
        expect(await rowCounts(client)).toEqual(before);
      }
    }
    const probes = history.reduce((sum, release) => sum + release.probes.length, 0);
    console.log(
      `[replay] push mode: ${history.length} releases, ${probes} probes: ${falseRefusals.length} false refusal(s), ${missedRefusals.length} missed refusal(s), ${missedStatements} missed statement(s) (${Math.round((performance.now() - started) / 1000)} s)`,
    );
    expect(falseRefusals).toEqual([]);
    expect(missedRefusals).toEqual([]);
    expect(missedStatements).toBe(0);
  });
});
