// The schema sync: the design doc's `prisma db push` on deploy, made safe (docs/schema-changes.md); in migrate
// mode (migration folders in prisma/migrations: migrate/mode.ts) the same guards around `prisma migrate deploy`
// (migrate/deploy.ts).
//   wait for the database -> plan (Prisma's diff SQL) -> classify -> backup -> apply (apply.ts) -> record -> check
// In `apply` mode a database Prisma already verified, unchanged since, skips the plan (verified-state.ts).
// Used identically by `make dev`, `make db-sync`, the compose `schema` one-shot, Render's
// preDeployCommand and the API's SCHEMA_SYNC_ON_START fallback.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { applyStatements, describeFailure } from './apply.ts';
import { databaseNameOf } from '@monitrax/database/url';
import { EXPAND_CONTRACT_RECIPE } from './breaking.ts';
import { blockersOf, tablesAtRisk, type ClassifiedStatement } from './classify.ts';
import { breakingOf, describePlan, explainBlockers, judgeStatements, undeclaredAdvice } from './judge.ts';
import { tablesWithRows, withSyncLock } from './database-facts.ts';
import { readRunningSchema, recordHistory } from './history.ts';
import { EXIT, projectAndEnv, timingsText, type SyncOptions, type SyncResult, type SyncTimings } from './options.ts';
import { safeOnlySplit, splitActions, type SafeOnlySplit } from './safe-only.ts';
import { hashSchemaFile, planSchemaChange, type SchemaPlan } from './plan.ts';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { currentKey, recordRunningSchema, rememberIfUnchanged, takeBackup, verifyAfterApply, wasVerifiedSafe } from './steps.ts';
import type { VerificationKey } from './verified-state.ts';
import { comparedSchemaOf } from './verified-state.ts';
import { waitForDatabase } from './wait-for-database.ts';
import { syncMigrations } from '../migrate/deploy.ts';
import { readMigrations } from '../migrate/migrations.ts';
import { REPOSITORY_PROJECT } from './prisma-config.ts';

export { EXIT, type ExitCode, type SyncMode, type SyncOptions, type SyncOutcome, type SyncResult, type SyncTimings } from './options.ts';

/** --safe-only with statements to leave out: the safe statements of Prisma's plan are applied, the others recorded as pending. */
async function applySafeOnly(
  client: pg.Client,
  options: SyncOptions,
  plan: SchemaPlan,
  split: SafeOnlySplit,
  started: number,
  schemaText: string,
): Promise<SyncResult> {
  const { log } = options;
  log(`safe only: applying ${split.apply.length} safe statement(s); leaving ${split.pending.length} pending for a person:`);
  for (const statement of split.pending) log(`  pending: ${statement.split('\n')[0]!.slice(0, 110)}`);
  let backupFile: string | null = null;
  if (split.apply.length > 0) {
    const backup = await takeBackup(client, options, plan);
    if (!backup.ok) return { exitCode: EXIT.ERROR, outcome: 'error', message: 'no suitable pg_dump for the pre-sync backup', plan };
    backupFile = backup.file;
    const failure = await applyStatements(client, comparedSchemaOf(options.databaseUrl), split.apply);
    if (failure) {
      const message = describeFailure(failure);
      log(`failed: ${message} (rolled back)`);
      await recordHistory(client, {
        schemaHash: plan.schemaHash,
        schemaText: null,
        statements: split.apply,
        pending: split.pending,
        backupFile,
        appVersion: options.appVersion,
        outcome: 'failed',
        detail: message.slice(0, 4000),
        durationMs: performance.now() - started,
      });
      return { exitCode: EXIT.ERROR, outcome: 'error', message, plan, ...(backupFile ? { backupFile } : {}) };
    }
  }
  await recordHistory(client, {
    schemaHash: plan.schemaHash,
    schemaText,
    statements: split.apply,
    pending: split.pending,
    backupFile,
    appVersion: options.appVersion,
    outcome: 'applied',
    detail: `--safe-only: ${split.pending.length} statement(s) pending`,
    durationMs: performance.now() - started,
  });
  log(
    `applied ${split.apply.length} statement(s) in ${Math.round(performance.now() - started)} ms; ${split.pending.length} pending (make db-sync ARGS=--check lists them; /api/health warns until a person applies or drops them)`,
  );
  return {
    exitCode: EXIT.OK,
    outcome: 'applied',
    message: `applied safe statements; ${split.pending.length} pending`,
    plan,
    pending: split.pending,
    ...(backupFile ? { backupFile } : {}),
  };
}

