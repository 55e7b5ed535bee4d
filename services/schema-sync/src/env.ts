// The environment the schema sync and the backup commands read: one zod schema, parsed once by each command line
// (compose's one-shot, Render's pre-deploy, make db-sync). The API's config takes the same rules for the
// variables it shares with the sync (SCHEMA_SYNC_ON_START runs the sync inside the API).
import { booleanString } from '@monitrax/contract/env';
import { databaseUrl } from '@monitrax/database/url';
import { z } from 'zod';

export const syncEnvShape = {
  DATABASE_URL: databaseUrl,
  BACKUP_DIR: z.string().min(1).default('backups'),
  // How long the schema sync waits for the database to accept connections (compose/Render start order).
  SCHEMA_SYNC_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
  // db:sync --safe-only for deploys that cannot pass flags (Render's preDeployCommand set once for a rollback):
  // apply the safe statements, leave the rest pending for a person.
  SCHEMA_SYNC_SAFE_ONLY: booleanString,
  // A value added to an enum that the release still serving reads: its client fails on rows holding it during the
  // deploy. `warn` (default) labels it and goes ahead; `refuse` refuses it like any breaking change.
  SCHEMA_SYNC_NEW_ENUM_VALUES: z.enum(['warn', 'refuse']).default('warn'),
  // Render sets RENDER_GIT_COMMIT; other hosts can set GIT_COMMIT. Recorded with each sync, and the health releaseId.
  RENDER_GIT_COMMIT: z.string().optional(),
  GIT_COMMIT: z.string().optional(),
};

export const syncEnv = z.object(syncEnvShape);
