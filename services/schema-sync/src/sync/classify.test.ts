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
    ['ALTER TABLE "Income" ALTER COLUMN "frequency" TYPE "Frequency_new" USING ("frequency"::text::"Frequency_new")', 'safe'],
    ["CREATE TYPE \"Frequency_new\" AS ENUM ('WEEKLY', 'MONTHLY')", 'can-fail'],
    ['ALTER TABLE "Property" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20)', 'data-dependent'],
    ['ALTER TABLE "Property" ALTER COLUMN "address" SET NOT NULL', 'can-fail'],
    ['ALTER TABLE "Property" ADD COLUMN "council" TEXT NOT NULL', 'can-fail'],
    ['CREATE UNIQUE INDEX "Property_name_key" ON "Property"("name")', 'can-fail'],
    ['ALTER TABLE "Loan" ADD CONSTRAINT "Loan_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "Property"("id")', 'can-fail'],
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

describe('the rows a can-fail statement is checked against', () => {
  const checkOf = (sql: string) => classifyStatement(sql).findings[0]!.check;

  it('reads the columns of foreign keys, unique indexes and keys', () => {
    expect(
      checkOf('ALTER TABLE "Loan" ADD CONSTRAINT "Loan_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "public"."Property"("id") ON DELETE SET NULL'),
    ).toEqual({ kind: 'foreign-key', table: 'Loan', columns: ['propertyId'], references: 'Property', referencedColumns: ['id'] });
    expect(checkOf('CREATE UNIQUE INDEX "Property_userId_name_key" ON "Property"("userId", "name" DESC)')).toEqual({
      kind: 'unique',
      table: 'Property',
      columns: ['userId', 'name'],
      primaryKey: false,
    });
    expect(checkOf('ALTER TABLE "Tag" ADD CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")')).toEqual({
      kind: 'unique',
      table: 'Tag',
      columns: ['id'],
      primaryKey: true,
    });
    expect(checkOf('ALTER TABLE "Property" ALTER COLUMN "address" SET NOT NULL')).toEqual({ kind: 'not-null', table: 'Property', column: 'address' });
    expect(checkOf('ALTER TABLE "Property" ADD COLUMN "council" TEXT NOT NULL')).toEqual({ kind: 'every-row', table: 'Property' });
    expect(checkOf(`CREATE TYPE "Frequency_new" AS ENUM ('WEEKLY', 'MONTHLY')`)).toEqual({
      kind: 'enum-values',
      enumName: 'Frequency',
      remaining: ['WEEKLY', 'MONTHLY'],
    });
  });

  it('has no check for what it cannot read (an expression index): such a statement is tried', () => {
    expect(checkOf('CREATE UNIQUE INDEX "Property_lower_key" ON "Property"(lower("name"))')).toBeUndefined();
  });

  it('labels an added enum value safe, with the change the breaking judgement reads', () => {
    expect(classifyStatement(`ALTER TYPE "Frequency" ADD VALUE 'DAILY'`).findings).toEqual([
      { risk: 'safe', reason: 'adds DAILY to enum Frequency', change: { kind: 'enum-add', enumName: 'Frequency', value: 'DAILY' } },
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
      {
        statement: 'ALTER TABLE "Expense" DROP COLUMN "category"',
        reason: 'drops column Expense.category and its values',
        table: 'Expense',
        kind: 'loses-data',
        name: 'Expense.category',
      },
    ]);
  });

  it('always blocks what it does not understand, named by its position for --accept-data-loss', () => {
    expect(blockersOf([classifyStatement('CREATE INDEX "a" ON "X"("b")'), classifyStatement('DELETE FROM "Property"')], new Set())).toMatchObject([
      { kind: 'loses-data', name: 'statement-2' },
    ]);
  });

  it('blocks a can-fail statement only when rows were counted against it; uncounted (null) it is tried', () => {
    const [unique] = ['CREATE UNIQUE INDEX "Property_name_key" ON "Property"("name")'].map(classifyStatement);
    const withCount = (violations: { count: number; examples: string[]; fix: string } | null) => ({
      ...unique!,
      findings: unique!.findings.map((finding) => ({ ...finding, violations })),
    });
    expect(blockersOf([withCount({ count: 0, examples: [], fix: '' })], new Set(['Property']))).toEqual([]);
    expect(blockersOf([withCount(null)], new Set(['Property']))).toEqual([]);
    expect(blockersOf([withCount({ count: 2, examples: ['id=1, name=Home'], fix: 'dedupe' })], new Set(['Property']))).toMatchObject([
      { kind: 'fails', violations: { count: 2 } },
    ]);
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
