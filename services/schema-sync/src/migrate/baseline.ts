// `make db-baseline`: moves a database that `db push` built to migrations. Writes prisma/migrations/0_init from the
// schema the sync last recorded for this database in schema_history (what its running release was synced with), or
// from the live database when none is recorded, and marks it applied there with Prisma's own `migrate resolve
// --applied` (the migration is not run: its tables exist). `--mark-applied` only marks, for a database that
// already has the tables and a release that already carries 0_init (compose's one-shot image, a Render one-off
// job). Marking is refused unless the database is what 0_init builds (0_init replayed on a scratch database,
// introspected, and Prisma's diff from the live database to that comes back empty).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runPrisma } from '../prisma-cli/prisma-cli.ts';
import { recordHistory, readRunningSchema } from '../sync/history.ts';
import { EXIT, type ExitCode } from '../sync/options.ts';
import { hashSchemaFile, planSchemaChange } from '../sync/plan.ts';
import { REPOSITORY_PROJECT, type PrismaProject } from '../sync/prisma-config.ts';
import { comparedSchemaOf } from '../sync/verified-state.ts';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { readAppliedMigrations, readMigrations, type MigrationFile } from './migrations.ts';
import { ensureLockFile } from './new-migration.ts';
import { replayMigrations, withScratchDatabase } from './scratch.ts';

export const BASELINE_NAME = '0_init';

export interface BaselineOptions {
  databaseUrl: string;
  /** Only mark the first migration applied (the files exist already). */
  markAppliedOnly: boolean;
  project?: PrismaProject;
  appVersion: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

function prismaEnv(options: BaselineOptions, databaseUrl: string): NodeJS.ProcessEnv {
  return { ...(options.env ?? process.env), DATABASE_URL: databaseUrl };
}

/** Prisma's SQL from nothing to `source`: a recorded schema file, or the live database. */
async function initialScript(options: BaselineOptions, project: PrismaProject, schemaText: string | undefined): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'monitrax-baseline-'));
  try {
    let to: string[];
    if (schemaText !== undefined) {
      const file = path.join(work, 'schema.prisma');
      await writeFile(file, schemaText);
      to = ['--to-schema', file];
    } else to = ['--to-config-datasource'];
    const diff = await runPrisma(['migrate', 'diff', '--config', project.configPath, '--from-empty', ...to, '--script'], {
      cwd: path.dirname(project.configPath),
      env: prismaEnv(options, options.databaseUrl),
      capture: true,
    });
    if (diff.code !== 0) throw new Error(`prisma migrate diff failed (exit ${diff.code}): ${diff.stderr.slice(0, 1000)}`);
    return diff.stdout;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The statements that separate the live database from what `migration` builds; none means it may be marked applied. */
async function differenceFrom(migration: MigrationFile, options: BaselineOptions, project: PrismaProject): Promise<string[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'monitrax-baseline-'));
  try {
    const built = await withScratchDatabase(options.databaseUrl, async (scratch) => {
      await replayMigrations(scratch, [migration]);
      const pulled = await runPrisma(['db', 'pull', '--print', '--config', project.configPath], {
        cwd: path.dirname(project.configPath),
        env: prismaEnv(options, scratch),
        capture: true,
      });
      if (pulled.code !== 0) throw new Error(`prisma db pull failed (exit ${pulled.code}): ${pulled.stderr.slice(0, 1000)}`);
      return pulled.stdout;
    });
    const file = path.join(work, 'built.prisma');
    await writeFile(file, built);
    const plan = await planSchemaChange({
      databaseUrl: options.databaseUrl,
      schemaPath: file,
      configPath: project.configPath,
      ...(options.env ? { env: options.env } : {}),
    });
    return plan.statements;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function baseline(options: BaselineOptions): Promise<{ exitCode: ExitCode }> {
  const { log } = options;
  const project = options.project ?? REPOSITORY_PROJECT;
  const schema = comparedSchemaOf(options.databaseUrl);
  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    let migrations = await readMigrations(project.migrationsPath);
    if (!options.markAppliedOnly) {
      if (migrations.length > 0) {
        log(`error: ${path.basename(project.migrationsPath)} already holds ${migrations.length} migration(s): this project is in migrate mode.`);
        log('  To mark its first migration applied on a database that db push built: db:baseline --mark-applied');
        return { exitCode: EXIT.ERROR };
      }
      const running = await readRunningSchema(client);
      log(
        running
          ? `writing ${BASELINE_NAME} from the schema this database was last synced with (schema_history, ${running.appliedAt.toISOString()}, ${running.appVersion})`
          : `writing ${BASELINE_NAME} from the live database (no schema recorded in schema_history)`,
      );
      const script = await initialScript(options, project, running?.schemaText);
      const folder = path.join(project.migrationsPath, BASELINE_NAME);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'migration.sql'), script);
      await ensureLockFile(project.migrationsPath);
      log(`wrote ${path.relative(process.cwd(), path.join(folder, 'migration.sql'))}: commit it (and the lock file) with the release that starts migrate mode`);
      migrations = await readMigrations(project.migrationsPath);
    }

    const first = migrations[0];
    if (!first) {
      log(`error: no migration in ${project.migrationsPath} to mark applied (write one first: db:baseline without --mark-applied)`);
      return { exitCode: EXIT.ERROR };
    }
    const applied = await readAppliedMigrations(client, schema);
    if (applied?.some((migration) => migration.name === first.name && migration.finished)) {
      log(`${first.name} is already applied here: this database is baselined`);
      return { exitCode: EXIT.OK };
    }
    if (applied && applied.length > 0) {
      log(
        `error: this database has a migration history (${applied.map((migration) => migration.name).join(', ')}) without ${first.name}: not a db push database`,
      );
      return { exitCode: EXIT.ERROR };
    }
    const difference = await differenceFrom(first, options, project);
    if (difference.length > 0) {
      log(`refused: this database is not what ${first.name} builds; Prisma plans ${difference.length} statement(s) from it to there:`);
      for (const statement of difference.slice(0, 10)) log(`  ${statement.split('\n')[0]!.slice(0, 110)}`);
      log(
        '  Bring it in line first (make db-sync with the schema of that release), or write the baseline from this database (db:baseline without --mark-applied).',
      );
      return { exitCode: EXIT.REFUSED };
    }
    const resolved = await runPrisma(['migrate', 'resolve', '--applied', first.name, '--config', project.configPath], {
      cwd: path.dirname(project.configPath),
      env: prismaEnv(options, options.databaseUrl),
      capture: true,
    });
    if (resolved.code !== 0) {
      log(`error: prisma migrate resolve --applied ${first.name} failed (exit ${resolved.code}): ${resolved.stderr.slice(0, 1000)}`);
      return { exitCode: EXIT.ERROR };
    }
    await recordHistory(client, {
      schemaHash: await hashSchemaFile(SCHEMA_PATH),
      schemaText: null,
      statements: [],
      backupFile: null,
      appVersion: options.appVersion,
      outcome: 'applied',
      detail: `baseline: ${first.name} marked applied (the database already had its tables)`,
      durationMs: 0,
      migration: first.name,
    });
    log(`baselined: ${first.name} is marked applied; from now on deploys apply the migrations after it (prisma migrate deploy)`);
    return { exitCode: EXIT.OK };
  } finally {
    await client.end().catch(() => {});
  }
}
