// Squawk's findings in the plan, on tables that hold rows.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/sync/sync.ts';
import { seedExpense, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const { freshDatabase, schemaVariant, sync } = useSyncTestbed();

describe('Squawk in the plan', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  // Several runs of the CLI, each planning the whole schema: more than the default bound on a busy two-core machine.
  it('shows findings next to their statement on a table with rows: a warning goes ahead, a refusing rule stops the plan', async () => {
    const { url, client } = await freshDatabase();
    const indexed = await schemaVariant('expense-payee-index', (schema) => schema.replace(/(model Expense \{\n)/, '$1  @@index([payee])\n'));
    const rewritten = await schemaVariant('expense-volatile-default', (schema) =>
      schema.replace(/(model Expense \{\n)/, '$1  token      String    @default(dbgenerated("(gen_random_uuid())::text"))\n'),
    );
    const fresh = sync(url);
    await fresh.result;
    expect(fresh.lines.join('\n')).not.toContain('squawk'); // new tables: nothing to lock
    await seedExpense(client);

    const warned = sync(url, { schemaPath: indexed, backup: false });
    expect(await warned.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    const text = warned.lines.join('\n');
    expect(text).toMatch(/\[safe\] CREATE INDEX "Expense_payee_idx" ON "Expense"\("payee"\)\n\s+squawk require-concurrent-index-creation \(warns\): /);
    expect(text).toContain('CREATE INDEX CONCURRENTLY "Expense_payee_idx" ON "Expense"("payee");');

    const refused = sync(url, { schemaPath: rewritten, backup: false });
    expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
    expect(refused.lines.some((line) => /^\s+- squawk adding-field-with-default: /.test(line))).toBe(true);
    expect(await sync(url, { schemaPath: rewritten, backup: false, allowBreaking: true }).result).toMatchObject({ exitCode: EXIT.OK });
  });
});
