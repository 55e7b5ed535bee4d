// prisma.config.ts as Prisma itself loads it (@prisma/config, the loader the CLI uses) against what the schema sync
// assumes of it: the externally managed tables and enums are exactly those of @monitrax/database/external-objects
// (the sync's drift fingerprint leaves out those, Prisma leaves out these: they must be one list), with the Preview
// flag that makes Prisma honour them; and its migrations live where the sync looks for them.
import { loadConfigFromFile } from '@prisma/config';
import { EXTERNAL_ENUMS, EXTERNAL_TABLES } from '@monitrax/database/external-objects';
import path from 'node:path';
import { CONFIG_PATH, MIGRATIONS_PATH } from '@monitrax/database/paths';
import type { CheckOutcome } from './checks.ts';

const FILE = 'prisma.config.ts';
const DECLARATIONS = 'services/database/src/external-objects.ts';

function sameList(what: string, configured: readonly string[] | undefined, declared: readonly string[]): string[] {
  const inConfig = new Set(configured ?? []);
  const problems: string[] = [];
  for (const name of declared) if (!inConfig.has(name)) problems.push(`${FILE}: ${what}: misses '${name}', which ${DECLARATIONS} declares`);
  for (const name of inConfig)
    if (!declared.includes(name)) problems.push(`${FILE}: ${what}: lists '${name}'; declare it in ${DECLARATIONS} instead, which this file reads`);
  return problems;
}

export async function checkPrismaConfig(configFile = CONFIG_PATH): Promise<CheckOutcome> {
  const name = `${FILE}: the external tables and enums of ${DECLARATIONS}, the migrations folder`;
  const loaded = await loadConfigFromFile({ configFile });
  if (loaded.error) {
    const detail = 'error' in loaded.error ? `: ${loaded.error.error.message}` : '';
    return { name, problems: [`${FILE}: Prisma could not load it (${loaded.error._tag}${detail})`] };
  }
  const { config } = loaded;
  const problems = [
    ...sameList('tables.external', config.tables?.external, EXTERNAL_TABLES),
    ...sameList('enums.external', config.enums?.external, EXTERNAL_ENUMS),
  ];
  if ((EXTERNAL_TABLES.length > 0 || EXTERNAL_ENUMS.length > 0) && config.experimental?.externalTables !== true) {
    problems.push(`${FILE}: experimental.externalTables must be true, or Prisma ignores tables.external and enums.external`);
  }
  // Prisma's default is the folder `migrations` beside the schema; the sync looks in MIGRATIONS_PATH: they must agree.
  const schema = config.schema ? path.resolve(path.dirname(configFile), config.schema) : undefined;
  const migrations = config.migrations?.path
    ? path.resolve(path.dirname(configFile), config.migrations.path)
    : schema && path.join(path.dirname(schema), 'migrations');
  if (configFile === CONFIG_PATH && migrations !== MIGRATIONS_PATH) {
    problems.push(
      `${FILE}: Prisma's migrations folder is ${migrations ?? 'unknown'}, but the schema sync looks in ${path.relative(path.dirname(configFile), MIGRATIONS_PATH)} (MIGRATIONS_PATH)`,
    );
  }
  return { name, problems };
}
