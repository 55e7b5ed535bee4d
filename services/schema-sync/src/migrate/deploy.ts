// The schema sync in migrate mode: the pending migration files are the plan. Same guards as a push: each pending
// migration is judged (rows, the release still serving, Squawk) and refused (exit 3) when it would lose data or
// break that release, unless the file itself carries the marker for it (migrations.ts); a backup is taken first;
// Prisma's own `migrate deploy` applies them; each is recorded in schema_history; then Prisma's diff between the
// database and schema.prisma must be empty (what the drift check remembers). A failure is shown with the
// statement and PostgreSQL's own error (the failed migration run again in a transaction that is rolled back).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { runPrisma } from '../prisma-cli/prisma-cli.ts';
import { describeFailure, trialRun } from '../sync/apply.ts';
import { tableCountIn, tablesWithRows } from '../sync/database-facts.ts';
import { recordHistory, readRunningSchema } from '../sync/history.ts';
import { describeStatements, judgeStatements } from '../sync/judge.ts';
import { tablesAtRisk } from '../sync/classify.ts';
import { EXIT, timingsText, type SyncOptions, type SyncResult, type SyncTimings } from '../sync/options.ts';
import { hashSchemaFile, planSchemaChange } from '../sync/plan.ts';
import { REPOSITORY_PROJECT } from '../sync/prisma-config.ts';
import { parseMigrationScript } from '../sync/sql-statements.ts';
import { currentKey, recordRunningSchema, rememberIfUnchanged, takeBackup, verifyAfterApply, wasVerifiedSafe } from '../sync/steps.ts';
import { comparedSchemaOf } from '../sync/verified-state.ts';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { readAppliedMigrations, type MigrationFile } from './migrations.ts';
import { verdictFor } from './verdict.ts';

const statementsOf = (migration: MigrationFile) =>
  parseMigrationScript(migration.sql).statements.filter((statement) => !/^(BEGIN|COMMIT|START TRANSACTION)$/i.test(statement));

/**
 * Flags are for push mode: in migrate mode what a migration may lose is written in the file, and reviewed. (The
 * command line refuses --allow-breaking too; make dev passes it, where no older release serves.)
 */
function flagProblem(options: SyncOptions): string | undefined {
  if (options.acceptDataLoss.length > 0) return '--accept-data-loss';
  if (options.safeOnly) return '--safe-only (SCHEMA_SYNC_SAFE_ONLY)';
  return undefined;
}

export const BASELINE_ADVICE = [
  'The database was built by `prisma db push` (it has tables but no _prisma_migrations): baseline it once, so that migrate deploy',
  'starts from what is there instead of creating it again:',
  '  here or against any database you can reach:   make db-baseline   (DATABASE_URL=... npm run db:baseline)',
  '  in compose:                                    docker compose run --rm schema npm run db:baseline -- --mark-applied',
  '  on Render, from a checkout of this release:     DATABASE_URL=<the external URL> npm run db:baseline -- --mark-applied   (docs/schema-changes.md: migrate mode)',
];