async function apply(
  client: pg.Client,
  options: SyncOptions,
  plan: SchemaPlan,
  classified: ClassifiedStatement[],
  started: number,
  timings: SyncTimings,
): Promise<SyncResult> {
  const { log } = options;
  const schema = comparedSchemaOf(options.databaseUrl);
  const withRows = await tablesWithRows(client, schema, tablesAtRisk(classified));
  const blockers = blockersOf(classified, withRows);
  const schemaText = await readFile(plan.schemaPath, 'utf8');
  const record = (outcome: 'applied' | 'refused' | 'failed', backupFile: string | null, detail: string | null) =>
    recordHistory(client, {
      schemaHash: plan.schemaHash,
      schemaText: outcome === 'applied' ? schemaText : null,
      statements: plan.statements,
      backupFile,
      appVersion: options.appVersion,
      outcome,
      detail,
      durationMs: performance.now() - started,
    });

  if (options.safeOnly) {
    // Judged action by action, so that a safe action waits for no unsafe one Prisma wrote in the same ALTER TABLE.
    const pieces = splitActions(plan);
    const judged =
      pieces.statements.length === plan.statements.length
        ? classified
        : await judgeStatements(pieces.statements, client, await readRunningSchema(client), options, { quiet: true });
    const split = safeOnlySplit(pieces, judged, await tablesWithRows(client, schema, tablesAtRisk(judged)));
    if (split.pending.length > 0) return applySafeOnly(client, options, plan, split, started, schemaText);
    log('safe only: every statement is safe; applying the whole plan');
  }

  const breaking = breakingOf(classified);
  if (breaking.length > 0 && !options.allowBreaking) {
    log('refused: the release still serving would fail on this change (whatever the tables hold):');
    for (const reason of breaking) log(`  - ${reason}`);
    log('Nothing was changed.');
    for (const line of EXPAND_CONTRACT_RECIPE) log(line);
    await record('refused', null, breaking.join('; '));
    return { exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would break the running release', plan, classified, blockers };
  }
  if (breaking.length > 0) log(`breaking: applying ${breaking.length} change(s) the running release would fail on (--allow-breaking)`);

  const accepted = new Set(options.acceptDataLoss);
  if (explainBlockers(classified, blockers, accepted, options).refused) {
    await record('refused', null, blockers.map((blocker) => blocker.reason).join('; '));
    const fails = blockers.some((blocker) => blocker.kind === 'fails');
    return {
      exitCode: EXIT.REFUSED,
      outcome: 'refused',
      message: fails ? 'rows would make the change fail' : 'change would lose data',
      plan,
      classified,
      blockers,
    };
  }
  const losses = blockers.filter((blocker) => blocker.kind === 'loses-data');
  if (losses.length > 0) log(`accepted data loss (--accept-data-loss): ${[...new Set(losses.map((blocker) => blocker.name))].join(', ')}`);
  for (const name of accepted) {
    if (!losses.some((blocker) => blocker.name === name)) log(`note: --accept-data-loss names ${name}, which this plan does not lose`);
  }

  const backupStarted = performance.now();
  const backup = await takeBackup(client, options, plan);
  timings.backupMs = performance.now() - backupStarted;
  if (!backup.ok) return { exitCode: EXIT.ERROR, outcome: 'error', message: 'no suitable pg_dump for the pre-sync backup', plan, classified, blockers };
  const backupFile = backup.file;

  const applyStarted = performance.now();
  const failure = await applyStatements(client, comparedSchemaOf(options.databaseUrl), plan.statements);
  timings.applyMs = performance.now() - applyStarted;
  if (failure) {
    const message = describeFailure(failure);
    log(`failed: ${message} (rolled back; nothing else changed)`);
    await record('failed', backupFile, message.slice(0, 4000));
    return { exitCode: EXIT.ERROR, outcome: 'error', message, plan, classified, blockers, timings, ...(backupFile ? { backupFile } : {}) };
  }
  await record('applied', backupFile, null);
  const checkStarted = performance.now();
  await verifyAfterApply(client, options, plan);
  timings.checkMs = performance.now() - checkStarted;
  log(
    `applied ${plan.statements.length} statement(s) in ${Math.round(performance.now() - started)} ms (${timingsText(timings)}); recorded in monitrax_ops.schema_history`,
  );
  return { exitCode: EXIT.OK, outcome: 'applied', message: 'applied', plan, classified, blockers, timings, ...(backupFile ? { backupFile } : {}) };
}

export async function syncSchema(options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const { log } = options;
  let client: pg.Client | undefined;
  try {
    client = await waitForDatabase(options.databaseUrl, { timeoutMs: options.waitTimeoutMs, log });
    const connected = client;
    return await withSyncLock(connected, async () => {
      const project = options.project ?? REPOSITORY_PROJECT;
      const migrations = await readMigrations(project.migrationsPath);
      if (migrations.length > 0) {
        log(`mode: migrate (${migrations.length} migration(s) in ${path.relative(process.cwd(), project.migrationsPath) || project.migrationsPath})`);
        return await syncMigrations(connected, options, migrations, started);
      }
      if (options.mode !== 'apply') log(`mode: push (no migrations in ${path.relative(process.cwd(), project.migrationsPath) || project.migrationsPath})`);
      const schemaPath = path.resolve(options.schemaPath ?? SCHEMA_PATH);
      const inSync = (plan: SchemaPlan, how: string): SyncResult => {
        log(
          `in sync: database "${databaseNameOf(options.databaseUrl)}" matches schema ${plan.schemaHash.slice(0, 12)} (${how}, ${Math.round(performance.now() - started)} ms)`,
        );
        return { exitCode: EXIT.OK, outcome: 'in-sync', message: 'in sync', plan };
      };
      // Taken before Prisma's diff, so that what is remembered is what Prisma compared.
      let before: VerificationKey | undefined;
      if (options.mode === 'apply') {
        const schemaHash = await hashSchemaFile(schemaPath);
        before = await currentKey(connected, options, schemaHash);
        if (before && (await wasVerifiedSafe(connected, options, before))) {
          return inSync(
            { script: '', statements: [], units: [], warnings: [], schemaHash, schemaPath, inSync: true },
            'catalog unchanged since Prisma verified it',
          );
        }
      }
      const timings: SyncTimings = {};
      const planStarted = performance.now();
      const plan = await planSchemaChange({ databaseUrl: options.databaseUrl, schemaPath, ...projectAndEnv(options) });
      timings.planMs = performance.now() - planStarted;
      if (plan.inSync) {
        await rememberIfUnchanged(connected, options, before);
        if (options.mode === 'apply') await recordRunningSchema(connected, options, plan, started);
        return inSync(plan, 'Prisma found no difference');
      }
      const running = await readRunningSchema(connected);
      const classified = await judgeStatements(plan.statements, connected, running, options);
      describePlan(classified, plan, options);
      if (options.mode !== 'apply') for (const line of undeclaredAdvice(classified, options)) log(line);
      if (options.mode === 'check') {
        log('drift: the database differs from the schema (--check changes nothing)');
        return { exitCode: EXIT.DRIFT, outcome: 'drift', message: 'drift found', plan, classified };
      }
      if (options.mode === 'dry-run') {
        if (breakingOf(classified).length > 0 && !options.allowBreaking) log('  would refuse without --allow-breaking: the running release would fail on it');
        const blockers = blockersOf(classified, await tablesWithRows(connected, comparedSchemaOf(options.databaseUrl), tablesAtRisk(classified)));
        for (const blocker of blockers) {
          if (blocker.kind === 'fails')
            log(`  would refuse (no flag helps): ${blocker.reason}: ${blocker.violations!.count} row(s); fix: ${blocker.violations!.fix}`);
          else if (!options.acceptDataLoss.includes(blocker.name!)) log(`  would refuse without --accept-data-loss=${blocker.name}: ${blocker.reason}`);
        }
        log('dry run: nothing was changed');
        return { exitCode: EXIT.OK, outcome: 'planned', message: 'dry run', plan, classified, blockers };
      }
      return apply(connected, options, plan, classified, started, timings);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`error: ${message}`);
    return { exitCode: EXIT.ERROR, outcome: 'error', message };
  } finally {
    await client?.end().catch(() => {});
  }
}
