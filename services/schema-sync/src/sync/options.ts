// The schema sync's options, outcomes and exit codes, shared by both ways a schema changes: `prisma db push`'s plan
// applied by the sync (push mode) and reviewed migration files applied by `prisma migrate deploy` (migrate mode).
import type { Blocker, ClassifiedStatement } from './classify.ts';
import type { NewEnumValuesPolicy } from './breaking.ts';
import type { SchemaPlan } from './plan.ts';
import type { PrismaProject } from './prisma-config.ts';

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

export const timingsText = (timings: SyncTimings) =>
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

/** The Prisma CLI's --config (the project's) and environment, for a plan. */
export const projectAndEnv = (options: SyncOptions) => ({
  ...(options.project ? { configPath: options.project.configPath } : {}),
  ...(options.env ? { env: options.env } : {}),
});
