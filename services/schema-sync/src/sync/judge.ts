// What the sync knows about statements before it changes anything, and how it says so: what each does to data
// (classify.ts), whether the release still serving fails on it (breaking.ts), Squawk's findings (lint.ts), the rows
// that would make it fail (row-checks.ts), undeclared tables (undeclared.ts); the plan's description and the
// refusal's explanation. The same judgement for a planned push and for a migration file.
import path from 'node:path';
import type pg from 'pg';
import { REPO_ROOT } from '@monitrax/database/paths';
import { labelBreaking } from './breaking.ts';
import { classifyStatement, targetTable, type Blocker, type ClassifiedStatement } from './classify.ts';
import { clientViewOf, type ClientView } from './client-view.ts';
import { serverMajorOf, tablesWithRows } from './database-facts.ts';
import type { RecordedSchema } from './history.ts';
import { lintStatements } from './lint.ts';
import type { SyncOptions } from './options.ts';
import type { SchemaPlan } from './plan.ts';
import { REPOSITORY_PROJECT } from './prisma-config.ts';
import { countViolations } from './row-checks.ts';
import { declarationAdvice, markUndeclaredDrops, undeclaredIn } from './undeclared.ts';
import { comparedSchemaOf } from './verified-state.ts';

/** The lines that keep the undeclared tables and enums a plan would drop (none when there are none). */
export function undeclaredAdvice(classified: readonly ClassifiedStatement[], options: SyncOptions): string[] {
  const project = options.project ?? REPOSITORY_PROJECT;
  return declarationAdvice(undeclaredIn(classified), comparedSchemaOf(options.databaseUrl), { tables: project.externalTables, enums: project.externalEnums });
}

/** One line per statement with its labels, then what stands behind each label. */
export function describeStatements(classified: readonly ClassifiedStatement[], log: (line: string) => void) {
  classified.forEach((statement, index) => {
    const firstLine = statement.sql.split('\n')[0]!.slice(0, 110);
    const breaking = statement.breaking.some((reason) => reason.refuses) ? ['breaking'] : statement.breaking.length > 0 ? ['breaking, warns'] : [];
    const labels = [statement.risk, ...breaking].join(', ');
    log(`  ${String(index + 1).padStart(2)}. [${labels}] ${firstLine}${statement.sql.includes('\n') ? ' ...' : ''}`);
    for (const finding of statement.findings) {
      if (finding.risk === 'safe') continue;
      const counted = finding.violations;
      const rows =
        counted === undefined
          ? ''
          : counted === null
            ? ' (rows not counted: tried as planned)'
            : counted.count === 0
              ? ' (no row stands in its way)'
              : ` (${counted.count} row(s) stand in its way)`;
      log(`        ${finding.reason}${rows}`);
    }
    for (const reason of statement.breaking) log(`        breaking${reason.refuses ? '' : ' (warns)'}: ${reason.reason}`);
    for (const finding of statement.lint) {
      log(`        squawk ${finding.rule} (${finding.level === 'refuse' ? 'refuses' : 'warns'}): ${finding.message}`);
      if (finding.help) log(`          ${finding.help}`);
    }
  });
}

export function describePlan(classified: readonly ClassifiedStatement[], plan: SchemaPlan, options: SyncOptions) {
  const { log } = options;
  log(`plan: ${classified.length} statement(s) to reach ${path.relative(REPO_ROOT, plan.schemaPath)} (schema ${plan.schemaHash.slice(0, 12)})`);
  describeStatements(classified, log);
  for (const warning of plan.warnings) log(`  prisma warns: ${warning}`);
  const undeclared = undeclaredIn(classified);
  if (undeclared.tables.length + undeclared.enums.length > 0) {
    const names = [...undeclared.tables.map((table) => `table ${table}`), ...undeclared.enums.map((name) => `enum ${name}`)];
    log(`undeclared: ${names.join(', ')}: in the database, described by no release's schema and not declared, so Prisma plans to drop them`);
  }
}

/** Why the release still serving would fail or stall: breaking statements, and Squawk findings that refuse. */
export const breakingOf = (classified: readonly ClassifiedStatement[]) =>
  classified.flatMap((statement) => [
    ...statement.breaking.filter((reason) => reason.refuses).map((reason) => reason.reason),
    ...statement.lint.filter((finding) => finding.level === 'refuse').map((finding) => `squawk ${finding.rule}: ${finding.message}`),
  ]);

/**
 * Squawk's findings on each statement that acts on a table holding rows: a lock or a rewrite of an empty (or new)
 * table is over at once, as a data-dependent statement there is harmless. A plan Squawk cannot read is said so
 * loudly and goes on unlinted.
 */