export async function syncMigrations(client: pg.Client, options: SyncOptions, migrations: readonly MigrationFile[], started: number): Promise<SyncResult> {
  const { log } = options;
  const project = options.project ?? REPOSITORY_PROJECT;
  const schema = comparedSchemaOf(options.databaseUrl);
  const schemaPath = path.resolve(options.schemaPath ?? SCHEMA_PATH);
  const schemaHash = await hashSchemaFile(schemaPath);
  const flag = flagProblem(options);
  if (flag) {
    log(
      `error: ${flag} is for push mode; this project deploys migrations (${path.relative(process.cwd(), project.migrationsPath) || project.migrationsPath}): mark the migration file instead (-- monitrax: accept-data-loss: <reason> / -- monitrax: allow-breaking: <reason>), or roll back with a new migration`,
    );
    return { exitCode: EXIT.ERROR, outcome: 'error', message: `${flag} in migrate mode` };
  }

  const applied = await readAppliedMigrations(client, schema);
  if (!applied && (await tableCountIn(client, schema)) > 0) {
    log('refused: migrate mode, but this database has no migration history.');
    for (const line of BASELINE_ADVICE) log(line);
    return { exitCode: EXIT.REFUSED, outcome: 'refused', message: 'database not baselined' };
  }
  const failed = (applied ?? []).filter((migration) => !migration.finished && !migration.rolledBack);
  if (failed.length > 0) {
    for (const migration of failed) {
      log(`error: migration ${migration.name} failed earlier and is still marked failed in _prisma_migrations.`);
      log(`  Fix the file (or the rows it failed on), then: npx prisma migrate resolve --rolled-back ${migration.name}   and deploy again.`);
    }
    return { exitCode: EXIT.ERROR, outcome: 'error', message: 'a failed migration is unresolved' };
  }
  const done = new Set((applied ?? []).filter((migration) => migration.finished).map((migration) => migration.name));
  const local = new Set(migrations.map((migration) => migration.name));
  for (const name of done)
    if (!local.has(name)) log(`note: migration ${name} is applied here but not in this release (an older release's, or a rolled-back one)`);
  const pending = migrations.filter((migration) => !done.has(migration.name));

  if (pending.length === 0) return upToDate(client, options, { schemaHash, schemaPath }, started);

  // Judge every pending migration before anything changes: the rows as they are, the release still serving.
  const timings: SyncTimings = {};
  const judgeStarted = performance.now();
  const running = await readRunningSchema(client);
  const verdicts = [];
  log(`migrate: ${pending.length} pending migration(s) to reach ${path.basename(schemaPath)} (schema ${schemaHash.slice(0, 12)})`);
  for (const migration of pending) {
    const classified = await judgeStatements(statementsOf(migration), client, running, options);
    const withRows = await tablesWithRows(client, schema, tablesAtRisk(classified));
    const verdict = verdictFor(migration, classified, { known: true, tablesWithRows: withRows }, { breakingAllowed: options.allowBreaking ?? false });
    log(`migration ${migration.name}:`);
    describeStatements(classified, log);
    for (const note of verdict.notes) log(`        note: ${note}`);
    verdicts.push(verdict);
  }
  timings.planMs = performance.now() - judgeStarted;
  const allStatements = pending.flatMap(statementsOf);
  if (options.mode === 'check') {
    log(`drift: ${pending.length} migration(s) not applied yet (--check changes nothing)`);
    return { exitCode: EXIT.DRIFT, outcome: 'drift', message: 'pending migrations' };
  }
  const refusals = verdicts.flatMap((verdict) => verdict.refusals.map((reason) => `${verdict.migration}: ${reason}`));
  if (options.mode === 'dry-run') {
    for (const refusal of refusals) log(`  would refuse: ${refusal}`);
    log('dry run: nothing was changed');
    return { exitCode: EXIT.OK, outcome: 'planned', message: 'dry run' };
  }
  if (refusals.length > 0) {
    log('refused: nothing was changed, because:');
    for (const refusal of refusals) log(`  - ${refusal}`);
    await recordHistory(client, {
      schemaHash,
      schemaText: null,
      statements: allStatements,
      backupFile: null,
      appVersion: options.appVersion,
      outcome: 'refused',
      detail: refusals.join('; ').slice(0, 4000),
      durationMs: performance.now() - started,
      migration: pending.map((migration) => migration.name).join(', '),
    });
    return { exitCode: EXIT.REFUSED, outcome: 'refused', message: 'a pending migration would lose data or break the running release' };
  }

  const backupStarted = performance.now();
  const backup = await takeBackup(client, options, { schemaHash, schemaPath });
  timings.backupMs = performance.now() - backupStarted;
  if (!backup.ok) return { exitCode: EXIT.ERROR, outcome: 'error', message: 'no suitable pg_dump for the pre-sync backup' };

  const applyStarted = performance.now();
  const deploy = await runPrisma(['migrate', 'deploy', '--config', project.configPath], {
    cwd: path.dirname(project.configPath),
    env: { ...(options.env ?? process.env), DATABASE_URL: options.databaseUrl },
    capture: true,
  });
  timings.applyMs = performance.now() - applyStarted;
  const nowApplied = new Set(
    ((await readAppliedMigrations(client, schema)) ?? []).filter((migration) => migration.finished).map((migration) => migration.name),
  );
  const schemaText = await readFile(schemaPath, 'utf8');
  for (const [index, migration] of pending.entries()) {
    if (!nowApplied.has(migration.name)) continue;
    await recordHistory(client, {
      schemaHash,
      // The release's schema goes with its last migration: the running release the next deploy is judged against.
      schemaText: index === pending.length - 1 ? schemaText : null,
      statements: statementsOf(migration),
      backupFile: backup.file,
      appVersion: options.appVersion,
      outcome: 'applied',
      detail: `migration ${migration.name}`,
      durationMs: performance.now() - started,
      migration: migration.name,
    });
  }
  if (deploy.code !== 0) {
    const failedMigration = pending.find((migration) => !nowApplied.has(migration.name));
    const prismaSaid = `${deploy.stdout}\n${deploy.stderr}`
      .split('\n')
      .filter((line) => line.trim() && !/^\s+(at |\d+: )/.test(line) && !line.startsWith('Loaded Prisma config'))
      .slice(-6)
      .join(' | ');
    const failure = failedMigration ? await trialRun(client, schema, statementsOf(failedMigration)) : undefined;
    const message = failure ? `migration ${failedMigration!.name}: ${describeFailure(failure)}` : `prisma migrate deploy exited ${deploy.code}: ${prismaSaid}`;
    log(`failed: ${message}`);
    if (failure) log(`  (prisma migrate deploy said: ${prismaSaid})`);
    if (failedMigration)
      log(`  Fix it, then: npx prisma migrate resolve --rolled-back ${failedMigration.name}   and deploy again. The backup: ${backup.file ?? 'none'}`);
    await recordHistory(client, {
      schemaHash,
      schemaText: null,
      statements: failedMigration ? statementsOf(failedMigration) : [],
      backupFile: backup.file,
      appVersion: options.appVersion,
      outcome: 'failed',
      detail: message.slice(0, 4000),
      durationMs: performance.now() - started,
      ...(failedMigration ? { migration: failedMigration.name } : {}),
    });
    return { exitCode: EXIT.ERROR, outcome: 'error', message, timings, ...(backup.file ? { backupFile: backup.file } : {}) };
  }
  const checkStarted = performance.now();
  await verifyAfterApply(client, options, { schemaHash, schemaPath });
  timings.checkMs = performance.now() - checkStarted;
  log(
    `applied ${pending.length} migration(s) in ${Math.round(performance.now() - started)} ms (${timingsText(timings)}); recorded in monitrax_ops.schema_history`,
  );
  return { exitCode: EXIT.OK, outcome: 'applied', message: 'applied', timings, ...(backup.file ? { backupFile: backup.file } : {}) };
}

