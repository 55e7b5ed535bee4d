// The API image's schema sync one-shot (compose's `schema` service, Render's preDeployCommand) on a real
// postgres:17 container: applies on an empty database, is a no-op the second time, and refuses (exit 3) a schema
// that would drop a column holding rows, leaving the rows as they were.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@monitrax/database/paths';
import { openContainerSpace, startPostgresContainer, type ContainerSpace, type PostgresContainer } from '@monitrax/test-support/containers';
import { API_IMAGE, requireImages, runSchemaSync } from './support.ts';

let space: ContainerSpace;
let postgres: PostgresContainer;
const DATABASE = 'monitrax';

beforeAll(async () => {
  await requireImages(API_IMAGE);
  space = await openContainerSpace({ needsNetwork: true });
  postgres = await startPostgresContainer(space, { user: 'monitrax', password: 'image-test-password', database: DATABASE });
});

afterAll(async () => {
  await postgres?.stop();
  await space?.close();
});

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe(`${API_IMAGE}: the schema sync one-shot`, () => {
  it('exits 0 on an empty database and creates the tables', async () => {
    const first = await runSchemaSync(space, postgres.urlFromContainers());
    expect(first.exitCode, first.output).toBe(0);
    expect(first.output).toMatch(/applied \d+ statement/);
    const tables = await query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['User', 'Property', 'Loan', 'Account', 'Income', 'Expense']));
  });

  it('exits 0 again as a no-op', async () => {
    const second = await runSchemaSync(space, postgres.urlFromContainers());
    expect(second.exitCode, second.output).toBe(0);
    expect(second.output).toMatch(/in sync/);
    expect(second.output).not.toMatch(/applied \d+ statement/);
  });

  it('exits 3 for a schema that would drop a column holding rows, and the rows stay', async () => {
    await query(`INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES (gen_random_uuid(), 'ann@example.com', 'x', 'Ann Example', now())`);
    const schema = readFileSync(`${REPO_ROOT}/prisma/schema.prisma`, 'utf8');
    const withoutName = schema.replace(/^(model User \{[\s\S]*?)\n\s+name\s+String\n/m, '$1\n');
    expect(withoutName, 'the test could not remove User.name from the schema').not.toBe(schema);

    const refused = await runSchemaSync(space, postgres.urlFromContainers(), { schema: withoutName });
    expect(refused.exitCode, refused.output).toBe(3);
    expect(refused.output).toMatch(/User.*name|name.*User/);
    const rows = await query<{ name: string }>('SELECT name FROM "User"');
    expect(rows).toEqual([{ name: 'Ann Example' }]);
  });
});
