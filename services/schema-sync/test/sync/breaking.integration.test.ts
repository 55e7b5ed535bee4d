// Breaking changes, judged against the running release (the schema the newest applied sync recorded): refused on
// empty tables too, unless --allow-breaking; the expand/contract path goes through.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { EXIT } from '../../src/sync/sync.ts';
import { columnsOf, historyOf, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const { freshDatabase, syncedDatabase, schemaVariant, sync } = useSyncTestbed();

// Each test plans the whole schema several times (Prisma's schema engine, CPU-bound): a bound against a hang, not a
// speed goal, wide enough for two cores shared with the rest of the tier.
describe('breaking changes, judged against the running release', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  const ADDRESS = '  address       String\n';

  it('records the full schema of each applied sync: the running release', async () => {
    const { url, client } = await freshDatabase();
    await sync(url).result;
    const { rows } = await client.query(`SELECT schema_text, schema_hash FROM monitrax_ops.schema_history WHERE outcome = 'applied'`);
    expect(rows).toEqual([{ schema_text: await readFile(SCHEMA_PATH, 'utf8'), schema_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('refuses to drop a column the running release reads even on empty tables (exit 3, nothing touched), unless --allow-breaking', async () => {
    const { url, client } = await syncedDatabase();
    const withoutAddress = await schemaVariant('without-address', (schema) => schema.replace(ADDRESS, ''));
    const refused = sync(url, { schemaPath: withoutAddress });
    const result = await refused.result;
    expect(result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would break the running release' });
    expect(result.blockers).toEqual([]); // no rows: nothing would be lost, and yet it is refused
    expect(refused.lines).toContain('  - drops column Property.address, which the running release reads');
    expect(refused.lines.join('\n')).toContain('expand, then contract');
    expect(refused.lines.join('\n')).toMatch(/\[destructive, breaking\] ALTER TABLE "Property" DROP COLUMN "address"/);
    expect(await columnsOf(client, 'Property')).toContain('address');
    expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'refused' });

    const dryRun = sync(url, { schemaPath: withoutAddress, mode: 'dry-run' });
    await dryRun.result;
    expect(dryRun.lines).toContain('  would refuse without --allow-breaking: the running release would fail on it');

    const allowed = sync(url, { schemaPath: withoutAddress, allowBreaking: true });
    expect(await allowed.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(allowed.lines.some((line) => line.startsWith('breaking: applying 1 change(s)'))).toBe(true);
    expect(await columnsOf(client, 'Property')).not.toContain('address');
  });

  it.each([
    [
      'a new required column without a default',
      (schema: string) => schema.replace(ADDRESS, `${ADDRESS}  postcode      String\n`),
      /adds required column Property.postcode/,
    ],
    ['a type change', (schema: string) => schema.replace(ADDRESS, '  address       String       @db.VarChar(200)\n'), /changes the type of Property.address/],
    [
      'a removed enum value',
      (schema: string) => schema.replace(/enum PropertyType \{\n {2}HOME\n {2}INVESTMENT\n\}/, 'enum PropertyType {\n  HOME\n}'),
      /removes INVESTMENT from enum PropertyType/,
    ],
    [
      'a new NOT NULL',
      (schema: string) => schema.replace('  lvr             Decimal? @db.Decimal(8, 2)', '  lvr             Decimal  @db.Decimal(8, 2)'),
      /makes PortfolioDay.lvr required/,
    ],
  ])('refuses %s on empty tables', async (_name, edit, reason) => {
    const { url } = await syncedDatabase();
    const variant = await schemaVariant(`breaking-${_name.replace(/\W+/g, '-')}`, edit);
    const run = sync(url, { schemaPath: variant });
    expect(await run.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would break the running release' });
    expect(run.lines.some((line) => reason.test(line))).toBe(true);
  });

  it('goes through the contract path: @ignore in one release, the drop in the next (data loss still needs --accept-data-loss)', async () => {
    const { url, client } = await syncedDatabase();
    const ignored = await schemaVariant('address-ignored', (schema) => schema.replace(ADDRESS, '  address       String?      @ignore\n'));
    const dropped = await schemaVariant('address-dropped', (schema) => schema.replace(ADDRESS, ''));
    const expand = sync(url, { schemaPath: ignored });
    expect(await expand.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' }); // DROP NOT NULL: not breaking
    expect(expand.lines.join('\n')).not.toContain('breaking');
    await client.query(
      `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES ('00000000-0000-4000-8000-000000000001', 'c@d.e', 'x', 'C', now());
       INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", "updatedAt")
       VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'Home', '1 Old St', 'HOME', 1, '2020-01-01', 2, now())`,
    );

    const contract = sync(url, { schemaPath: dropped });
    const refused = await contract.result;
    expect(refused).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would lose data' });
    expect(contract.lines.join('\n')).not.toContain('breaking');
    expect(await columnsOf(client, 'Property')).toContain('address');

    expect(await sync(url, { schemaPath: dropped, acceptDataLoss: ['Property.address'], backup: false }).result).toMatchObject({
      exitCode: EXIT.OK,
      outcome: 'applied',
    });
    expect(await columnsOf(client, 'Property')).not.toContain('address');
  });

  it('a release whose schema needs no statement (an @ignore on an optional field) is still recorded as the running one', async () => {
    const { url, client } = await syncedDatabase();
    const revokedIgnored = await schemaVariant('revoked-ignored', (schema) =>
      schema.replace('  revokedAt DateTime? @db.Timestamptz(3)', '  revokedAt DateTime? @db.Timestamptz(3) @ignore'),
    );
    const revokedDropped = await schemaVariant('revoked-dropped', (schema) => schema.replace('  revokedAt DateTime? @db.Timestamptz(3)\n', ''));
    expect(await sync(url, { schemaPath: revokedIgnored }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
    expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', n: 0 });
    expect(await sync(url, { schemaPath: revokedDropped }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
  });
});
