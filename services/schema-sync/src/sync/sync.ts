// The schema sync: the design doc's `prisma db push` on deploy, made safe (docs/schema-changes.md).
//   wait for the database -> plan (Prisma's diff SQL) -> classify -> backup -> apply (apply.ts) -> record -> check
// In `apply` mode a database Prisma already verified, unchanged since, skips the plan (verified-state.ts).
// Used identically by `make dev`, `make db-sync`, the compose `schema` one-shot, Render's
// preDeployCommand and the API's SCHEMA_SYNC_ON_START fallback.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { backupDatabase } from '../backup/backup.ts';
import { findPgTools, installedPgToolMajors, missingPgToolsAdvice } from '../backup/pg-tools.ts';
import { applyStatements, describeFailure } from './apply.ts';
import { databaseNameOf } from '@monitrax/database/url';
import { EXPAND_CONTRACT_RECIPE, labelBreaking, type NewEnumValuesPolicy } from './breaking.ts';
import { blockersOf, classifyStatement, tablesAtRisk, targetTable, type Blocker, type ClassifiedStatement } from './classify.ts';
import { countViolations } from './row-checks.ts';
import { REPOSITORY_PROJECT, type PrismaProject } from './prisma-config.ts';
import { declarationAdvice, markUndeclaredDrops, undeclaredIn } from './undeclared.ts';
import { clientViewOf, type ClientView } from './client-view.ts';
import { lintStatements } from './lint.ts';
import { serverMajorOf, tableCountIn, tablesWithRows, withSyncLock } from './database-facts.ts';
import { readRunningSchema, recordHistory, type RecordedSchema } from './history.ts';
import { safeOnlySplit, splitActions, type SafeOnlySplit } from './safe-only.ts';
import { hashSchemaFile, planSchemaChange, type SchemaPlan } from './plan.ts';
import { REPO_ROOT, SCHEMA_PATH } from '@monitrax/database/paths';
import { comparedSchemaOf, rememberVerified, sameKey, verificationKey, wasVerified, type VerificationKey } from './verified-state.ts';
import { waitForDatabase } from './wait-for-database.ts';

