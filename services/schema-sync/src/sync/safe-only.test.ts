import { describe, expect, it } from 'vitest';
import { classifyStatement } from './classify.ts';
import type { SchemaPlan } from './plan.ts';
import { safeOnlySplit } from './safe-only.ts';

const plan = (statements: string[], units: number[]): SchemaPlan => ({
  script: '',
  statements,
  units,
  warnings: [],
  schemaHash: 'x',
  schemaPath: 'schema.prisma',
  inSync: false,
});

describe('safeOnlySplit', () => {
  it('applies safe, non-breaking statements and leaves the rest pending', () => {
    const statements = ['ALTER TABLE "Expense" ADD COLUMN "memo" TEXT', 'ALTER TABLE "Property" DROP COLUMN "notes"', 'CREATE INDEX "a" ON "Expense"("memo")'];
    const classified = statements.map(classifyStatement);
    classified[0] = { ...classified[0]!, breaking: [] };
    expect(safeOnlySplit(plan(statements, [0, 1, 2]), classified)).toEqual({ apply: [statements[0], statements[2]], pending: [statements[1]] });
  });

  it('leaves a safe statement pending when it is breaking', () => {
    const statements = ['ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL'];
    const classified = [{ ...classifyStatement(statements[0]!), breaking: ['because the test says so'] }];
    expect(safeOnlySplit(plan(statements, [0]), classified)).toEqual({ apply: [], pending: statements });
  });

  it("keeps an enum swap whole: its safe renames wait with the value's removal", () => {
    const statements = [
      `CREATE TYPE "PropertyType_new" AS ENUM ('HOME')`,
      'ALTER TABLE "Property" ALTER COLUMN "type" TYPE "PropertyType_new" USING ("type"::text::"PropertyType_new")',
      'ALTER TYPE "PropertyType" RENAME TO "PropertyType_old"',
      'ALTER TYPE "PropertyType_new" RENAME TO "PropertyType"',
      'DROP TYPE "PropertyType_old"',
      'CREATE INDEX "b" ON "Loan"("type")',
    ];
    const split = safeOnlySplit(plan(statements, [1, 1, 1, 1, 1, 3]), statements.map(classifyStatement));
    expect(split).toEqual({ apply: [statements[5]], pending: statements.slice(0, 5) });
  });
});