/**
 * Nothing pending: the database should be what the migrations and schema.prisma describe. Known when the verified
 * catalog is unchanged; otherwise Prisma's diff says, and a difference (a schema change without its migration, or a
 * hand-made change) is reported, not applied: in migrate mode only a migration changes the schema.
 */
async function upToDate(client: pg.Client, options: SyncOptions, target: { schemaHash: string; schemaPath: string }, started: number): Promise<SyncResult> {
  const { log } = options;
  const inSync = (how: string): SyncResult => {
    log(
      `in sync: every migration is applied and the database matches ${path.basename(target.schemaPath)} (${how}, ${Math.round(performance.now() - started)} ms)`,
    );
    return { exitCode: EXIT.OK, outcome: 'in-sync', message: 'in sync' };
  };
  const before = await currentKey(client, options, target.schemaHash);
  if (options.mode === 'apply' && before && (await wasVerifiedSafe(client, options, before))) return inSync('catalog unchanged since Prisma verified it');
  const plan = await planSchemaChange({
    databaseUrl: options.databaseUrl,
    schemaPath: target.schemaPath,
    ...(options.project ? { configPath: options.project.configPath } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (plan.inSync) {
    await rememberIfUnchanged(client, options, before);
    if (options.mode === 'apply') await recordRunningSchema(client, options, target, started);
    return inSync('Prisma found no difference');
  }
  log(`drift: every migration is applied, but the database differs from ${path.basename(target.schemaPath)} by ${plan.statements.length} statement(s):`);
  for (const statement of plan.statements.slice(0, 10)) log(`  ${statement.split('\n')[0]!.slice(0, 110)}`);
  log('  A schema change without its migration (make db-migration NAME=...), or a change made by hand: in migrate mode only a migration changes the schema.');
  return options.mode === 'check'
    ? { exitCode: EXIT.DRIFT, outcome: 'drift', message: 'drift found' }
    : { exitCode: EXIT.OK, outcome: 'drift', message: 'migrations applied; the database differs from the schema' };
}
