// The `schema` check in /api/health against a real PostgreSQL: it reads the verified state the schema sync records
// (the catalog's fingerprint and the schema's hash), so an out-of-band change shows as `warn` and clears when undone.
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createDb } from '@monitrax/database/create-db';
import { createSchemaDriftMonitor, summariseDrift, verifiedStateComparison } from '../src/health/schema-drift.ts';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { asOperator, memoryLogger, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function appWithMonitor(url: string, db = t.db) {
  const { logger, lines } = memoryLogger();
  const monitor = createSchemaDriftMonitor({ compare: verifiedStateComparison(url), intervalMs: 0, logger });
  return { app: createApp({ config: testConfig, db, logger, healthChecks: [monitor], healthCacheMs: 0 }), monitor, lines };
}

async function schemaCheck(app: ReturnType<typeof appWithMonitor>['app']) {
  const response = await request(app).get('/api/health').set(asOperator);
  return { status: response.status, body: JSON.parse(response.text), text: response.text };
}

async function onDatabase(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('schema check in /api/health', () => {
  it('passes on a database the sync verified, with the schema hash', async () => {
    const { app, monitor } = appWithMonitor(t.database.url);
    await monitor.refresh();
    const { status, body } = await schemaCheck(app);
    expect(status).toBe(200);
    expect(body.status).toBe('pass');
    expect(body.checks.schema[0]).toMatchObject({
      status: 'pass',
      observedUnit: 'schema hash',
      observedValue: expect.stringMatching(/^[0-9a-f]{12}$/),
      mode: 'push',
    });
  });

  it('warns on an out-of-band change without failing readiness, and passes again once it is undone', async () => {
    const { app, monitor, lines } = appWithMonitor(t.database.url);
    await onDatabase(t.database.url, 'ALTER TABLE "Property" ADD COLUMN "note" text');
    try {
      await monitor.refresh();
      const { status, body, text } = await schemaCheck(app);
      expect(status).toBe(200);
      expect(body.status).toBe('warn');
      expect(body.checks.schema[0]).toMatchObject({ status: 'warn', output: summariseDrift({ everVerified: true, pending: 0, mode: 'push' }) });
      expect(text).not.toMatch(/ALTER|"Property"|note/);
      expect(lines.join('')).toContain('schema drift');
    } finally {
      await onDatabase(t.database.url, 'ALTER TABLE "Property" DROP COLUMN "note"');
    }
    await monitor.refresh();
    expect((await schemaCheck(app)).body.checks.schema[0].status).toBe('pass');
  });

  it('warns on a database the sync never verified', async () => {
    const { adminUrl } = inject('testPostgres');
    const name = uniqueDatabaseName('monitrax_drift');
    await createDatabase(adminUrl, name);
    const url = databaseUrl(adminUrl, name);
    await onDatabase(url, 'DROP SCHEMA IF EXISTS monitrax_ops CASCADE');
    const db = createDb(url);
    try {
      const { app, monitor } = appWithMonitor(url, db);
      expect((await schemaCheck(app)).body.checks.schema[0].output).toBe('schema not compared yet');
      await monitor.refresh();
      const { body } = await schemaCheck(app);
      expect(body.checks.schema[0]).toMatchObject({ status: 'warn', output: summariseDrift({ everVerified: false, pending: 0, mode: 'push' }) });
    } finally {
      await db.close();
      await dropDatabase(adminUrl, name);
    }
  });

  it('does not compare on each request', async () => {
    let comparisons = 0;
    const monitor = createSchemaDriftMonitor({
      compare: async () => {
        comparisons += 1;
        return { inSync: true, schemaHash: 'abcdefabcdef00', everVerified: true, pending: 0, mode: 'push' as const };
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
