// The environment the schema sync and the backup commands read, and how any Monitrax process parses its
// environment. The schema sync owns these rules because it runs on its own (compose's one-shot, Render's
// pre-deploy); the API's config (services/api/src/config/env.ts) builds on them, so the arrow points one way.
// Errors name the variable and the problem, never the value (values can be secrets).
import { z } from 'zod';

/** "true"/"1" or "false"/"0"/empty, as environment variables spell booleans; unset is false. */
export const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/** Each variable's rule; the API's config schema spreads these in beside its own. */
export const syncEnvShape = {
  DATABASE_URL: z
    .string({ error: 'is required (postgresql://user:password@host:5432/db)' })
    .min(1, 'is required (postgresql://user:password@host:5432/db)')
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL')
    .refine((value) => URL.canParse(value), 'is not a valid URL'),
  BACKUP_DIR: z.string().min(1).default('backups'),
  // How long the schema sync waits for the database to accept connections (compose/Render start order).
  SCHEMA_SYNC_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
  // db:sync --safe-only for deploys that cannot pass flags (Render's preDeployCommand set once for a rollback):
  // apply the safe statements, leave the rest pending for a person.
  SCHEMA_SYNC_SAFE_ONLY: booleanString,
  // Render sets RENDER_GIT_COMMIT; other hosts can set GIT_COMMIT. Recorded with each sync, and the health releaseId.
  RENDER_GIT_COMMIT: z.string().optional(),
  GIT_COMMIT: z.string().optional(),
};

export const syncEnv = z.object(syncEnvShape);

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses env with a zod object schema; throws ConfigError with `NAME: problem` lines. */
export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${name}: ${message}`;
  });
  throw new ConfigError([...new Set(problems)]);
}
