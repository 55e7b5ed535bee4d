import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import type { DatabaseOutcome } from './database.ts';
import { checkSchemaDrift, summariseStatement } from './schema-drift.ts';

const URL_WITH_PASSWORD = 'postgresql://monitrax:pa55-w0rd@127.0.0.1:5432/monitrax';
const reachable: DatabaseOutcome = {
  target: { url: URL_WITH_PASSWORD, source: 'environment' },
  server: { version: '17.10', major: 17 },
  result: { name: 'database', status: 'ok', detail: '' },
};

describe('schema drift', () => {
  it('skips without a reachable database and does not plan', async () => {
    let planned = false;
    const world = fakeWorld({
      planSchema: async () => {
        planned = true;
        return { inSync: true, statements: [], warnings: [], undeclared: { tables: [], enums: [] }, declarationAdvice: [] };
      },
    });
    const unreachable: DatabaseOutcome = { target: reachable.target!, result: { name: 'database', status: 'fail', detail: '' } };
    expect(await checkSchemaDrift(world, unreachable)).toMatchObject({ status: 'skip' });
    expect(await checkSchemaDrift(world, { result: { name: 'database', status: 'skip', detail: '' } })).toMatchObject({ status: 'skip' });
    expect(planned).toBe(false);
  });

  it('is ok when the plan is empty', async () => {
    const result = await checkSchemaDrift(fakeWorld(), reachable);
    expect(result).toEqual({ name: 'schema', status: 'ok', detail: 'database matches prisma/schema.prisma' });
  });

  it('warns with the number of pending statements, the first few, and make db-sync', async () => {
    const statements = [
      'CREATE TYPE "LoanType" AS ENUM (\n  \'P_AND_I\'\n)',
      'CREATE TABLE "User" (id text)',
      'CREATE TABLE "Loan" (id text)',
      'CREATE INDEX a ON "Loan"(id)',
      'ALTER TABLE x',
    ];
    const world = fakeWorld({
      planSchema: async (url) =>
        url === URL_WITH_PASSWORD
          ? { inSync: false, statements, warnings: [], undeclared: { tables: [], enums: [] }, declarationAdvice: [] }
          : { inSync: true, statements: [], warnings: [], undeclared: { tables: [], enums: [] }, declarationAdvice: [] },
    });
    const result = await checkSchemaDrift(world, reachable);
    expect(result.status).toBe('warn');
    expect(result.detail.split('\n')).toEqual([
      'database differs from prisma/schema.prisma: 5 pending statements',
      'CREATE TYPE "LoanType" AS ENUM ( \'P_AND_I\' )',
      'CREATE TABLE "User" (id text)',
      'CREATE TABLE "Loan" (id text)',
      '… and 2 more',
    ]);
    expect(result.fix).toContain('make db-sync');
  });

  it("mentions Prisma's data-loss warnings", async () => {
    const world = fakeWorld({
      planSchema: async () => ({
        inSync: false,
        statements: ['ALTER TABLE "User" DROP COLUMN "x"'],
        warnings: ['You are about to drop the column `x`'],
        undeclared: { tables: [], enums: [] },
        declarationAdvice: [],
      }),
    });
    const result = await checkSchemaDrift(world, reachable);
    expect(result.detail).toContain('1 pending statement; Prisma warns that applying them loses data (1 warning)');
  });

  it('lists the tables and enums that nothing describes or declares, with the lines that keep them', async () => {
    const advice = ['To keep them, declare them in ...', "  export const EXTERNAL_TABLES: readonly string[] = ['public.legacy'];"];
    const world = fakeWorld({
      planSchema: async () => ({
        inSync: false,
        statements: ['DROP TABLE "legacy"'],
        warnings: [],
        undeclared: { tables: ['legacy'], enums: ['legacy_kind'] },
        declarationAdvice: advice,
      }),
    });
    const result = await checkSchemaDrift(world, reachable);
    expect(result.detail).toContain('not in the schema and not declared (Prisma plans to drop them): table legacy, enum legacy_kind');
    expect(result.fix).toContain(advice[1]);
  });

  it('fails when the plan cannot be computed, without the password', async () => {
    const world = fakeWorld({
      planSchema: async () => {
        throw new Error(`prisma migrate diff failed (exit 1): P1000 Authentication failed against ${URL_WITH_PASSWORD}\nmore`);
      },
    });
    const result = await checkSchemaDrift(world, reachable);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('P1000 Authentication failed');
    expect(result.detail).not.toContain('pa55-w0rd');
    expect(result.fix).toContain('migrate diff');
  });

  it('shortens long statements to one line', () => {
    expect(summariseStatement(`CREATE TABLE "x" (\n${'  "c" text,\n'.repeat(20)})`, 40)).toHaveLength(40);
  });
});
