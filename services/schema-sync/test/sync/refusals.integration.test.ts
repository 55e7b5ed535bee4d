// The sync refuses only what rows really put at risk: a can-fail statement (foreign key, unique index, removed enum
// value) is judged by the rows that would make it fail, data loss goes ahead only for what --accept-data-loss names,
// an added enum value is labelled, and --safe-only takes the safe action out of a multi-action ALTER TABLE.
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/sync/sync.ts';
import { columnsOf, seedExpense, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const { syncedDatabase, schemaVariant, sync } = useSyncTestbed();

const EXPENSE_PAYEE = '  payee      String\n';
let uniquePayee: string;
let withoutAnnual: string;

beforeAll(async () => {
  uniquePayee = await schemaVariant('unique-payee', (schema) => schema.replace(EXPENSE_PAYEE, '  payee      String    @unique\n'));
  withoutAnnual = await schemaVariant('without-annual', (schema) => schema.replace('  QUARTERLY\n  ANNUAL\n}', '  QUARTERLY\n}'));
});

const indexesOf = async (client: import('pg').Client, table: string) =>
  (await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1`, [table])).rows.map((row) => row.indexname);

// Each test plans the whole schema several times (Prisma's schema engine, CPU-bound): a bound against a hang, not a
// speed goal, wide enough for two cores shared with the rest of the tier.
describe('a sync that refuses only what is really at risk', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('applies a foreign key on a column added in the same plan, on tables that hold rows (all NULL: it cannot fail)', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const linked = await schemaVariant('expense-account', (schema) =>
      schema
        .replace(EXPENSE_PAYEE, `${EXPENSE_PAYEE}  accountId  String?   @db.Uuid\n  account    Account?  @relation(fields: [accountId], references: [id])\n`)
        .replace(
          '  updatedAt   DateTime    @updatedAt @db.Timestamptz(3)\n',
          '  updatedAt   DateTime    @updatedAt @db.Timestamptz(3)\n  expenses    Expense[]\n',
        ),
    );
    const run = sync(url, { schemaPath: linked, backup: false });
    expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(run.lines.join('\n')).toMatch(/adds a foreign key on Expense \(fails if rows do not match\) \(no row stands in its way\)/);
    expect(await columnsOf(client, 'Expense')).toContain('accountId');
  });

  it('applies a unique index when no rows collide', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    expect(await sync(url, { schemaPath: uniquePayee, backup: false }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(await indexesOf(client, 'Expense')).toContain('Expense_payee_key');
  });

  it('refuses a unique index over duplicates with their count, the rows and the fix; no flag lets it through', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    await client.query(`INSERT INTO "Expense" (id, "userId", payee, category, amount, frequency, "updatedAt")
                        SELECT gen_random_uuid(), "userId", payee, 'Water', 310, 'QUARTERLY', now() FROM "Expense"`);
    for (const overrides of [{}, { acceptDataLoss: ['Expense', 'statement-1'], allowBreaking: true }]) {
      const run = sync(url, { schemaPath: uniquePayee, backup: false, ...overrides });
      expect(await run.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'rows would make the change fail' });
      const output = run.lines.join('\n');
      expect(output).toContain('refused: rows in the database would make this change fail (no flag changes that; nothing was changed)');
      expect(output).toContain('adds a unique index on Expense (fails on duplicates): 2 row(s)');
      expect(output).toMatch(/payee=Council/);
      expect(output).toContain('fix: make Expense.(payee) unique in these rows first');
    }
    expect(await indexesOf(client, 'Expense')).not.toContain('Expense_payee_key');
    const history = await client.query(`SELECT outcome, detail FROM monitrax_ops.schema_history ORDER BY id DESC LIMIT 1`);
    expect(history.rows[0]).toMatchObject({ outcome: 'refused', detail: expect.stringContaining('adds a unique index on Expense') });
  });

  it('refuses an enum value that rows still hold, counting them and saying no flag helps; without such rows it is only breaking', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client); // frequency ANNUAL
    const run = sync(url, { schemaPath: withoutAnnual, backup: false, allowBreaking: true, acceptDataLoss: ['Expense'] });
    expect(await run.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
    const output = run.lines.join('\n');
    expect(output).toContain('replaces enum Frequency to remove values (fails if rows hold them): 1 row(s)');
    expect(output).toMatch(/Expense\.frequency: 1 row\(s\), e\.g\. id=[0-9a-f-]+, frequency=ANNUAL/);
    expect(output).toContain('no flag can make this pass while rows hold ANNUAL');
    expect(output).toContain('expand: keep ANNUAL in the enum');
    expect(output).not.toMatch(/would lose data/);

    await client.query(`UPDATE "Expense" SET frequency = 'QUARTERLY'`);
    const breaking = sync(url, { schemaPath: withoutAnnual, backup: false });
    expect(await breaking.result).toMatchObject({ exitCode: EXIT.REFUSED, message: 'change would break the running release' });
    expect(await sync(url, { schemaPath: withoutAnnual, backup: false, allowBreaking: true }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    const labels = await client.query(
      `SELECT array_agg(enumlabel::text ORDER BY enumsortorder) AS labels FROM pg_enum WHERE enumtypid = '"Frequency"'::regtype`,
    );
    expect(labels.rows[0].labels).toEqual(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY', 'QUARTERLY']);
  });

  it('labels an added enum value breaking for the running release: it warns by default, and refuses when the policy says so', async () => {
    const daily = await schemaVariant('frequency-daily', (schema) => schema.replace('enum Frequency {\n', 'enum Frequency {\n  DAILY\n'));
    const { url } = await syncedDatabase();
    const refused = sync(url, { schemaPath: daily, backup: false, newEnumValues: 'refuse' });
    expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, message: 'change would break the running release' });
    const warned = sync(url, { schemaPath: daily, backup: false });
    expect(await warned.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(warned.lines.join('\n')).toMatch(/\[safe, breaking, warns\] ALTER TYPE "Frequency" ADD VALUE 'DAILY'/);
    expect(warned.lines.join('\n')).toContain('breaking (warns): adds DAILY to enum Frequency: the running release fails reading any row that holds it');
  });

  it('--accept-data-loss lets through exactly what it names: a plan that would also lose something else is refused', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const twoDrops = await schemaVariant('two-drops', (schema) => schema.replace(EXPENSE_PAYEE, '').replace(/\n {2}category {3}String\n/, '\n'));
    const partly = sync(url, { schemaPath: twoDrops, backup: false, allowBreaking: true, acceptDataLoss: ['Expense.category'] });
    expect(await partly.result).toMatchObject({ exitCode: EXIT.REFUSED, message: 'change would lose data' });
    const output = partly.lines.join('\n');
    expect(output).toContain('drops column Expense.payee and its values [Expense.payee]');
    expect(output).not.toContain('drops column Expense.category and its values [Expense.category]');
    expect(output).toContain('db:sync --accept-data-loss=Expense.category,Expense.payee');
    expect(await columnsOf(client, 'Expense')).toEqual(expect.arrayContaining(['category', 'payee']));

    const named = sync(url, { schemaPath: twoDrops, backup: false, allowBreaking: true, acceptDataLoss: ['Expense.payee', 'Expense.category', 'Loan'] });
    expect(await named.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(named.lines).toContain('accepted data loss (--accept-data-loss): Expense.category, Expense.payee');
    expect(named.lines).toContain('note: --accept-data-loss names Loan, which this plan does not lose');
    expect(await columnsOf(client, 'Expense')).not.toContain('payee');
  });

  it('--safe-only applies the safe action of a multi-action ALTER TABLE (a revert that drops one column and adds another)', async () => {
    const { url, client } = await syncedDatabase();
    const withNote = await schemaVariant('expense-note', (schema) => schema.replace(EXPENSE_PAYEE, `${EXPENSE_PAYEE}  note       String?\n`));
    const withLabel = await schemaVariant('expense-label', (schema) => schema.replace(EXPENSE_PAYEE, `${EXPENSE_PAYEE}  label      String?\n`));
    await sync(url, { schemaPath: withNote, backup: false }).result;
    await seedExpense(client);
    await client.query(`UPDATE "Expense" SET note = 'keep me'`);

    const revert = sync(url, { schemaPath: withLabel, safeOnly: true, backup: false });
    expect(await revert.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied', pending: ['ALTER TABLE "Expense" DROP COLUMN "note"'] });
    expect(await columnsOf(client, 'Expense')).toEqual(expect.arrayContaining(['label', 'note']));
    expect((await client.query(`SELECT note FROM "Expense"`)).rows).toEqual([{ note: 'keep me' }]);
  });
});
