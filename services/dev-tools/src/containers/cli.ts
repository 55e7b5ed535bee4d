// The Makefile's Docker targets: `node services/dev-tools/src/containers/cli.ts <command>`.
//   up                  build the images, start the stack, wait until every service is healthy, print the URLs
//   down [-v]           stop and remove the containers (-v: the database volume too)
//   logs [service...]   follow the logs
//   ps                  list the containers
//   db-shell            psql in the db container
//   db-backup           pg_dump through the db container into BACKUP_DIR (host needs no PostgreSQL client)
//   db-restore FILE ... pg_restore through the db container (same options as npm run db:restore)
//   running SERVICE     exit 0 when the service's container is running (the Makefile picks the backup route)
// Exit codes: 0 done, 1 failed (with the reason and the failing service's last log lines).
import { execa } from 'execa';
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { REPO_ROOT } from '@monitrax/database/paths';
import { composeVariables, ensureEnvFile } from './env-file.ts';
import { run, Stack, StackError, stackOptionsFrom } from './stack.ts';

const say = (line: string) => process.stdout.write(`[stack] ${line}\n`);
/** The uid the images run as (Dockerfile.api/web USER). */
const IMAGE_UID = 10001;

async function engineAnswers(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const result = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 15_000 }).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * backups/ is bind-mounted into the schema one-shot, which takes the pre-sync backup there. It runs as the
 * developer (MONITRAX_UID) so the files are theirs; as root, as the image's own uid, owning the folder.
 */
function prepareBackupDir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = path.join(REPO_ROOT, 'backups');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.() ?? IMAGE_UID;
  const gid = process.getgid?.() ?? IMAGE_UID;
  if (uid === 0) {
    chownSync(dir, IMAGE_UID, IMAGE_UID);
    return { ...env, MONITRAX_UID: String(IMAGE_UID), MONITRAX_GID: String(IMAGE_UID) };
  }
  return { ...env, MONITRAX_UID: String(uid), MONITRAX_GID: String(gid) };
}

function portOf(variables: Record<string, string | undefined>, name: string, fallback: number): string {
  return variables[name] || String(fallback);
}

async function up(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const engine = await engineAnswers(env);
  if (!engine) {
    process.stderr.write('[stack] no Docker engine answers here (docker version failed). Start Docker, or run the same stack natively without it: make dev\n');
    return 1;
  }
  // A caller that gives the secrets itself (make smoke, CI) gets no .env written into the checkout.
  const envFile = ensureEnvFile(env);
  if (envFile.created) say(`created .env from .env.example with a generated ${envFile.generated.join(', ')} (compose reads it; keep it out of git)`);
  else if (envFile.generated.length) say(`added a generated ${envFile.generated.join(', ')} to .env (compose needs it)`);
  // compose.yaml writes them into DATABASE_URL as they are: characters a URL gives a meaning to would break it.
  const account = composeVariables(env);
  for (const name of ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']) {
    const value = account[name];
    if (value && !/^[A-Za-z0-9._~-]+$/.test(value)) {
      process.stderr.write(
        `[stack] ${name}: use only letters, digits and . _ ~ - (it goes into DATABASE_URL unescaped); generate a password with: openssl rand -hex 24\n`,
      );
      return 1;
    }
  }
  const stackEnv = prepareBackupDir(env);
  const stack = await Stack.open(stackOptionsFrom(stackEnv));
  say(`Docker ${engine}, ${stack.compose.command.join(' ')} ${stack.compose.version}${stack.hostNetwork ? ', host network' : ''}: building the images`);
  const build = await stack.run(['build'], { inherit: true });
  if (build.code !== 0) throw new StackError(`building the images failed (exit ${build.code}); see the output above`);
  say(`images built after ${seconds()}; starting db -> schema -> api -> web`);
  const upResult = await stack.run(['up', '-d'], { inherit: true });
  if (upResult.code !== 0) throw new StackError(`compose up failed (exit ${upResult.code}); see the output above`);
  await stack.waitUntilReady({ timeoutMs: 300_000, onChange: (summary) => say(summary) });
  const variables = composeVariables(stackEnv);
  process.stdout.write(
    `${[
      '',
      `  Monitrax is up in Docker (healthy after ${seconds()})`,
      `  Web        http://localhost:${portOf(variables, 'WEB_PORT', DEFAULT_PORTS.web)}`,
      `  API        http://localhost:${portOf(variables, 'API_PORT', DEFAULT_PORTS.api)}/api`,
      `  Health     http://localhost:${portOf(variables, 'API_PORT', DEFAULT_PORTS.api)}/api/health`,
      `  Database   127.0.0.1:${portOf(variables, 'PG_PORT', DEFAULT_PORTS.postgres)} (make db-shell)`,
      '  make logs follows the logs; make down stops it.',
      '',
    ].join('\n')}\n`,
  );
  return 0;
}

/** Runs the backup CLI with pg_dump/pg_restore inside the db container (docker/compose-pg-bin). */
async function backupThroughDb(kind: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const stack = await Stack.open(stackOptionsFrom(env));
  const variables = composeVariables(env);
  const user = variables.POSTGRES_USER || 'monitrax';
  const database = variables.POSTGRES_DB || 'monitrax';
  const password = variables.POSTGRES_PASSWORD;
  if (!password) throw new StackError('POSTGRES_PASSWORD is not set (.env): it is how the stack was started');
  const url = new URL(`postgresql://127.0.0.1:${portOf(variables, 'PG_PORT', DEFAULT_PORTS.postgres)}/${database}`);
  url.username = user;
  url.password = password;
  const result = await execa(process.execPath, [path.join(REPO_ROOT, 'services/schema-sync/src/backup/cli.ts'), kind, ...args], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    extendEnv: false,
    env: { ...env, DATABASE_URL: url.toString(), PG_BIN_DIR: 'docker/compose-pg-bin', MONITRAX_COMPOSE: stack.commandLine },
    reject: false,
  });
  return result.exitCode ?? 1;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'up':
        return await up(env);
      case 'down':
      case 'logs':
      case 'ps':
      case 'db-shell': {
        const stack = await Stack.open(stackOptionsFrom(env));
        const variables = composeVariables(env);
        const args =
          command === 'logs'
            ? ['logs', '--follow', '--tail', '100', ...rest]
            : command === 'db-shell'
              ? ['exec', 'db', 'psql', '--username', variables.POSTGRES_USER || 'monitrax', '--dbname', variables.POSTGRES_DB || 'monitrax']
              : [command, ...rest];
        return (await stack.run(args, { inherit: true })).code;
      }
      case 'db-backup':
        return await backupThroughDb('backup', rest, env);
      case 'db-restore':
        return await backupThroughDb('restore', rest, env);
      case 'running': {
        if (!(await engineAnswers(env))) return 1;
        const stack = await Stack.open(stackOptionsFrom(env)).catch(() => undefined);
        if (!stack) return 1;
        const state = await stack.state(rest[0] as 'db');
        return state?.status === 'running' ? 0 : 1;
      }
      default:
        process.stderr.write(
          'usage: containers/cli.ts up | down [-v] | logs [service...] | ps | db-shell | db-backup | db-restore FILE [...] | running SERVICE\n',
        );
        return 1;
    }
  } catch (error) {
    process.stderr.write(`[stack] ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2), process.env);
