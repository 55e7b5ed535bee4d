// Step "plan" of the schema sync: the SQL that would take the live database to prisma/schema.prisma,
// computed by Prisma itself (`migrate diff --from-config-datasource --to-schema --script`).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runPrisma } from '../prisma-cli/prisma-cli.ts';
import { parseMigrationScript } from './sql-statements.ts';
import { REPO_ROOT } from '../repo-root.ts';

/** The repository root: where prisma.config.ts and prisma/schema.prisma live. */
export const DEFAULT_SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');

export interface SchemaPlan {
  /** The full script as Prisma printed it. */
  script: string;
  /** One entry per SQL statement (transaction control such as BEGIN/COMMIT left out). */
  statements: string[];
  /** Prisma's own data-loss warnings, if it wrote any. */
  warnings: string[];
  /** sha256 of the schema file the plan targets (first 12 hex digits name backups). */
  schemaHash: string;
  schemaPath: string;
  inSync: boolean;
}

export class PlanError extends Error {
  override name = 'PlanError';
}

export async function hashSchemaFile(schemaPath = DEFAULT_SCHEMA_PATH): Promise<string> {
  return createHash('sha256')
    .update(await readFile(schemaPath))
    .digest('hex');
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|START TRANSACTION)$/i;

export async function planSchemaChange(options: { databaseUrl: string; schemaPath?: string; env?: NodeJS.ProcessEnv }): Promise<SchemaPlan> {
  const schemaPath = path.resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const [schemaHash, diff] = await Promise.all([
    hashSchemaFile(schemaPath),
    runPrisma(['migrate', 'diff', '--from-config-datasource', '--to-schema', schemaPath, '--script'], {
      cwd: REPO_ROOT,
      env: { ...(options.env ?? process.env), DATABASE_URL: options.databaseUrl },
      capture: true,
      log: () => {},
    }),
  ]);
  if (diff.code !== 0) {
    const detail = `${diff.stderr}\n${diff.stdout}`
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('Loaded Prisma config'))
      .join('\n');
    throw new PlanError(`prisma migrate diff failed (exit ${diff.code}): ${detail.slice(0, 2000)}`);
  }
  const parsed = parseMigrationScript(diff.stdout);
  const statements = parsed.statements.filter((statement) => !TRANSACTION_CONTROL.test(statement));
  return { script: diff.stdout, statements, warnings: parsed.warnings, schemaHash, schemaPath, inSync: statements.length === 0 };
}
