// Which way schema changes reach a database, decided in one place: migration folders in the project's migrations
// path (prisma/migrations) mean migrate mode (reviewed files, `prisma migrate deploy`); none means push mode (the
// design doc's `prisma db push`, planned and applied by the sync). `db:sync --check`, the API's schema check and
// the status page report it.
import type { SchemaMode } from '@monitrax/contract/health';
import { readMigrations } from './migrations.ts';

export type { SchemaMode };

export async function schemaModeOf(migrationsPath: string): Promise<SchemaMode> {
  return (await readMigrations(migrationsPath)).length > 0 ? 'migrate' : 'push';
}