export const EXIT = { OK: 0, ERROR: 1, DRIFT: 2, REFUSED: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type SyncMode = 'apply' | 'check' | 'dry-run';

export interface SyncOptions {
  databaseUrl: string;
  backupDir: string;
  mode: SyncMode;
  /**
   * --accept-data-loss=NAME,...: what may be lost, by the names a refusal prints (a table, `table.column`,
   * `statement-N`). Exactly those: a plan that would also lose something not named is refused.
   */
  acceptDataLoss: readonly string[];
  /** A value added to an enum the running release reads: warn (default) or refuse (SCHEMA_SYNC_NEW_ENUM_VALUES). */
  newEnumValues?: NewEnumValuesPolicy;
  /** --allow-breaking: apply statements the running release would fail on (errors or downtime during the deploy). */
  allowBreaking?: boolean;
  /**
   * --safe-only (SCHEMA_SYNC_SAFE_ONLY): apply only the statements that are safe and not breaking, and leave the
   * rest pending (recorded, reported by --check and /api/health) for a person: how a reverted release deploys while
   * the columns it does not know stay in place.
   */
  safeOnly?: boolean;
  /** false = --no-backup: change without a backup, knowingly. */
  backup: boolean;
  appVersion: string;
  waitTimeoutMs: number;
  schemaPath?: string;
  /** prisma.config.ts and the tables and enums the schema does not own; the repository's by default. */
  project?: PrismaProject;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export type SyncOutcome = 'in-sync' | 'applied' | 'drift' | 'planned' | 'refused' | 'error';

/** Where a sync's time went (ms), said in its last line. */
export interface SyncTimings {
  planMs?: number;
  backupMs?: number;
  applyMs?: number;
  checkMs?: number;
}

const timingsText = (timings: SyncTimings) =>
  (['plan', 'backup', 'apply', 'check'] as const)
    .flatMap((step) => {
      const ms = timings[`${step}Ms`];
      return ms === undefined ? [] : [`${step} ${Math.round(ms)} ms`];
    })
    .join(', ');

export interface SyncResult {
  exitCode: ExitCode;
  outcome: SyncOutcome;
  message: string;
  plan?: SchemaPlan;
  classified?: ClassifiedStatement[];
  blockers?: Blocker[];
  backupFile?: string;
  /** Statements --safe-only left out. */
  pending?: string[];
  timings?: SyncTimings;
}

/** The lines that keep the undeclared tables and enums a plan would drop (none when there are none). */
function undeclaredAdvice(classified: readonly ClassifiedStatement[], options: SyncOptions): string[] {
  const project = options.project ?? REPOSITORY_PROJECT;
  return declarationAdvice(undeclaredIn(classified), comparedSchemaOf(options.databaseUrl), { tables: project.externalTables, enums: project.externalEnums });
}

function describePlan(classified: readonly ClassifiedStatement[], plan: SchemaPlan, options: SyncOptions) {
  const { log } = options;
  log(`plan: ${classified.length} statement(s) to reach ${path.relative(REPO_ROOT, plan.schemaPath)} (schema ${plan.schemaHash.slice(0, 12)})`);
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
  for (const warning of plan.warnings) log(`  prisma warns: ${warning}`);
  const undeclared = undeclaredIn(classified);
  if (undeclared.tables.length + undeclared.enums.length > 0) {
    const names = [...undeclared.tables.map((table) => `table ${table}`), ...undeclared.enums.map((name) => `enum ${name}`)];
    log(`undeclared: ${names.join(', ')}: in the database, described by no release's schema and not declared, so Prisma plans to drop them`);
  }
}

/** Why the release still serving would fail or stall: breaking statements, and Squawk findings that refuse. */
const breakingOf = (classified: readonly ClassifiedStatement[]) =>
  classified.flatMap((statement) => [
    ...statement.breaking.filter((reason) => reason.refuses).map((reason) => reason.reason),
    ...statement.lint.filter((finding) => finding.level === 'refuse').map((finding) => `squawk ${finding.rule}: ${finding.message}`),
  ]);

/**
 * Squawk's findings on each statement that acts on a table holding rows: a lock or a rewrite of an empty (or new)
 * table is over at once, as a data-dependent statement there is harmless. A plan Squawk cannot read is said so
 * loudly and goes on unlinted.
 */
async function lintPlan(classified: ClassifiedStatement[], client: pg.Client, options: SyncOptions): Promise<ClassifiedStatement[]> {
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
function runningView(running: RecordedSchema | undefined, log: (line: string) => void): ClientView | undefined {
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
async function judgeStatements(
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

/** Says why a plan is refused for data: what no flag lets through, and what --accept-data-loss must name. */
function explainBlockers(
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

/** A release whose schema needs no statement still becomes the running one: recorded when its schema file differs. */
async function recordRunningSchema(client: pg.Client, options: SyncOptions, plan: SchemaPlan, started: number): Promise<void> {
  try {
    if ((await readRunningSchema(client))?.schemaHash === plan.schemaHash) return;
    await recordHistory(client, {
      schemaHash: plan.schemaHash,
      schemaText: await readFile(plan.schemaPath, 'utf8'),
      statements: [],
      backupFile: null,
      appVersion: options.appVersion,
      outcome: 'applied',
      detail: 'no statement needed; recorded as the running release',
      durationMs: performance.now() - started,
    });
  } catch (error) {
    options.log(`note: could not record the running release's schema (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The pre-sync backup (or why there is none); ok false: no pg_dump for this server, so nothing may change. */
async function takeBackup(client: pg.Client, options: SyncOptions, plan: SchemaPlan): Promise<{ ok: true; file: string | null } | { ok: false }> {
  const { log } = options;
  const schema = comparedSchemaOf(options.databaseUrl);
  if (!options.backup) {
    log('backup: skipped (--no-backup)');
    return { ok: true, file: null };
  }
  if ((await tableCountIn(client, schema)) === 0) {
    log('backup: skipped (fresh database: no tables, nothing to back up)');
    return { ok: true, file: null };
  }
  const major = await serverMajorOf(client);
  const tools = await findPgTools({ minMajor: major, env: options.env ?? process.env });
  if (!tools) {
    log(`refused: no pg_dump of PostgreSQL ${major} or newer was found, so no backup can be taken.`);
    log(missingPgToolsAdvice(major, await installedPgToolMajors(options.env ?? process.env)));
    return { ok: false };
  }
  const backup = await backupDatabase({ databaseUrl: options.databaseUrl, backupDir: options.backupDir, label: plan.schemaHash.slice(0, 12), tools });
  log(
    `backup: ${backup.file} (${(backup.bytes / 1024).toFixed(1)} KiB, ${backup.tables.length} tables, verified with pg_restore --list; pg_dump ${tools.major} from ${tools.source})`,
  );
  return { ok: true, file: backup.file };
}

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

/** The verified-state shortcut must never fail a sync: any error reading it means "not verified". */
async function currentKey(client: pg.Client, options: SyncOptions, schemaHash: string): Promise<VerificationKey | undefined> {
  try {
    return await verificationKey(client, schemaHash, comparedSchemaOf(options.databaseUrl), options.project);
  } catch (error) {
    options.log(`note: could not fingerprint the catalog (${error instanceof Error ? error.message : String(error)}); asking Prisma`);
    return undefined;
  }
}

async function wasVerifiedSafe(client: pg.Client, options: SyncOptions, key: VerificationKey): Promise<boolean> {
  try {
    return await wasVerified(client, key);
  } catch (error) {
    options.log(`note: could not read monitrax_ops.schema_verified (${error instanceof Error ? error.message : String(error)}); asking Prisma`);
    return false;
  }
}

/** Records `before` (taken before Prisma's empty diff) if the catalog is still the same now; never throws. */
async function rememberIfUnchanged(client: pg.Client, options: SyncOptions, before: VerificationKey | undefined): Promise<void> {
  if (!before) return;
  try {
    const after = await verificationKey(client, before.schemaHash, comparedSchemaOf(options.databaseUrl), options.project);
    if (sameKey(before, after)) await rememberVerified(client, before);
  } catch (error) {
    options.log(`note: could not record the verification (${error instanceof Error ? error.message : String(error)}); the next sync asks Prisma again`);
  }
}

/** After applying: Prisma's diff must now be empty. Only then is the state remembered; never throws. */
async function verifyAfterApply(client: pg.Client, options: SyncOptions, plan: SchemaPlan): Promise<void> {
  try {
    const before = await currentKey(client, options, plan.schemaHash);
    const again = await planSchemaChange({ databaseUrl: options.databaseUrl, schemaPath: plan.schemaPath, ...projectAndEnv(options) });
    if (again.inSync) {
      await rememberIfUnchanged(client, options, before);
      options.log('verified: Prisma plans nothing more after the change');
    } else {
      options.log(
        `warning: after the change Prisma still plans ${again.statements.length} statement(s) (${again.statements[0]?.split('\n')[0]?.slice(0, 80)}); the next sync will plan them again`,
      );
    }
  } catch (error) {
    options.log(`note: could not re-check the schema after the change (${error instanceof Error ? error.message : String(error)})`);
  }
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

const projectAndEnv = (options: SyncOptions) => ({
  ...(options.project ? { configPath: options.project.configPath } : {}),
  ...(options.env ? { env: options.env } : {}),
});

export async function syncSchema(options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const { log } = options;
  let client: pg.Client | undefined;
  try {
    client = await waitForDatabase(options.databaseUrl, { timeoutMs: options.waitTimeoutMs, log });
    const connected = client;
    return await withSyncLock(connected, async () => {
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
