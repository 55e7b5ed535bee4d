// The demo seed inside the API image, as render.yaml's initialDeployHook runs it in a preview environment, on a real
// postgres:17 container synced by the image's own schema sync: it refuses a production database, is a no-op with
// --if-preview outside a preview, seeds a preview's new database once, and refuses a "preview" database that already
// holds accounts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED_ENTRY } from '@monitrax/local-stack/entry-points';
import { openContainerSpace, startPostgresContainer, type ContainerSpace, type PostgresContainer } from '@monitrax/test-support/containers';
import { API_IMAGE, requireImages, runInApiImage, runSchemaSync } from './support.ts';

let space: ContainerSpace;
let postgres: PostgresContainer;
const DATABASE = 'monitrax';

beforeAll(async () => {
  await requireImages(API_IMAGE);
  space = await openContainerSpace({ needsNetwork: true });
  postgres = await startPostgresContainer(space, { user: 'monitrax', password: 'image-test-password', database: DATABASE });
  const synced = await runSchemaSync(space, postgres.urlFromContainers());
  if (synced.exitCode !== 0) throw new Error(`schema sync exited ${synced.exitCode}:\n${synced.output}`);
});

afterAll(async () => {
  await postgres?.stop();
  await space?.close();
});

async function emails(): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    return (await client.query<{ email: string }>('SELECT email FROM "User" ORDER BY email')).rows.map((row) => row.email);
  } finally {
    await client.end();
  }
}

const seed = (args: string[], env: Record<string, string>) =>
  runInApiImage(space, ['node', DEMO_SEED_ENTRY, ...args], {
    alias: 'seed',
    env: { NODE_ENV: 'production', DATABASE_URL: postgres.urlFromContainers(), ...env },
  });

describe(`${API_IMAGE}: the preview seed (initialDeployHook)`, () => {
  it('refuses a production database (exit 1), and --if-preview there writes nothing and exits 0', async () => {
    const refused = await seed([], {});
    expect(refused.exitCode, refused.output).toBe(1);
    expect(refused.output).toMatch(/refusing to seed demo data: NODE_ENV is production and this is not a Render preview environment/);
    const hook = await seed(['--if-preview'], { IS_PULL_REQUEST: 'false' });
    expect(hook.exitCode, hook.output).toBe(0);
    expect(hook.output).toMatch(/not a Render preview environment; production is never seeded/);
    expect(await emails()).toEqual([]);
  });

  it("seeds a preview's new database once", async () => {
    const first = await seed(['--if-preview'], { IS_PULL_REQUEST: 'true' });
    expect(first.exitCode, first.output).toBe(0);
    expect(first.output).toMatch(/created demo user demo@monitrax\.local/);
    const again = await seed(['--if-preview'], { IS_PULL_REQUEST: 'true' });
    expect(again.exitCode, again.output).toBe(0);
    expect(again.output).toMatch(/already exists/);
    expect(await emails()).toEqual(['demo@monitrax.local']);
  });

  it('refuses a preview whose database holds other accounts', async () => {
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    await client
      .query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), 'real@example.com', 'Real', 'x', now())`)
      .finally(() => client.end());
    const refused = await seed(['--if-preview'], { IS_PULL_REQUEST: 'true' });
    expect(refused.exitCode, refused.output).toBe(1);
    expect(refused.output).toMatch(/already holds 1 other account/);
  });
});
