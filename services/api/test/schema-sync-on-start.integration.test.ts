// SCHEMA_SYNC_ON_START=true: server.ts runs the safe schema sync before it listens.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { machineEnv } from '@monitrax/test-support/machine-env';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';
import { TEST_JWT_SECRET } from './support/test-app.ts';
import { REPO_ROOT as root } from '@monitrax/database/paths';
import { Prisma } from '@monitrax/database/client';

const { adminUrl, templateDatabase } = inject('testPostgres');
const databases: string[] = [];

afterEach(async () => {
  for (const name of databases.splice(0)) await dropDatabase(adminUrl, name);
});

async function database(template?: string) {
  const name = uniqueDatabaseName('monitrax_onstart');
  await createDatabase(adminUrl, name, template);
  databases.push(name);
  return databaseUrl(adminUrl, name);
}

function startServer(url: string, port: number) {
  const child = spawn(process.execPath, ['services/api/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...machineEnv(),
      DATABASE_URL: url,
      JWT_SECRET: TEST_JWT_SECRET,
      PORT: String(port),
      NODE_ENV: 'test',
      SCHEMA_SYNC_ON_START: 'true',
      SCHEMA_CHECK_INTERVAL_MS: '0',
      BACKUP_DIR: path.join(root, 'test-results', 'onstart-backups'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

// Each test starts the API, which runs Prisma's schema engine before it listens.
describe('SCHEMA_SYNC_ON_START=true', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('syncs an empty database before listening, then serves', async () => {
    const url = await database();
    const port = await findFreePort();
    const server = startServer(url, port);
    const exited = once(server.child, 'exit');
    try {
      await new Promise<void>((resolve, reject) => {
        server.child.stdout.on('data', () => server.output().includes('listening on') && resolve());
        server.child.once('exit', (code) => reject(new Error(`exited ${code}: ${server.output()}`)));
      });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = (await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n;
      const history = (await client.query(`SELECT outcome FROM monitrax_ops.schema_history`)).rows;
      await client.end();
      expect(tables).toBe(Object.keys(Prisma.ModelName).length); // the models of prisma/schema.prisma
      expect(history).toEqual([{ outcome: 'applied' }]);
      expect(server.output().indexOf('applied')).toBeLessThan(server.output().indexOf('listening on'));
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    }
  });

  it('does not start when the sync refuses (exit 3): a column with data would be dropped', async () => {
    const url = await database(templateDatabase);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The live database has a column the schema does not know, holding data: the sync must refuse to drop it.
    await client.query(`ALTER TABLE "User" ADD COLUMN "legacyNotes" text;
      INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt", "legacyNotes") VALUES (gen_random_uuid(), 'x@y.z', 'h', 'X', now(), 'keep me')`);
    const server = startServer(url, await findFreePort());
    const [code] = await once(server.child, 'exit');
    const kept = (await client.query(`SELECT "legacyNotes" FROM "User"`)).rows;
    await client.end();
    expect(code).toBe(3);
    expect(server.output()).toContain('drops column User.legacyNotes');
    expect(server.output()).not.toContain('listening on');
    expect(kept).toEqual([{ legacyNotes: 'keep me' }]);
  });
});
