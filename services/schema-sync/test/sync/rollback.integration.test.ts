// The rollback: a reverted release deployed with --safe-only applies what is safe and leaves the rest pending.
import { beforeAll, describe, expect, it } from 'vitest';
import { readVerification } from '../../src/sync/verified-state.ts';
import { EXIT } from '../../src/sync/sync.ts';
import { additive, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const { syncedDatabase, schemaVariant, sync } = useSyncTestbed();
let additiveSchema: string;

beforeAll(async () => {
  additiveSchema = await schemaVariant('additive', additive);
});

describe('rollback: a reverted release with --safe-only', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('applies the safe statements, leaves the ones that would lose data or break the running release pending, and reports them', async () => {
    const { url, client } = await syncedDatabase();
    // The reverted release is the old schema plus one unrelated safe change (a new optional column elsewhere).
    const reverted = await schemaVariant('reverted-plus-memo', (schema) => schema.replace(/(model Expense \{\n)/, '$1  memo       String?\n'));
    await sync(url, { schemaPath: additiveSchema }).result; // release N: Property.notes and the Note table
    await client.query(
      `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES ('00000000-0000-4000-8000-000000000002', 'r@b.c', 'x', 'R', now());
       INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", notes, "updatedAt")
       VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000002', 'Home', '1 St', 'HOME', 1, '2020-01-01', 2, 'keep me', now())`,
    );

    // Without --safe-only the revert is refused: N still serves and reads what it would drop.
    expect(await sync(url, { schemaPath: reverted }).result).toMatchObject({ exitCode: EXIT.REFUSED });

    const revert = sync(url, { schemaPath: reverted, safeOnly: true, backup: false });
    const result = await revert.result;
    expect(result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(result.pending).toHaveLength(2);
    expect(revert.lines.filter((line) => line.startsWith('  pending: ')).sort()).toEqual([
      '  pending: ALTER TABLE "Property" DROP COLUMN "notes"',
      '  pending: DROP TABLE "Note"',
    ]);
    expect((await client.query(`SELECT notes FROM "Property"`)).rows).toEqual([{ notes: 'keep me' }]);
    expect((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Expense' AND column_name = 'memo'`)).rowCount).toBe(1);
    const recorded = (
      await client.query(
        `SELECT outcome, cardinality(statements) AS n, cardinality(pending) AS pending FROM monitrax_ops.schema_history ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0];
    expect(recorded).toEqual({ outcome: 'applied', n: 1, pending: 2 });

    // --check sees what is left (exit 2), and the API's schema check (readVerification) says it is pending.
    expect(await sync(url, { schemaPath: reverted, mode: 'check' }).result).toMatchObject({ exitCode: EXIT.DRIFT });
    expect(await readVerification(url, reverted)).toMatchObject({ verified: false, pending: 2 });

    // Deploying the reverted release again changes nothing and still leaves them pending.
    expect(await sync(url, { schemaPath: reverted, safeOnly: true, backup: false }).result).toMatchObject({ exitCode: EXIT.OK, pending: expect.any(Array) });

    // A person drops them later: the running release (the reverted one) does not read them, so it is only data loss.
    expect(await sync(url, { schemaPath: reverted, acceptDataLoss: ['Property.notes', 'Note'], backup: false }).result).toMatchObject({
      exitCode: EXIT.OK,
      outcome: 'applied',
    });
    expect(await readVerification(url, reverted)).toMatchObject({ verified: true, pending: 0 });
  });
});