export async function lintPlan(classified: ClassifiedStatement[], client: pg.Client, options: SyncOptions): Promise<ClassifiedStatement[]> {
  try {
    const tables = classified.map((statement) => targetTable(statement.sql));
    const withRows = await tablesWithRows(client, comparedSchemaOf(options.databaseUrl), [...new Set(tables.filter((table) => table !== undefined))]);
    if (withRows.size === 0) return classified;
    const findings = await lintStatements(
      classified.map((statement) => statement.sql),
      { pgMajor: await serverMajorOf(client) },
    );
    return classified.map((statement, index) => {
      const table = tables[index];
      return table !== undefined && withRows.has(table) ? { ...statement, lint: findings[index] ?? [] } : statement;
    });
  } catch (error) {
    options.log(`warning: the plan was not linted (squawk: ${error instanceof Error ? error.message : String(error)})`);
    return classified;
  }
}

/** What the release still serving reads and writes (its recorded schema); without one, says why it is not known. */
export function runningView(running: RecordedSchema | undefined, log: (line: string) => void): ClientView | undefined {
  if (!running) {
    log(
      'note: no running release is recorded in monitrax_ops.schema_history (a new database, or synced by an older build): breaking changes are not judged this time',
    );
    return undefined;
  }
  try {
    return clientViewOf(running.schemaText);
  } catch (error) {
    log(
      `note: could not read the running release's schema (${error instanceof Error ? error.message : String(error)}): breaking changes are not judged this time`,
    );
    return undefined;
  }
}

/**
 * Everything the sync knows about a list of statements before it changes anything: what each does to data
 * (classify), whether the release still serving fails on it (breaking), Squawk's findings, and the rows that would
 * make a can-fail statement fail (row-checks).
 */
export async function judgeStatements(
  statements: readonly string[],
  client: pg.Client,
  running: RecordedSchema | undefined,
  options: SyncOptions,
  judgeOptions: { quiet?: boolean } = {},
): Promise<ClassifiedStatement[]> {
  const quietOptions = judgeOptions.quiet ? { ...options, log: () => {} } : options;
  const view = runningView(running, quietOptions.log);
  const classified = markUndeclaredDrops(statements.map(classifyStatement), view);
  const labelled = view ? labelBreaking(classified, view, { newEnumValues: options.newEnumValues ?? 'warn' }) : classified;
  const linted = await lintPlan(labelled, client, quietOptions);
  return countViolations(client, comparedSchemaOf(options.databaseUrl), linted, quietOptions.log);
}

/**
 * The same judgement without a database (a migration in review): no rows to count or to decide which tables Squawk
 * should look at, so every statement is linted as if its table held rows.
 */
export async function judgeWithoutDatabase(
  statements: readonly string[],
  running: ClientView | undefined,
  options: Pick<SyncOptions, 'newEnumValues'> & { pgMajor: number },
): Promise<ClassifiedStatement[]> {
  const classified = markUndeclaredDrops(statements.map(classifyStatement), running);
  const labelled = running ? labelBreaking(classified, running, { newEnumValues: options.newEnumValues ?? 'warn' }) : classified;
  const findings = await lintStatements(
    labelled.map((statement) => statement.sql),
    { pgMajor: options.pgMajor },
  );
  return labelled.map((statement, index) => ({ ...statement, lint: findings[index] ?? [] }));
}

/** Says why a plan is refused for data: what no flag lets through, and what --accept-data-loss must name. */
export function explainBlockers(
  classified: readonly ClassifiedStatement[],
  blockers: readonly Blocker[],
  accepted: ReadonlySet<string>,
  options: SyncOptions,
): { refused: boolean } {
  const { log } = options;
  const failing = blockers.filter((blocker) => blocker.kind === 'fails');
  const unnamed = blockers.filter((blocker) => blocker.kind === 'loses-data' && !accepted.has(blocker.name!));
  if (failing.length === 0 && unnamed.length === 0) return { refused: false };
  if (failing.length > 0) {
    log('refused: rows in the database would make this change fail (no flag changes that; nothing was changed):');
    for (const blocker of failing) {
      log(`  - ${blocker.reason}: ${blocker.violations!.count} row(s)`);
      for (const example of blocker.violations!.examples) log(`      ${example}`);
      log(`    fix: ${blocker.violations!.fix}`);
    }
  }
  if (unnamed.length > 0) {
    log('refused: this change would lose data:');
    for (const blocker of unnamed) log(`  - ${blocker.reason} [${blocker.name}]`);
    const names = [...new Set(blockers.filter((blocker) => blocker.kind === 'loses-data').map((blocker) => blocker.name!))];
    log(`Nothing was changed and no backup was needed. To go ahead knowingly (a backup is taken first): db:sync --accept-data-loss=${names.join(',')}`);
    for (const line of undeclaredAdvice(classified, options)) log(line);
  }
  return { refused: true };
}
