// Check 6: does the database match prisma/schema.prisma? Prisma computes the SQL that would take the
// database to the schema (services/schema-sync/src/sync/plan.ts); none means in sync.
import type { CheckResult, DoctorWorld } from '../types.ts';
import { scrubSecrets, type DatabaseOutcome } from './database.ts';

/** A plan takes 1-3 s (Prisma CLI start + diff); this is only the backstop for a hung one. */
export const SCHEMA_TIMEOUT_MS = 15_000;
export const SHOWN_STATEMENTS = 3;

/** First line of a statement, shortened: enough to recognise it. */
export function summariseStatement(statement: string, width = 90): string {
  const oneLine = statement.replace(/\s+/g, ' ').trim();
  return oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine;
}

export async function checkSchemaDrift(world: DoctorWorld, database: DatabaseOutcome): Promise<CheckResult> {
  const name = 'schema';
  if (!database.target || !database.server) {
    return { name, status: 'skip', detail: 'needs a reachable database (see database)' };
  }
  let plan;
  try {
    plan = await world.planSchema(database.target.url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lines = scrubSecrets(message, database.target.url)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return {
      name,
      status: 'fail',
      detail: `could not compare the database with prisma/schema.prisma: ${(lines.slice(0, 3).join(' ') || 'unknown error').slice(0, 400)}`,
      fix: 'see the whole error: npm run prisma -- migrate diff --from-config-datasource --to-schema prisma/schema.prisma --script',
    };
  }
  if (plan.inSync) return { name, status: 'ok', detail: 'database matches prisma/schema.prisma' };
  const count = plan.statements.length;
  const shown = plan.statements.slice(0, SHOWN_STATEMENTS).map((statement) => summariseStatement(statement));
  const more = count > SHOWN_STATEMENTS ? [`… and ${count - SHOWN_STATEMENTS} more`] : [];
  const loss =
    plan.warnings.length > 0 ? `; Prisma warns that applying them loses data (${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'})` : '';
  const { tables, enums } = plan.undeclared;
  const undeclared =
    tables.length + enums.length > 0
      ? [`not in the schema and not declared (Prisma plans to drop them): ${[...tables.map((t) => `table ${t}`), ...enums.map((e) => `enum ${e}`)].join(', ')}`]
      : [];
  return {
    name,
    status: 'warn',
    detail: [`database differs from prisma/schema.prisma: ${count} pending statement${count === 1 ? '' : 's'}${loss}`, ...shown, ...more, ...undeclared].join(
      '\n',
    ),
    fix: [
      'run `make db-sync` (plans, backs up, then applies; refuses a change that loses data unless told)',
      ...(undeclared.length > 0 ? ['if those tables belong to someone else, keep them:', ...plan.declarationAdvice] : []),
    ].join('\n'),
  };
}
