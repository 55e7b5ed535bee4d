// The native stack, as one function: embedded PostgreSQL 17 -> the schema sync -> the API (server.ts, started as
// Dockerfile.api starts it) -> healthy -> the background worker, when asked for (main.ts, as the worker service runs
// it). make dev, the browser tests' globalSetup and make bench start it; the
// resilience suite uses its two halves (it stops and restarts PostgreSQL under a running API). The web app is the
// caller's: make dev runs `next dev`, the browser tests the standalone build.
import { DEV_DATABASE } from '@monitrax/contract/platform';
import { REPO_ROOT } from '@monitrax/database/paths';
import { type SyncOptions, type SyncResult, syncSchema } from '@monitrax/schema-sync/sync/sync';
import { API_ENTRY, API_NODE_FLAGS, WORKER_ENTRY } from './entry-points.ts';
import { type NodeProcess, startNodeProcess } from './supervisor.ts';
import { type EmbeddedCluster, startEmbeddedPostgres } from './postgres/embedded-cluster.ts';
import { waitForHealthy } from './wait-for-health.ts';

/** The schema sync stopped (refused a change, or failed): the stack did not start. */
export class SchemaSyncStopped extends Error {
  readonly result: SyncResult;
  constructor(result: SyncResult) {
    super(`schema sync stopped (exit ${result.exitCode}: ${result.message})`);
    this.name = 'SchemaSyncStopped';
    this.result = result;
  }
}

export interface SyncedPostgresOptions {
  /** PostgreSQL's data directory: kept by make dev (.data/postgres), a temporary folder for tests and bench. */
  dataDir: string;
  port: number;
  database: string;
  /** How the sync runs: the same safe sync as deploys (apply mode). */
  sync: Omit<SyncOptions, 'databaseUrl' | 'mode' | 'waitTimeoutMs'>;
}

export interface SyncedPostgres {
  cluster: EmbeddedCluster;
  databaseUrl: string;
  sync: SyncResult;
  timings: { postgresMs: number; syncMs: number };
}

/** Embedded PostgreSQL 17 with the database created and the schema synced; stops PostgreSQL if the sync stops. */
export async function startSyncedPostgres(options: SyncedPostgresOptions): Promise<SyncedPostgres> {
  const started = performance.now();
  const cluster = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, user: DEV_DATABASE.user, password: DEV_DATABASE.password });
  try {
    await cluster.ensureDatabase(options.database);
    const databaseUrl = cluster.url(options.database);
    const postgresMs = performance.now() - started;
    const sync = await syncSchema({ ...options.sync, databaseUrl, mode: 'apply', waitTimeoutMs: 10_000 });
    if (sync.exitCode !== 0) throw new SchemaSyncStopped(sync);
    return { cluster, databaseUrl, sync, timings: { postgresMs, syncMs: performance.now() - started - postgresMs } };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export interface ApiOptions {
  databaseUrl: string;
  port: number;
  /** The API's environment besides DATABASE_URL, PORT and HOST (secrets, NODE_ENV, LOG_LEVEL, ...). */
  env: NodeJS.ProcessEnv;
  /** make dev: restart on change (node --watch) and write to this terminal. */
  watch?: boolean;
  /** npm start: write to this terminal (without watching). */
  terminal?: boolean;
  /** Write the API's output to this file (make bench) instead of keeping it in memory. */
  logFile?: string;
  healthyTimeoutMs?: number;
}

export interface RunningApi {
  process: NodeProcess;
  url: string;
}

/** server.ts with the production Node flags, on 127.0.0.1, until /api/health answers 200. */
export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const url = `http://127.0.0.1:${options.port}`;
  const api = startNodeProcess(API_ENTRY, {
    cwd: REPO_ROOT,
    env: { ...options.env, DATABASE_URL: options.databaseUrl, PORT: String(options.port), HOST: '127.0.0.1' },
    nodeArgs: [...(options.watch ? ['--watch', '--watch-preserve-output'] : []), ...API_NODE_FLAGS],
    ...(options.logFile ? { logFile: options.logFile } : {}),
    inherit: options.watch === true || options.terminal === true,
  });
  try {
    await waitForHealthy(`${url}/api/health`, { child: api.child, timeoutMs: options.healthyTimeoutMs ?? 60_000 });
  } catch (error) {
    await api.stop();
    const output = api.output();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${output ? `\n--- last output of the API ---\n${output.slice(-3000)}` : ''}`);
  }
  return { process: api, url };
}

export interface WorkerOptions {
  /** The worker's environment besides DATABASE_URL. */
  env: NodeJS.ProcessEnv;
  /** make dev: restart on change (node --watch) and write to this terminal. */
  watch?: boolean;
  /** npm start: write to this terminal (without watching). */
  terminal?: boolean;
}

export interface LocalStackOptions extends Omit<SyncedPostgresOptions, 'port'> {
  ports: { postgres: number; api: number };
  api: Omit<ApiOptions, 'databaseUrl' | 'port'>;
  /** Start the background worker once the API is healthy (and whileApiStarts has finished). */
  worker?: WorkerOptions;
  /** Runs while the API boots, on the synced database (make dev seeds the demo data). */
  whileApiStarts?: (databaseUrl: string) => Promise<unknown>;
}

export interface LocalStack extends SyncedPostgres {
  api: RunningApi;
  worker: NodeProcess | undefined;
  /** The worker and the API (SIGTERM, bounded), then PostgreSQL. */
  stop(): Promise<void>;
}

/** The worker's main.ts, as the worker service runs it. */
export function startWorker(options: WorkerOptions, databaseUrl: string): NodeProcess {
  return startNodeProcess(WORKER_ENTRY, {
    cwd: REPO_ROOT,
    env: { ...options.env, DATABASE_URL: databaseUrl },
    nodeArgs: options.watch ? ['--watch', '--watch-preserve-output'] : [],
    inherit: options.watch === true || options.terminal === true,
  });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const postgres = await startSyncedPostgres({ ...options, port: options.ports.postgres });
  try {
    const [started, alongside] = await Promise.allSettled([
      startApi({ ...options.api, databaseUrl: postgres.databaseUrl, port: options.ports.api }),
      options.whileApiStarts?.(postgres.databaseUrl),
    ]);
    if (started.status === 'rejected') throw started.reason;
    const api = started.value;
    if (alongside.status === 'rejected') {
      await api.process.stop();
      throw alongside.reason;
    }
    const worker = options.worker ? startWorker(options.worker, postgres.databaseUrl) : undefined;
    return {
      ...postgres,
      api,
      worker,
      async stop() {
        await Promise.all([worker?.stop(), api.process.stop()]);
        await postgres.cluster.stop();
      },
    };
  } catch (error) {
    await postgres.cluster.stop();
    throw error;
  }
}
