// The migrate mode's commands:
//   npm run db:migration -- --name NAME   the next migration, from the migrations so far to prisma/schema.prisma, judged
//   npm run db:baseline [-- --mark-applied]
//                                         a db push database to migrate mode: 0_init written and marked applied, or
//                                         only marked (the files exist already)
//   npm run db:review [-- --base REF]     the migrations added since REF judged as a deploy would, and checked to build
//                                         schema.prisma (make check runs it)
// DATABASE_URL from the environment or the repository's .env; without one, make dev's database (as prisma.config.ts).
// Exit codes: 0 done, 1 error (usage, connection), 3 refused (a baseline that does not match; problems in review).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { REPO_ROOT } from '@monitrax/database/paths';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { appVersion } from '../sync/app-version.ts';
import { EXIT } from '../sync/options.ts';
import { baseline } from './baseline.ts';
import { newMigration } from './new-migration.ts';
import { reviewMigrations } from './review.ts';

const USAGE = `usage:
  npm run db:migration -- --name NAME
  npm run db:baseline [-- --mark-applied]
  npm run db:review [-- --base REF]`;

export async function main(command: string | undefined, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const log = (line: string) => process.stdout.write(`db:${command}: ${line}\n`);
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: { name: { type: 'string' }, 'mark-applied': { type: 'boolean', default: false }, base: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`db:${command}: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return EXIT.ERROR;
  }
  const databaseUrl = env.DATABASE_URL || devDatabaseUrl(env.PG_PORT || undefined);
  try {
    switch (command) {
      case 'migration': {
        if (!flags.name) {
          process.stderr.write(`db:migration: --name is required (e.g. --name add_property_notes)\n${USAGE}\n`);
          return EXIT.ERROR;
        }
        log(`planning from the migrations so far on a scratch database next to ${maskDatabaseUrl(databaseUrl)}`);
        return (await newMigration({ name: flags.name, databaseUrl, log, env })).exitCode;
      }
      case 'baseline':
        log(`${flags['mark-applied'] ? 'marking the first migration applied on' : 'baselining'} ${maskDatabaseUrl(databaseUrl)}`);
        return (await baseline({ databaseUrl, markAppliedOnly: flags['mark-applied'], appVersion: appVersion(env), log, env })).exitCode;
      case 'review':
        return (await reviewMigrations({ ...(flags.base ? { base: flags.base } : {}), serverUrl: databaseUrl, log, env })).exitCode;
      default:
        process.stderr.write(`${USAGE}\n`);
        return EXIT.ERROR;
    }
  } catch (error) {
    process.stderr.write(`db:${command}: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.ERROR;
  }
}

if (import.meta.main) {
  loadDotenv({ path: path.join(REPO_ROOT, '.env'), quiet: true });
  process.exitCode = await main(process.argv[2], process.argv.slice(3), process.env);
}
