// SCHEMA_SYNC_ON_START=true: for Render plans without a pre-deploy step, the container runs the same
// safe schema sync before it listens. A refusal (exit 3) or error stops the start, so a build whose
// schema cannot be applied safely never takes traffic.
import type { Logger } from 'pino';
import { appVersion } from '@monitrax/schema-sync/sync/app-version';
import { syncSchema, type SyncResult } from '@monitrax/schema-sync/sync/sync';
import type { Config } from '../config/env.ts';

export function syncSchemaBeforeListening(config: Config, logger: Logger): Promise<SyncResult> {
  return syncSchema({
    databaseUrl: config.databaseUrl,
    backupDir: config.backupDir,
    mode: 'apply',
    acceptDataLoss: [],
    newEnumValues: config.schemaSyncNewEnumValues,
    safeOnly: config.schemaSyncSafeOnly,
    backup: true,
    appVersion: appVersion(process.env),
    waitTimeoutMs: config.schemaSyncWaitMs,
    log: (line) => logger.info({ component: 'schema-sync' }, line),
  });
}
