// `npm run db:sync` / `make db-sync`: the safe schema sync from the command line.
//   --check             report drift and exit 2 if any (changes nothing)
//   --dry-run           print the plan and what would be refused (changes nothing)
//   --accept-data-loss=NAME[,NAME...]
//                       apply a change that drops or may change the data it names, as a refusal printed them (a
//                       table, `table.column`, `statement-N`); a backup is still taken first
//   --allow-breaking    apply a change the running release would fail on (errors or downtime during the deploy)
//   --safe-only         apply only the safe, non-breaking statements; leave the rest pending (SCHEMA_SYNC_SAFE_ONLY)
//   --no-backup         apply without the pre-sync backup (a person's explicit choice)
//   --schema PATH       target another schema file (tests, experiments)
// Exit codes: 0 applied or in sync, 1 error, 2 drift found (--check), 3 refused: would lose data or break the
// running release.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseEnv } from '@monitrax/contract/env';
import { syncEnv } from '../env.ts';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { appVersion } from './app-version.ts';
import { REPO_ROOT } from '@monitrax/database/paths';
import { EXIT, syncSchema, type SyncMode } from './sync.ts';
import { schemaModeOf } from '../migrate/mode.ts';
import { REPOSITORY_PROJECT } from './prisma-config.ts';

const USAGE = 'usage: db:sync [--check | --dry-run] [--accept-data-loss=NAME,...] [--allow-breaking] [--safe-only] [--no-backup] [--schema PATH]';

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const log = (line: string) => process.stdout.write(`db:sync: ${line}\n`);
  if (argv.includes('--accept-data-loss')) {
    process.stderr.write(
      'db:sync: --accept-data-loss names what may be lost, e.g. --accept-data-loss=Expense.category,Legacy (a refusal prints the exact flag for its plan)\n',
    );
    return EXIT.ERROR;
  }
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'accept-data-loss': { type: 'string', multiple: true, default: [] },
        'allow-breaking': { type: 'boolean', default: false },
        'safe-only': { type: 'boolean', default: false },
        'no-backup': { type: 'boolean', default: false },
        schema: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`db:sync: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return EXIT.ERROR;
  }
  if (flags.help) {
    process.stdout.write(
      `${USAGE}\nExit codes: 0 applied or in sync, 1 error, 2 drift found (--check), 3 refused: would lose data or break the running release.\n`,
    );
    return EXIT.OK;
  }
  const acceptDataLoss = flags['accept-data-loss'].flatMap((value) => value.split(',')).map((name) => name.trim());
  if (acceptDataLoss.some((name) => name === '')) {
    process.stderr.write(`db:sync: --accept-data-loss has an empty name; write the names as the refusal printed them, separated by commas\n${USAGE}\n`);
    return EXIT.ERROR;
  }
  if (flags['safe-only'] && (acceptDataLoss.length > 0 || flags['allow-breaking'])) {
    process.stderr.write(`db:sync: --safe-only leaves out what --accept-data-loss and --allow-breaking would let through; pick one\n${USAGE}\n`);
    return EXIT.ERROR;
  }
  if (flags.check && flags['dry-run']) {
    process.stderr.write(`db:sync: --check and --dry-run are alternatives; pick one\n${USAGE}\n`);
    return EXIT.ERROR;
  }

  let parsed;
  try {
    parsed = parseEnv(syncEnv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`db:sync: refusing to start.\n${error.message}\n`);
    return EXIT.ERROR;
  }
  if (parsed.SCHEMA_SYNC_SAFE_ONLY && !flags['safe-only'] && (acceptDataLoss.length > 0 || flags['allow-breaking'])) {
    process.stderr.write(
      'db:sync: SCHEMA_SYNC_SAFE_ONLY=true (environment or .env) would leave out what --accept-data-loss or --allow-breaking asks to apply; unset it for this run (SCHEMA_SYNC_SAFE_ONLY=false)\n',
    );
    return EXIT.ERROR;
  }
  if (flags['allow-breaking'] && (await schemaModeOf(REPOSITORY_PROJECT.migrationsPath)) === 'migrate') {
    process.stderr.write(
      'db:sync: --allow-breaking is for push mode; this project deploys migrations: mark the migration file instead (-- monitrax: allow-breaking: <reason>)\n',
    );
    return EXIT.ERROR;
  }
  const mode: SyncMode = flags.check ? 'check' : flags['dry-run'] ? 'dry-run' : 'apply';
  log(`${mode} ${maskDatabaseUrl(parsed.DATABASE_URL)}`);
  const result = await syncSchema({
    databaseUrl: parsed.DATABASE_URL,
    backupDir: path.resolve(REPO_ROOT, parsed.BACKUP_DIR),
    mode,
    acceptDataLoss,
    newEnumValues: parsed.SCHEMA_SYNC_NEW_ENUM_VALUES,
    allowBreaking: flags['allow-breaking'],
    safeOnly: flags['safe-only'] || parsed.SCHEMA_SYNC_SAFE_ONLY,
    backup: !flags['no-backup'],
    appVersion: appVersion(env),
    waitTimeoutMs: parsed.SCHEMA_SYNC_WAIT_MS,
    ...(flags.schema ? { schemaPath: path.resolve(flags.schema) } : {}),
    log,
    env,
  });
  return result.exitCode;
}

if (import.meta.main) {
  loadDotenv({ path: path.join(REPO_ROOT, '.env'), quiet: true });
  process.exitCode = await main(process.argv.slice(2), process.env);
}
