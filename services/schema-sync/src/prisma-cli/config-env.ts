// What prisma.config.ts does before the Prisma CLI needs an engine or a database, so that the design doc's plain
// commands (`npx prisma generate`, `db push`, `db pull`, `studio`, ...) work as written, with no wrapper:
//   - the schema engine: the CLI loads prisma.config.ts before it looks for (and would try to download) its native
//     engine, so the same choice `npm run prisma` makes (select-engine.ts) is made here, in the CLI's own
//     environment: PRISMA_SCHEMA_ENGINE_BINARY, inherited by the engine it starts;
//   - the database: DATABASE_URL from the environment or .env, else `make dev`'s database (said on stderr);
//     for the WebAssembly engine the password travels in PGPASSWORD, not in the URL the CLI passes as an argument.
// Through `npm run prisma` (prisma-cli.ts) all of this is already decided and nothing is changed.
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { maskDatabaseUrl, splitPassword } from '@monitrax/database/url';
import { prismaEnv } from './prisma-cli.ts';
import { describeChoice, PRISMA_BINARY_ENV, selectSchemaEngine } from './schema-engine/select-engine.ts';

export interface PrismaCliSetup {
  /** The datasource URL for prisma.config.ts (undefined: none, e.g. `prisma generate` in a Docker build). */
  databaseUrl: string | undefined;
}

export function configurePrismaCli(env: NodeJS.ProcessEnv, options: { cwd: string; log?: (line: string) => void; fallbackToDev?: boolean }): PrismaCliSetup {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (env[PRISMA_BINARY_ENV]) return { databaseUrl: env.DATABASE_URL }; // chosen by `npm run prisma`, or by a person
  if (env.DATABASE_URL === undefined && options.fallbackToDev !== false) {
    env.DATABASE_URL = devDatabaseUrl(env.PG_PORT || undefined);
    log(`prisma.config.ts: no DATABASE_URL in the environment or .env; using make dev's database (${maskDatabaseUrl(env.DATABASE_URL)})`);
  }
  const engine = selectSchemaEngine({ env, cwd: options.cwd });
  log(describeChoice(engine));
  const prepared = prismaEnv(env, engine);
  for (const key of [PRISMA_BINARY_ENV, 'CHECKPOINT_DISABLE', 'PGPASSWORD', 'PATH']) if (prepared[key] !== undefined) env[key] = prepared[key];
  const url = env.DATABASE_URL;
  return { databaseUrl: url && engine.kind === 'wasm' ? splitPassword(url).url : url };
}
