// Step "plan" of the schema sync: the SQL that would take the live database to prisma/schema.prisma,
// computed by Prisma itself (`migrate diff --from-config-datasource --to-schema --script`).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runPrisma } from '../prisma-cli/prisma-cli.ts';
import { parseMigrationScript } from './sql-statements.ts';
import { REPO_ROOT, SCHEMA_PATH } from '@monitrax/database/paths';

export interface SchemaPlan {
  /** The full script as Prisma printed it. */
  script: string;
  /** One entry per SQL statement (transaction control such as BEGIN/COMMIT left out). */
  statements: string[];
  /**
   * For each statement, the unit it belongs to: the statements Prisma wraps in one BEGIN ... COMMIT (an enum's
   * values replaced by a new type swapped in) share one, every other statement has its own. --safe-only applies a
   * unit whole or not at all.
   */
  units: number[];
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

export async function hashSchemaFile(schemaPath = SCHEMA_PATH): Promise<string> {
  return createHash('sha256')
    .update(await readFile(schemaPath))
    .digest('hex');
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|START TRANSACTION)$/i;

/** Drops transaction control and numbers each statement's unit: one per BEGIN ... COMMIT block, else one each. */
export function statementUnits(parsed: readonly string[]): { statements: string[]; units: number[] } {
  const statements: string[] = [];
  const units: number[] = [];
  let unit = 0;
  let inTransaction = false;
  for (const statement of parsed) {
    if (TRANSACTION_CONTROL.test(statement)) {
      inTransaction = /^(BEGIN|START TRANSACTION)$/i.test(statement);
      unit += 1;
      continue;
    }
    statements.push(statement);
    units.push(unit);
    if (!inTransaction) unit += 1;
  }
  return { statements, units };
}

export async function planSchemaChange(options: {
  databaseUrl: string;
  schemaPath?: string;
  /** prisma.config.ts (its externally managed tables are left alone); the repository's by default. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<SchemaPlan> {
  const schemaPath = path.resolve(options.schemaPath ?? SCHEMA_PATH);
  const config = options.configPath ? ['--config', options.configPath] : [];
  const [schemaHash, diff] = await Promise.all([
    hashSchemaFile(schemaPath),
    runPrisma(['migrate', 'diff', ...config, '--from-config-datasource', '--to-schema', schemaPath, '--script'], {
      cwd: REPO_ROOT,
      env: { ...(options.env ?? process.env), DATABASE_URL: options.databaseUrl },
      capture: true,
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
  const { statements, units } = statementUnits(parsed.statements);
  return { script: diff.stdout, statements, units, warnings: parsed.warnings, schemaHash, schemaPath, inSync: statements.length === 0 };
}
