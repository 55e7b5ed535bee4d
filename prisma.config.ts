// Prisma 7 CLI configuration. Prisma 7 no longer reads .env by itself, so we load it here; when nothing names a
// database (no DATABASE_URL in the environment or .env), the CLI is pointed at make dev's, so that plain
// `npx prisma ...` works as the design doc writes it, and says so on stderr. Not in production: a Docker build
// runs only `prisma generate`, which needs no database. DATABASE_URL is read without prisma's env() helper on
// purpose: env() throws when the variable is missing, and `prisma generate` must work in Docker builds.
// The tables and enums the schema does not own are declared in services/database/src/external-objects.ts (the
// schema sync and its drift check read the same lists; `make check` holds this file to them). Migrations live where
// Prisma puts them by default, prisma/migrations beside the schema (MIGRATIONS_PATH): a migration folder there switches
// deploys from `db push` to `migrate deploy` (docs/schema-changes.md). Not set here on purpose: a CLI run given another
// --schema (a test's) then keeps its migrations beside that schema.
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { EXTERNAL_ENUMS, EXTERNAL_TABLES } from '@monitrax/database/external-objects';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';

loadDotenv({ quiet: true });

if (process.env.DATABASE_URL === undefined && process.env.NODE_ENV !== 'production') {
  process.env.DATABASE_URL = devDatabaseUrl(process.env.PG_PORT || undefined);
  process.stderr.write(
    `prisma.config.ts: no DATABASE_URL in the environment or .env; using make dev's database (${maskDatabaseUrl(process.env.DATABASE_URL)})\n`,
  );
}
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: SCHEMA_PATH,
  experimental: { externalTables: true },
  tables: { external: [...EXTERNAL_TABLES] },
  enums: { external: [...EXTERNAL_ENUMS] },
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
