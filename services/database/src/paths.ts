// Where the schema lives: prisma/schema.prisma, the single source of truth the client is generated from, and the
// repository root that holds it and prisma.config.ts (the API image's /app). Every process that needs either,
// the schema sync and the API's drift check among them, takes it from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export const SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');

/**
 * Reviewed migrations (`prisma migrate deploy`). The folder's presence with a migration in it is what switches the
 * schema sync from `db push` mode to migrate mode (schema-sync's mode.ts).
 */
export const MIGRATIONS_PATH = path.join(REPO_ROOT, 'prisma', 'migrations');

/** Prisma's CLI configuration (datasource, the externally managed tables, where migrations live). */
export const CONFIG_PATH = path.join(REPO_ROOT, 'prisma.config.ts');
