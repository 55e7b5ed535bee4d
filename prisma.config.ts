// Prisma 7 CLI configuration. Prisma 7 no longer reads .env by itself, so we load it here; then configurePrismaCli
// picks the schema engine that works on this machine (the WebAssembly stand-in where Prisma's native engine cannot
// be downloaded) and, when nothing names a database, points the CLI at make dev's, so that plain `npx prisma ...`
// works as the design doc writes it. DATABASE_URL is read without prisma's env() helper on purpose: env() throws
// when the variable is missing, and `prisma generate` must work in Docker builds, which have no database.
import { configurePrismaCli } from '@monitrax/schema-sync/prisma-cli/config-env';
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';

loadDotenv({ quiet: true });

// Docker builds run only `prisma generate`, which needs no database: no fallback there (NODE_ENV=production).
const { databaseUrl } = configurePrismaCli(process.env, { cwd: process.cwd(), fallbackToDev: process.env.NODE_ENV !== 'production' });

export default defineConfig({
  schema: 'prisma/schema.prisma',
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
