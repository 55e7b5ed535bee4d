// The sync's steps around a change, shared by push and migrate mode: the pre-change backup, recording a release
// whose schema needs no statement, and the verified-state memory (remembered only after Prisma's diff came back
// empty; never fails a sync).
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { backupDatabase } from '../backup/backup.ts';
import { findPgTools, installedPgToolMajors, missingPgToolsAdvice } from '../backup/pg-tools.ts';
import { serverMajorOf, tableCountIn } from './database-facts.ts';
import { readRunningSchema, recordHistory } from './history.ts';
import { projectAndEnv, type SyncOptions } from './options.ts';
import { planSchemaChange, type SchemaPlan } from './plan.ts';

/** The schema a change is for: its file and that file's hash (which names the backup). */
export type TargetSchema = Pick<SchemaPlan, 'schemaHash' | 'schemaPath'>;
import { comparedSchemaOf, rememberVerified, sameKey, verificationKey, wasVerified, type VerificationKey } from './verified-state.ts';

/** A release whose schema needs no statement still becomes the running one: recorded when its schema file differs. */
export async function recordRunningSchema(client: pg.Client, options: SyncOptions, plan: TargetSchema, started: number): Promise<void> {
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
export async function takeBackup(client: pg.Client, options: SyncOptions, plan: TargetSchema): Promise<{ ok: true; file: string | null } | { ok: false }> {
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

/** The verified-state shortcut must never fail a sync: any error reading it means "not verified". */
export async function currentKey(client: pg.Client, options: SyncOptions, schemaHash: string): Promise<VerificationKey | undefined> {
  try {
    return await verificationKey(client, schemaHash, comparedSchemaOf(options.databaseUrl), options.project);
  } catch (error) {
    options.log(`note: could not fingerprint the catalog (${error instanceof Error ? error.message : String(error)}); asking Prisma`);
    return undefined;
  }
}

export async function wasVerifiedSafe(client: pg.Client, options: SyncOptions, key: VerificationKey): Promise<boolean> {
  try {
    return await wasVerified(client, key);
  } catch (error) {
    options.log(`note: could not read monitrax_ops.schema_verified (${error instanceof Error ? error.message : String(error)}); asking Prisma`);
    return false;
  }
}

/** Records `before` (taken before Prisma's empty diff) if the catalog is still the same now; never throws. */
export async function rememberIfUnchanged(client: pg.Client, options: SyncOptions, before: VerificationKey | undefined): Promise<void> {
  if (!before) return;
  try {
    const after = await verificationKey(client, before.schemaHash, comparedSchemaOf(options.databaseUrl), options.project);
    if (sameKey(before, after)) await rememberVerified(client, before);
  } catch (error) {
    options.log(`note: could not record the verification (${error instanceof Error ? error.message : String(error)}); the next sync asks Prisma again`);
  }
}

/** After applying: Prisma's diff must now be empty. Only then is the state remembered; never throws. */
export async function verifyAfterApply(client: pg.Client, options: SyncOptions, plan: TargetSchema): Promise<void> {
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
