// What the sync needs to know of the Prisma project it works on, beside the schema file: where Prisma's CLI
// configuration is (handed to the CLI as --config), where its migrations are, and the tables and enums the schema does not own (declared in
// @monitrax/database/external-objects, which prisma.config.ts hands to Prisma; the drift fingerprint leaves them
// out). The repository's own by default; the sync's tests point it at a project of their own.
import { EXTERNAL_ENUMS, EXTERNAL_TABLES } from '@monitrax/database/external-objects';
import { CONFIG_PATH, MIGRATIONS_PATH } from '@monitrax/database/paths';

export interface PrismaProject {
  /** prisma.config.ts: its tables.external and enums.external must list externalTables and externalEnums. */
  configPath: string;
  /** Its migrations.path: migration folders there switch the sync to migrate mode. */
  migrationsPath: string;
  /** Schema-qualified: 'public.legacy_imports'. */
  externalTables: readonly string[];
  externalEnums: readonly string[];
}

export const REPOSITORY_PROJECT: PrismaProject = {
  configPath: CONFIG_PATH,
  migrationsPath: MIGRATIONS_PATH,
  externalTables: EXTERNAL_TABLES,
  externalEnums: EXTERNAL_ENUMS,
};
