// Prisma 7 CLI configuration. Prisma 7 no longer reads .env by itself, so we load it here.
// DATABASE_URL is read without prisma's env() helper on purpose: env() throws when the variable
// is missing, and `prisma generate` must work in Docker builds, which have no database.
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';

loadDotenv({ quiet: true });

const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
