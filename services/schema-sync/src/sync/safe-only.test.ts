import { describe, expect, it } from 'vitest';
import { classifyStatement } from './classify.ts';
import type { SchemaPlan } from './plan.ts';
import { safeOnlySplit, splitActions } from './safe-only.ts';

const plan = (statements: string[], units: number[] = statements.map((_, index) => index)): SchemaPlan => ({
  script: '',
  statements,
  units,
  warnings: [],
  schemaHash: 'x',
  schemaPath: 'schema.prisma',
  inSync: false,
});
const split = (statements: string[], rows: string[], units?: number[]) =>
  safeOnlySplit(plan(statements, units), statements.map(classifyStatement), new Set(rows));

describe('safeOnlySplit', () => {
  it('applies safe statements and leaves the ones that would lose data pending', () => {
    const statements = ['ALTER TABLE "Expense" ADD COLUMN "memo" TEXT', 'ALTER TABLE "Property" DROP COLUMN "notes"', 'CREATE INDEX "a" ON "Expense"("memo")'];
    expect(split(statements, ['Property', 'Expense'])).toEqual({ apply: [statements[0], statements[2]], pending: [statements[1]] });
  });

  it('applies a data-dependent statement on a table without rows (a new model with its unique index and foreign key)', () => {
    const statements = [
      'CREATE TABLE "Tag" ("id" TEXT NOT NULL, "name" TEXT NOT NULL, "userId" UUID NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"))',
      'CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name")',
      'ALTER TABLE "Tag" ADD CONSTRAINT "Tag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    ];
    expect(split(statements, ['User'])).toEqual({ apply: statements, pending: [] });
  });

  it('leaves a breaking statement pending, whatever its risk', () => {
    const statements = ['ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL'];
    const classified = [{ ...classifyStatement(statements[0]!), breaking: [{ reason: 'because the test says so', refuses: true }] }];
    expect(safeOnlySplit(plan(statements), classified, new Set())).toEqual({ apply: [], pending: statements });
  });

  it('holds back what depends on a held statement: the drop of a constraint it re-creates, an index on a column it adds', () => {
    const statements = [
      'ALTER TABLE "Property" DROP CONSTRAINT "Property_userId_fkey"',
      'DROP INDEX "Property_name_key"',
      'CREATE UNIQUE INDEX "Property_name_userId_key" ON "Property"("name", "userId")',
      'ALTER TABLE "Property" ADD CONSTRAINT "Property_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE',
      'ALTER TABLE "Loan" ADD COLUMN "code" TEXT NOT NULL',
      'CREATE INDEX "Loan_code_idx" ON "Loan"("code")',
      'ALTER TABLE "Expense" ADD COLUMN "memo" TEXT',
    ];
    expect(split(statements, ['Property', 'Loan', 'User', 'Expense'])).toEqual({ apply: [statements[6]], pending: statements.slice(0, 6) });
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
    expect(split(statements, ['Property', 'Loan'], [1, 1, 1, 1, 1, 3])).toEqual({ apply: [statements[5]], pending: statements.slice(0, 5) });
  });

  it('applies the safe action of a multi-action ALTER TABLE while the unsafe one waits (a revert that drops one column and adds another)', () => {
    const pieces = splitActions(
      plan(['ALTER TABLE "Expense" DROP COLUMN "note",\nADD COLUMN "label" TEXT', 'CREATE INDEX "Expense_label_idx" ON "Expense"("label")']),
    );
    expect(pieces.statements).toEqual([
      'ALTER TABLE "Expense" DROP COLUMN "note"',
      'ALTER TABLE "Expense" ADD COLUMN "label" TEXT',
      'CREATE INDEX "Expense_label_idx" ON "Expense"("label")',
    ]);
    expect(new Set(pieces.units).size).toBe(3);
    expect(safeOnlySplit(pieces, pieces.statements.map(classifyStatement), new Set(['Expense']))).toEqual({
      apply: pieces.statements.slice(1),
      pending: [pieces.statements[0]],
    });
  });

  it('keeps the pieces of an ALTER TABLE inside a BEGIN ... COMMIT in that unit', () => {
    const pieces = splitActions(
      plan(['CREATE TYPE "T_new" AS ENUM (\'A\')', 'ALTER TABLE "X" ALTER COLUMN "t" DROP DEFAULT, ALTER COLUMN "t" TYPE "T_new"'], [4, 4]),
    );
    expect(pieces.units).toEqual([4, 4, 4]);
  });

  it('holds a statement on another table that refers to a held table (a foreign key to its key)', () => {
    const statements = [
      'ALTER TABLE "Tag" ADD CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")',
      'ALTER TABLE "Note" ADD CONSTRAINT "Note_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id")',
      'CREATE INDEX "Loan_tagId_idx" ON "Loan"("tagId")',
    ];
    expect(split(statements, ['Tag'])).toEqual({ apply: [statements[2]], pending: statements.slice(0, 2) });
  });
});
