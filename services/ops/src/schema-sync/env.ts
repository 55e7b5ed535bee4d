// The environment the schema sync reads: a subset of the API's config schema (one rule per variable).
import { z } from 'zod';
import { envShape } from '../../../api/src/config/env.ts';

export const syncEnv = z.object({
  DATABASE_URL: envShape.DATABASE_URL,
  BACKUP_DIR: envShape.BACKUP_DIR,
  SCHEMA_SYNC_WAIT_MS: envShape.SCHEMA_SYNC_WAIT_MS,
  RENDER_GIT_COMMIT: envShape.RENDER_GIT_COMMIT,
  GIT_COMMIT: envShape.GIT_COMMIT,
});
