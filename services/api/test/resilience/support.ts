// Shared pieces of the fault and hostile-input suite (`npm run test:resilience`): the real API as a child process
// (server.ts, as Render runs it), an HTTP client that controls its connections, a PostgreSQL of a test's own that
// it may stop and start, and the one summary line per area.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgresTempDir, startEmbeddedPostgres, type EmbeddedCluster } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { SchemaSyncStopped, startSyncedPostgres } from '@monitrax/local-stack/stack';
import { startNodeProcess, type NodeProcess } from '@monitrax/local-stack/supervisor';
import { REPO_ROOT } from '@monitrax/database/paths';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';

/** One line per area, with its counts, for the run's output. */
export function summary(area: string, counts: Record<string, number | string>): void {
  const parts = Object.entries(counts).map(([name, value]) => `${name} ${value}`);
  process.stdout.write(`[resilience] ${area}: ${parts.join(', ')}\n`);
}

export interface HttpReply {
  status: number;
  text: string;
  json: unknown;
}

/** One HTTP request; `agent: false` opens a fresh connection. Rejects only on network errors. */
export function http(options: {
  port: number;
  method?: string;
  path: string;
  body?: unknown;
  token?: string;
  agent?: Agent | false;
  timeoutMs?: number;
}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        agent: options.agent ?? false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ApiProcess extends NodeProcess {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  /** Resolves when a line matching `pattern` has been written (at any time, also before the call). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, and SIGKILL if it does not drain within its own deadline (+5 s). */
  stop(): Promise<void>;
}

/** server.ts as its own process, as in production (NODE_ENV=production unless env says otherwise). */
export async function startApiProcess(options: { databaseUrl: string; env?: NodeJS.ProcessEnv; waitUntilListening?: boolean }): Promise<ApiProcess> {
  const port = await findFreePort();
  const jwtSecret = randomBytes(48).toString('base64');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    JWT_SECRET: jwtSecret,
    INTERNAL_API_SECRET: randomBytes(48).toString('base64'),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '10000',
    SCHEMA_CHECK_INTERVAL_MS: '0',
    BACKUP_DIR: path.join(tmpdir(), 'monitrax-resilience-backups'),
    ...options.env,
  };
  const server = startNodeProcess('services/api/src/server.ts', { cwd: REPO_ROOT, env });
  const api: ApiProcess = {
    ...server,
    port,
    databaseUrl: options.databaseUrl,
    jwtSecret,
    waitForLog: (pattern, timeoutMs) => server.waitForOutput(pattern, timeoutMs),
    stop: () => server.stop({ killAfterMs: Number(env.SHUTDOWN_TIMEOUT_MS) + 5_000 }),
  };
  if (options.waitUntilListening !== false) await api.waitForLog(/listening on/);
  return api;
}

export interface OwnPostgres {
  cluster: EmbeddedCluster;
  databaseUrl: string;
  /** Stops the server (fast shutdown: sessions are cut, as in a crash or a restart). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

/**
 * An embedded PostgreSQL 17 of the test's own (the shared test server must not be stopped under other files),
 * with the schema synced. `port` lets a test choose it before the server exists.
 */
export async function ownPostgres(options: { port?: number; start?: boolean } = {}): Promise<OwnPostgres> {
  const parent = await postgresTempDir('monitrax-resilience-pg-');
  const port = options.port ?? (await findFreePort());
  const dataDir = path.join(parent, 'data');
  const settings = { dataDir, port, user: 'monitrax', password: 'monitrax' };
  let cluster: EmbeddedCluster | undefined;
  const databaseUrl = `postgresql://monitrax:monitrax@127.0.0.1:${port}/monitrax_resilience`;

  const own: OwnPostgres = {
    get cluster() {
      if (!cluster) throw new Error('PostgreSQL has not been started');
      return cluster;
    },
    databaseUrl,
    async stop() {
      await cluster?.stop();
      cluster = undefined;
    },
    async start() {
      if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
        cluster = await startEmbeddedPostgres(settings);
        return;
      }
      // The first start: the local stack's PostgreSQL half (database created, schema synced).
      const lines: string[] = [];
      const synced = await startSyncedPostgres({
        dataDir,
        port,
        database: 'monitrax_resilience',
        sync: { backupDir: path.join(parent, 'backups'), acceptDataLoss: [], backup: false, appVersion: 'resilience', log: (line) => lines.push(line) },
      }).catch((error: unknown) => {
        throw error instanceof SchemaSyncStopped ? new Error(`${error.message}\n${lines.join('\n')}`) : error;
      });
      cluster = synced.cluster;
    },
    async remove() {
      await own.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
  if (options.start !== false) {
    try {
      await own.start();
    } catch (error) {
      await own.remove(); // the caller never gets `own`, so nothing else would stop the server
      throw error;
    }
  }
  return own;
}

/** Polls `probe` until it returns true, at most `timeoutMs` (for states only observable from outside). */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe().catch(() => false)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Signs a new user up as a person does: the request, then the mailed link (read from the outbox; no worker runs here). */
export async function registerUser(api: Pick<ApiProcess, 'port' | 'databaseUrl'>, label: string): Promise<{ token: string; id: string }> {
  const email = `${label}-${randomBytes(5).toString('hex')}@example.com`;
  const reply = await http({
    port: api.port,
    method: 'POST',
    path: '/api/auth/register',
    body: { email, password: 'resilience-password-1', name: `Resilience ${label}` },
  });
  if (reply.status !== 202) throw new Error(`register -> ${reply.status}: ${reply.text}`);
  const token = signUpToken(await queuedSignUpLink(api.databaseUrl, email));
  const confirmed = await http({ port: api.port, method: 'POST', path: '/api/auth/confirm', body: { token, password: 'resilience-password-1' } });
  if (confirmed.status !== 201) throw new Error(`confirm -> ${confirmed.status}: ${confirmed.text}`);
  const data = (confirmed.json as { data: { token: string; user: { id: string } } }).data;
  return { token: data.token, id: data.user.id };
}

export const expense = (n: number) => ({ payee: `Resilience payee ${n}`, category: 'Utilities', amount: 10 + (n % 90), frequency: 'MONTHLY' });
