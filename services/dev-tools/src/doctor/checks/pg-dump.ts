// Check 7: a pg_dump that can back up the database before a schema sync. pg_dump refuses servers of a
// newer major than its own, so it needs >= the server's major (17, the project's, when no database
// answers). The lookup and the advice are the backup command's own (services/schema-sync/src/backup/pg-tools.ts),
// so the doctor finds exactly the pg_dump that `make db-sync` / `make db-backup` would use.
import type { CheckResult, DoctorWorld } from '../types.ts';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import type { DatabaseOutcome } from './database.ts';

/** Decides from the tools found for `required` (undefined: none) and the majors installed. */
export function pgDumpResult(input: {
  serverMajor: number | undefined;
  tools: { pgDump: string; major: number; source: string } | undefined;
  installedMajors: readonly number[];
  advice: (minMajor: number, found: number[]) => string;
  pgBinDir?: string | undefined;
}): CheckResult {
  const name = 'pg_dump';
  const required = input.serverMajor ?? POSTGRES_MAJOR;
  const against =
    input.serverMajor === undefined
      ? `PostgreSQL ${POSTGRES_MAJOR}, the project's major (no database to compare with)`
      : `the server's PostgreSQL ${input.serverMajor}`;
  if (input.tools) {
    return { name, status: 'ok', detail: `pg_dump ${input.tools.major} can dump ${against}: ${input.tools.pgDump}, found via ${input.tools.source}` };
  }
  const found = input.installedMajors.length ? `found only pg_dump ${input.installedMajors.join(', ')}` : 'found none';
  const where = input.pgBinDir ? ` in PG_BIN_DIR (${input.pgBinDir}), the only place looked when it is set` : '';
  // The advice's first line leads; the rest is its explanation (continuation lines in the report).
  const [first = '', ...rest] = input.advice(required, [...input.installedMajors]).split('\n');
  return {
    name,
    status: 'warn',
    detail: `no pg_dump ${required}+ for ${against}${where}: ${found}`,
    fix: [first, ...rest.map((line) => `  ${line}`)].join('\n'),
  };
}

export async function checkPgDump(world: DoctorWorld, database: Promise<DatabaseOutcome>): Promise<CheckResult> {
  const serverMajor = (await database).server?.major;
  const required = serverMajor ?? POSTGRES_MAJOR;
  const tools = await world.pgTools.find(required);
  const installedMajors = tools ? [] : await world.pgTools.installedMajors();
  return pgDumpResult({ serverMajor, tools, installedMajors, advice: world.pgTools.advice, pgBinDir: world.env.PG_BIN_DIR });
}
