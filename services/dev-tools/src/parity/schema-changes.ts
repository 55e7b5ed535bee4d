// `make check`'s review of schema changes: in migrate mode, the migrations added since the branch point are judged
// as a deploy would judge them and must build schema.prisma (@monitrax/schema-sync's review). The replay needs a
// PostgreSQL: an embedded one in a temporary folder, started only in migrate mode and stopped after. In push mode
// (no migrations) there is nothing to review.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { postgresTempDir, startEmbeddedPostgres } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { schemaModeOf } from '@monitrax/schema-sync/migrate/mode';
import { reviewMigrations, type ReviewOptions } from '@monitrax/schema-sync/migrate/review';
import { REPOSITORY_PROJECT } from '@monitrax/schema-sync/sync/prisma-config';
import type { CheckOutcome } from './checks.ts';

export async function reviewSchemaChanges(options: Pick<ReviewOptions, 'project' | 'schemaPath' | 'base' | 'env'> = {}): Promise<CheckOutcome> {
  const project = options.project ?? REPOSITORY_PROJECT;
  if ((await schemaModeOf(project.migrationsPath)) === 'push') {
    return { name: `schema changes: push mode (no migrations in ${path.basename(project.migrationsPath)}), nothing to review`, problems: [] };
  }
  const parent = await postgresTempDir('monitrax-review-');
  try {
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(parent, 'data'), port: await findFreePort(), user: 'monitrax', password: 'monitrax' });
    try {
      const result = await reviewMigrations({ ...options, serverUrl: cluster.url('postgres'), log: () => {} });
      return {
        name: 'schema changes: the migrations since the branch point (markers, the running release) and that they build schema.prisma',
        problems: result.problems,
      };
    } finally {
      await cluster.stop();
    }
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}
