// Squawk (the real squawk-cli binary) on statements as Prisma plans them: findings land on their statement, the
// levels come from SQUAWK_RULES, rules that are off never show, and the index advice names the CONCURRENTLY form.
import { describe, expect, it } from 'vitest';
import { concurrentIndexAdvice, levelOf, lintStatements } from '../../src/sync/lint.ts';

describe('lintStatements', () => {
  it('puts each finding on its statement, at its level, without the rules that are off', async () => {
    const statements = [
      'ALTER TABLE "Expense" ADD COLUMN "memo" TEXT',
      'CREATE INDEX "Expense_payee_idx" ON "Expense"("payee")',
      'ALTER TABLE "Property" ALTER COLUMN "address" SET DATA TYPE VARCHAR(200)',
      'ALTER TABLE "Loan" ADD CONSTRAINT "Loan_propertyId_fkey" FOREIGN KEY ("propertyId")\nREFERENCES "Property"("id") ON DELETE SET NULL ON UPDATE CASCADE',
    ];
    const findings = await lintStatements(statements, { pgMajor: 17 });
    expect(findings).toHaveLength(4);
    expect(findings[0]).toEqual([]);
    expect(findings[1]).toEqual([
      expect.objectContaining({
        rule: 'require-concurrent-index-creation',
        level: 'warn',
        help: expect.stringContaining('CREATE INDEX CONCURRENTLY "Expense_payee_idx" ON "Expense"("payee");'),
      }),
    ]);
    expect(findings[2]?.map((finding) => [finding.rule, finding.level])).toContainEqual(['changing-column-type', 'refuse']);
    expect(findings[3]?.map((finding) => finding.rule).sort()).toEqual(['adding-foreign-key-constraint', 'constraint-missing-not-valid']);
    for (const finding of findings.flat()) expect(levelOf(finding.rule)).not.toBe('off');
  });

  it("leaves out the rules no Prisma user can act on: DateTime's timestamp(3), autoincrement's SERIAL", async () => {
    const findings = await lintStatements(
      ['ALTER TABLE "Expense" ADD COLUMN "paidAt" TIMESTAMP(3)', 'ALTER TABLE "Expense" ADD COLUMN "number" SERIAL NOT NULL'],
      {
        pgMajor: 17,
      },
    );
    const rules = findings.flat().map((finding) => finding.rule);
    expect(rules).not.toContain('prefer-timestamp-tz');
    expect(rules).not.toContain('prefer-identity');
  });

  it('lints nothing for an empty plan', async () => {
    expect(await lintStatements([], { pgMajor: 17 })).toEqual([]);
  });

  it('says how to build an index concurrently by hand', () => {
    expect(concurrentIndexAdvice('CREATE UNIQUE INDEX "a" ON "T"("b");')).toContain('`CREATE UNIQUE INDEX CONCURRENTLY "a" ON "T"("b");`');
    expect(concurrentIndexAdvice('ALTER TABLE "T" ADD COLUMN "x" TEXT')).toBeUndefined();
  });
});
