// Review before deploy (`make check`, the GitHub workflow, `npm run db:review`): in migrate mode, every migration
// added since the branch point is judged as the deploy would judge it, without the production rows (so whatever
// could lose data needs its marker, and the breaking label is judged against the branch point's schema.prisma: the
// release that serves while this one deploys); a migration that was already at the branch point must not have
// changed (Prisma refuses a changed checksum); and the migrations, replayed on a scratch database, must build
// schema.prisma exactly (a schema change without its migration fails here, not on Render). In push mode there is
// nothing to review.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { clientViewOf, type ClientView } from '../sync/client-view.ts';
import { describeStatements, judgeWithoutDatabase } from '../sync/judge.ts';
import { EXIT, type ExitCode } from '../sync/options.ts';
import { planSchemaChange } from '../sync/plan.ts';
import { REPOSITORY_PROJECT, type PrismaProject } from '../sync/prisma-config.ts';
import { parseMigrationScript } from '../sync/sql-statements.ts';
import { readMigrations } from './migrations.ts';
import { replayMigrations, withScratchDatabase } from './scratch.ts';
import { verdictFor } from './verdict.ts';

export interface ReviewOptions {
  /** The branch point: a git ref (default MONITRAX_REVIEW_BASE, else the merge base with origin/main or main, else HEAD). */
  base?: string;
  /** A PostgreSQL server where a scratch database may be created (its user needs CREATEDB). */
  serverUrl?: string;
  schemaPath?: string;
  project?: PrismaProject;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface ReviewResult {
  exitCode: ExitCode;
  mode: 'push' | 'migrate';
  problems: string[];
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const result = await execa('git', args, { cwd, reject: false, stdin: 'ignore' });
  return result.exitCode === 0 ? result.stdout : undefined;
}

async function branchPoint(root: string, options: ReviewOptions): Promise<string> {
  const asked = options.base ?? (options.env ?? process.env).MONITRAX_REVIEW_BASE;
  if (asked) return asked;
  for (const upstream of ['origin/main', 'main']) {
    const base = await git(root, ['merge-base', 'HEAD', upstream]);
    if (base) return base.trim();
  }
  return 'HEAD';
}

export async function reviewMigrations(options: ReviewOptions): Promise<ReviewResult> {
  const { log } = options;
  const project = options.project ?? REPOSITORY_PROJECT;
  const schemaPath = path.resolve(options.schemaPath ?? SCHEMA_PATH);
  const migrations = await readMigrations(project.migrationsPath);
  if (migrations.length === 0) {
    log(`push mode (no migrations in ${path.basename(project.migrationsPath)}): nothing to review`);
    return { exitCode: EXIT.OK, mode: 'push', problems: [] };
  }
  const root = (await git(project.migrationsPath, ['rev-parse', '--show-toplevel']))?.trim();
  if (!root) {
    return { exitCode: EXIT.ERROR, mode: 'migrate', problems: [`${project.migrationsPath} is not in a git repository: nothing to compare with`] };
  }
  const base = await branchPoint(root, options);
  const baseCommit = (await git(root, ['rev-parse', '--verify', `${base}^{commit}`]))?.trim();
  if (!baseCommit)
    return { exitCode: EXIT.ERROR, mode: 'migrate', problems: [`the branch point ${base} is not a commit here (fetch it, or set MONITRAX_REVIEW_BASE)`] };
  log(`migrate mode: ${migrations.length} migration(s); reviewing what changed since ${base} (${baseCommit.slice(0, 12)})`);

  const problems: string[] = [];
  const relativeMigrations = path.relative(root, project.migrationsPath);
  const atBase = new Set(
    ((await git(root, ['ls-tree', '-r', '--name-only', baseCommit, '--', relativeMigrations])) ?? '')
      .split('\n')
      .filter((file) => file.endsWith('/migration.sql'))
      .map((file) => path.basename(path.dirname(file))),
  );
  const baseSchemaText = await git(root, ['show', `${baseCommit}:${path.relative(root, schemaPath)}`]);
  let running: ClientView | undefined;
  try {
    running = baseSchemaText ? clientViewOf(baseSchemaText) : undefined;
  } catch (error) {
    log(`note: could not read the branch point's schema (${error instanceof Error ? error.message : String(error)}): breaking changes are not judged`);
  }

  for (const migration of migrations) {
    if (atBase.has(migration.name)) {
      const before = await git(root, ['show', `${baseCommit}:${path.relative(root, migration.file)}`]);
      if (before !== undefined && before.trim() !== (await readFile(migration.file, 'utf8')).trim()) {
        problems.push(
          `${migration.name}: changed since ${base}; a database that applied it keeps the old one (Prisma refuses the changed checksum): write a new migration instead`,
        );
      }
      continue;
    }
    const statements = parseMigrationScript(migration.sql).statements.filter((statement) => !/^(BEGIN|COMMIT|START TRANSACTION)$/i.test(statement));
    const classified = await judgeWithoutDatabase(statements, running, { pgMajor: POSTGRES_MAJOR });
    const verdict = verdictFor(migration, classified, { known: false });
    log(`new migration ${migration.name}:`);
    describeStatements(classified, log);
    for (const note of verdict.notes) log(`        note: ${note}`);
    problems.push(...verdict.refusals.map((refusal) => `${migration.name}: ${refusal}`));
  }

  if (!options.serverUrl) {
    problems.push('cannot check that the migrations build schema.prisma: no PostgreSQL to replay them on (set DATABASE_URL, or run it through make check)');
  } else {
    try {
      const plan = await withScratchDatabase(options.serverUrl, async (scratch) => {
        await replayMigrations(scratch, migrations);
        return planSchemaChange({ databaseUrl: scratch, schemaPath, configPath: project.configPath, ...(options.env ? { env: options.env } : {}) });
      });
      if (!plan.inSync) {
        problems.push(
          `schema.prisma has changes no migration makes (${plan.statements.length} statement(s), e.g. ${plan.statements[0]!.replace(/\s+/g, ' ').slice(0, 90)}): write one with make db-migration NAME=...`,
        );
      } else log('the migrations build schema.prisma exactly');
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  for (const problem of problems) log(`problem: ${problem}`);
  return { exitCode: problems.length > 0 ? EXIT.REFUSED : EXIT.OK, mode: 'migrate', problems };
}
