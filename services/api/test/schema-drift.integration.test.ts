// The `schema` check in /api/health, comparing the live database with prisma/schema.prisma for real.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createDatabase as createClient } from '@monitrax/database/create-db';
import { createSchemaDriftMonitor, summariseDrift } from '../src/health/schema-drift.ts';
import { planSchemaChange } from '@monitrax/schema-sync/sync/plan';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { memoryLogger, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function appWithMonitor(url: string, db = t.db) {
  const { logger, lines } = memoryLogger();
  const monitor = createSchemaDriftMonitor({ compare: () => planSchemaChange({ databaseUrl: url }), intervalMs: 0, logger });
  return { app: createApp({ config: testConfig, db, logger, healthChecks: [monitor] }), monitor, lines };
}

describe('schema check in /api/health', () => {
  it('passes when the live schema matches, with the schema hash', async () => {
    const { app, monitor } = appWithMonitor(t.database.url);
    await monitor.refresh();
    const response = await request(app).get('/api/health');
    const body = JSON.parse(response.text);
    expect(response.status).toBe(200);
    expect(body.status).toBe('pass');
    expect(body.checks.schema[0]).toMatchObject({ status: 'pass', observedUnit: 'schema hash', observedValue: expect.stringMatching(/^[0-9a-f]{12}$/) });
  });

  it('warns with a short summary when the database drifts, without failing readiness', async () => {
    const { adminUrl } = inject('testPostgres');
    const name = uniqueDatabaseName('monitrax_drift');
    await createDatabase(adminUrl, name);
    const url = databaseUrl(adminUrl, name);
    const db = createClient(url);
    try {
      const { app, monitor, lines } = appWithMonitor(url, db);
      expect(JSON.parse((await request(app).get('/api/health')).text).checks.schema[0].output).toBe('schema not compared yet');
      await monitor.refresh();
      const response = await request(app).get('/api/health');
      const body = JSON.parse(response.text);
      expect(response.status).toBe(200);
      expect(body.status).toBe('warn');
      expect(body.checks.schema[0].status).toBe('warn');
      expect(body.checks.schema[0].output).toMatch(/^\d+ pending schema change\(s\); run make db-sync \(the API log lists them\)$/);
      // No SQL in the public document; the statements are in the log.
      expect(response.text).not.toMatch(/CREATE|ALTER|"User"/);
      expect(lines.join('')).toContain('schema drift');
      expect(lines.join('')).toContain('CREATE TYPE');
    } finally {
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    }
  });

  it('does not compare on each request', async () => {
    let comparisons = 0;
    const monitor = createSchemaDriftMonitor({
      compare: async () => {
        comparisons += 1;
        return { inSync: true, statements: [], schemaHash: 'abcdefabcdef00' };
      },
      intervalMs: 0,
      logger: memoryLogger().logger,
    });
    const app = createApp({ config: testConfig, db: t.db, logger: memoryLogger().logger, healthChecks: [monitor] });
    await monitor.refresh();
    for (let i = 0; i < 5; i += 1) await request(app).get('/api/health');
    expect(comparisons).toBe(1);
  });
});

describe('summariseDrift', () => {
  it('counts the statements and says what to do, showing none of them', () => {
    expect(summariseDrift(['ALTER TABLE "User" DROP COLUMN "name"', 'B'])).toBe('2 pending schema change(s); run make db-sync (the API log lists them)');
  });
});
