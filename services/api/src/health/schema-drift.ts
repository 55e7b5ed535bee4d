// The `schema` readiness check: is the live database the one this build's schema was verified against?
// The schema sync records, after each empty Prisma diff, the schema file's hash and the catalog's fingerprint
// (@monitrax/schema-sync's verified state); this check reads both back with one SQL query over a short
// connection, so the serving API never starts the Prisma CLI. It runs at start and then on an interval, never
// per request; /api/health reports the latest result. Drift is a `warn`, not a `fail`: the API may still serve
// most requests, and people should look before anyone restarts it. `make db-sync ARGS=--check` lists the changes.
import { MIGRATIONS_PATH, SCHEMA_PATH } from '@monitrax/database/paths';
import { schemaModeOf } from '@monitrax/schema-sync/migrate/mode';
import { readVerification } from '@monitrax/schema-sync/sync/verified-state';
import type { Logger } from 'pino';
import { HEALTH_CHECKS, type SchemaCheckFields, type SchemaMode } from '@monitrax/contract/health';
import { loggableReason, type CheckResult } from './checks.ts';
import { createPeriodicCheck, type PeriodicCheck } from './periodic-check.ts';

export interface SchemaComparison {
  inSync: boolean;
  schemaHash: string;
  /** Whether the schema sync has ever recorded a verification in this database. */
  everVerified: boolean;
  /** Statements this release's sync left pending on purpose (--safe-only). */
  pending: number;
  /** How this build deploys schema changes (migration folders in prisma/migrations mean migrate). */
  mode: SchemaMode;
}

export type SchemaDriftMonitor = PeriodicCheck;

/** Compares through the sync's verified state: one SQL read of the catalog and the recorded key, no Prisma CLI. */
export function verifiedStateComparison(databaseUrl: string, schemaPath = SCHEMA_PATH, migrationsPath = MIGRATIONS_PATH): () => Promise<SchemaComparison> {
  return async () => {
    const [status, mode] = await Promise.all([readVerification(databaseUrl, schemaPath), schemaModeOf(migrationsPath)]);
    return { inSync: status.verified, schemaHash: status.schemaHash, everVerified: status.verifiedAt !== undefined, pending: status.pending, mode };
  };
}

/** What the public health document says about drift, and what to do. */
export function summariseDrift(comparison: Pick<SchemaComparison, 'everVerified' | 'pending' | 'mode'>): string {
  if (comparison.mode === 'migrate') {
    return comparison.everVerified
      ? 'the database differs from what the migrations build, or a migration of this release is not applied yet; make db-sync ARGS=--check says which'
      : 'the schema sync has not verified this database yet; run make db-sync (it applies the pending migrations)';
  }
  if (comparison.pending > 0) {
    return `${comparison.pending} schema statement(s) left pending by db:sync --safe-only (tables or columns this release does not use); make db-sync ARGS=--check lists them, for a person to apply or drop`;
  }
  return comparison.everVerified
    ? 'the database schema changed since the schema sync last verified it, or this release has not been synced; make db-sync ARGS=--check lists the changes, make db-sync applies or re-verifies them'
    : 'the schema sync has not verified this database yet; run make db-sync';
}

export function createSchemaDriftMonitor(options: { compare: () => Promise<SchemaComparison>; intervalMs: number; logger: Logger }): SchemaDriftMonitor {
  async function compareOnce(): Promise<CheckResult> {
    const time = new Date().toISOString();
    try {
      const result = await options.compare();
      const hash = result.schemaHash.slice(0, 12);
      const fields: SchemaCheckFields = { mode: result.mode };
      if (result.inSync) return { componentType: 'datastore', status: 'pass', time, observedValue: hash, observedUnit: 'schema hash', ...fields };
      const output = summariseDrift(result);
      options.logger.warn({ schemaHash: hash, mode: result.mode }, `schema drift: ${output}`);
      return { componentType: 'datastore', status: 'warn', time, observedValue: hash, observedUnit: 'schema hash', output, ...fields };
    } catch (error) {
      options.logger.warn({ reason: loggableReason(error) }, 'schema drift: could not compare the schema');
      return { componentType: 'datastore', status: 'warn', time, output: 'could not compare the schema (the API log has the detail)' };
    }
  }

  return createPeriodicCheck({
    name: HEALTH_CHECKS.schema,
    initial: { componentType: 'datastore', status: 'warn', time: new Date().toISOString(), output: 'schema not compared yet' },
    intervalMs: options.intervalMs,
    measure: compareOnce,
  });
}
