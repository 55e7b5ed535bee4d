import { describe, expect, it } from 'vitest';
import { blockersOf, classifyStatement, tablesAtRisk } from './classify.ts';
import { parseMigrationScript } from './sql-statements.ts';

describe('classifyStatement', () => {
  it.each([
    ['CREATE TABLE "Note" (\n "id" UUID NOT NULL,\n CONSTRAINT "Note_pkey" PRIMARY KEY ("id")\n)', 'safe'],
    ['CREATE INDEX "Note_userId_idx" ON "Note"("userId")', 'safe'],
    ['CREATE TYPE "Colour" AS ENUM (\'RED\')', 'safe'],
    ['ALTER TYPE "Frequency" ADD VALUE \'DAILY\'', 'safe'],
    ['ALTER TABLE "Property" ADD COLUMN "notes" TEXT', 'safe'],
    ['ALTER TABLE "Property" ADD COLUMN "rooms" INTEGER NOT NULL DEFAULT 3', 'safe'],
    ['ALTER TABLE "Property" ALTER COLUMN "name" DROP NOT NULL', 'safe'],
    ['ALTER TABLE "Loan" DROP CONSTRAINT "Loan_propertyId_fkey"', 'safe'],
    ['DROP INDEX "Loan_propertyId_idx"', 'safe'],
    ['DROP TABLE "Expense"', 'destructive'],
    ['ALTER TABLE "Expense" DROP COLUMN "category"', 'destructive'],
    ['ALTER TABLE "Income" ALTER COLUMN "frequency" TYPE "Frequency_new" USING ("frequency"::text::"Frequency_new")', 'destructive'],
    ["CREATE TYPE \"Frequency_new\" AS ENUM ('WEEKLY', 'MONTHLY')", 'destructive'],
    ['ALTER TABLE "Property" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20)', 'data-dependent'],
    ['ALTER TABLE "Property" ALTER COLUMN "address" SET NOT NULL', 'data-dependent'],
    ['ALTER TABLE "Property" ADD COLUMN "council" TEXT NOT NULL', 'data-dependent'],
    ['CREATE UNIQUE INDEX "Property_name_key" ON "Property"("name")', 'data-dependent'],
    ['ALTER TABLE "Loan" ADD CONSTRAINT "Loan_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "Property"("id")', 'data-dependent'],
    ['TRUNCATE "Property"', 'unknown'],
    ['ALTER TABLE "Property" ADD PRIMARY KEY ("id")', 'unknown'],
    ['ALTER TABLE "Property" ADD UNIQUE ("name")', 'unknown'],
  ])('%s -> %s', (sql, risk) => {
    expect(classifyStatement(sql).risk).toBe(risk);
  });

  it('judges every action of a multi-action ALTER TABLE and names the table and column', () => {
    const classified = classifyStatement('ALTER TABLE "public"."Expense" DROP COLUMN "category",\nADD COLUMN "memo" TEXT');
    expect(classified.risk).toBe('destructive');
    expect(classified.findings).toEqual([
      {
        risk: 'destructive',
        reason: 'drops column Expense.category and its values',
        table: 'Expense',
        change: { kind: 'drop-column', table: 'Expense', column: 'category' },
      },
      { risk: 'safe', reason: 'adds column Expense.memo', change: { kind: 'add-column', table: 'Expense', column: 'memo', required: false, filled: false } },
    ]);
  });
});

describe('blockersOf', () => {
  const plan = ['ALTER TABLE "Expense" DROP COLUMN "category"', 'ALTER TABLE "Note" ADD COLUMN "body" TEXT NOT NULL', 'CREATE TABLE "X" ("id" INT)'].map(
    classifyStatement,
  );

  it('blocks risky statements only on tables that hold rows', () => {
    expect(tablesAtRisk(plan)).toEqual(['Expense', 'Note']);
    expect(blockersOf(plan, new Set())).toEqual([]);
    expect(blockersOf(plan, new Set(['Expense']))).toEqual([
      { statement: 'ALTER TABLE "Expense" DROP COLUMN "category"', reason: 'drops column Expense.category and its values', table: 'Expense' },
    ]);
  });

  it('always blocks what it does not understand', () => {
    expect(blockersOf([classifyStatement('DELETE FROM "Property"')], new Set())).toHaveLength(1);
  });
});

describe('parseMigrationScript', () => {
  it("splits Prisma's script into statements and keeps its warnings", () => {
    const script = [
      '/*',
      '  Warnings:',
      '',
      '  - You are about to drop the column `category` on the `Expense` table. All the data in the column will be lost.',
      '',
      '*/',
      '-- AlterTable',
      'ALTER TABLE "Expense" DROP COLUMN "category";',
      '',
      '-- AlterEnum',
      'BEGIN;',
      "CREATE TYPE \"Frequency_new\" AS ENUM ('WEEKLY', 'MONTHLY');",
      'COMMIT;',
      'ALTER TABLE "Note" ADD COLUMN "body" TEXT NOT NULL DEFAULT \'a;b\';',
      '',
    ].join('\n');
    const parsed = parseMigrationScript(script);
    expect(parsed.warnings).toEqual(['You are about to drop the column `category` on the `Expense` table. All the data in the column will be lost.']);
    expect(parsed.statements).toEqual([
      'ALTER TABLE "Expense" DROP COLUMN "category"',
      'BEGIN',
      "CREATE TYPE \"Frequency_new\" AS ENUM ('WEEKLY', 'MONTHLY')",
      'COMMIT',
      'ALTER TABLE "Note" ADD COLUMN "body" TEXT NOT NULL DEFAULT \'a;b\'',
    ]);
    expect(parseMigrationScript('-- This is an empty migration.\n\n').statements).toEqual([]);
  });
});
