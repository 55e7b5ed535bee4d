// Vitest globalSetup for the browser tests (project `e2e`): the real native stack on free loopback
// ports, started once for the run and stopped by the teardown:
//   the local stack (startLocalStack: embedded PostgreSQL 17 in a temp folder -> schema sync -> API)
//   -> web app (`next build` when stale, then the standalone server)
// Without a Chromium to drive, nothing is started and every browser test is skipped by name.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { waitForHealthy } from '@monitrax/test-support/wait-for-health';
import { type LocalStack, SchemaSyncStopped, startLocalStack } from '@monitrax/test-support/local-stack';
import { findFreePort } from '@monitrax/test-support/postgres/ports';
import { copyStaticAssets, STANDALONE_APP_DIR, STANDALONE_SERVER, WEB_DIR } from '@monitrax/test-support/web-standalone';
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { setTimeout as delay } from 'node:timers/promises';
import { REPO_ROOT } from '@monitrax/schema-sync/repo-root';

export interface E2eContext {
  /** Why the browser tests are skipped (no Chromium), or null when the stack is running. */
  skipReason: string | null;
  chromiumPath: string;
  webUrl: string;
  apiUrl: string;
  /** The API's signing key for this run only (lets a test forge an expired session). */
  jwtSecret: string;
  /** What the API reports as releaseId in its health document. */
  releaseId: string;
  /** The stack's database (tests write what only the worker writes, such as history points). */
  databaseUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    monitraxE2e: E2eContext;
  }
}

const BUILD_TIMEOUT_MS = 300_000;
const HEALTHY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

const say = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

/** Until the API's health reports the worker live and its catch-up job done (the status page shows both), or the worker exits. */
async function workerReported(apiUrl: string, stack: LocalStack): Promise<void> {
  const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (stack.worker && stack.worker.child.exitCode !== null)
      throw new Error(`the worker exited (${stack.worker.child.exitCode}):\n${stack.worker.output().slice(-3000)}`);
    const response = await fetch(`${apiUrl}${HEALTH_PATHS.readiness}`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    const document = (await response?.json().catch(() => undefined)) as
      | { checks?: Record<string, Array<{ status?: string; output?: string; lastJob?: { state?: string } }>> }
      | undefined;
    const check = document?.checks?.[HEALTH_CHECKS.worker]?.[0];
    if (check?.status === 'pass' && check.lastJob?.state === 'completed') return;
    last = check?.output ?? last;
    await delay(250); // the API re-reads the worker's state every second; only asking shows when it has
  }
  throw new Error(`the API did not report a live worker with its first job done within ${HEALTHY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

function chromiumProblem(chromiumPath: string): string | null {
  if (!existsSync(chromiumPath)) return `Chromium not found at ${chromiumPath}`;
  try {
    accessSync(chromiumPath, constants.X_OK);
    return null;
  } catch {
    return `${chromiumPath} is not executable`;
  }
}

/** A child process whose recent output is kept for error messages. */
interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
}

const running = new Set<ChildProcess>();
/** Children run in their own process group, so a signal reaches their helpers too (next build's workers). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // the group is already gone
  }
}
// Last resort when vitest dies without running the teardown: no server outlives the run.
process.on('exit', () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) signalGroup(child, 'SIGKILL');
});

function startChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, children: Child[]): Child {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 60) lines.shift();
    }
  };
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const started = { name, process: child, output: () => lines.join('\n') };
  children.push(started);
  return started;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, wait for the exit (SIGKILL after a bounded wait). */
async function stopChild(child: Child): Promise<void> {
  const done = exited(child.process);
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  signalGroup(child.process, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([done.then(() => 'exited' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    say(`${child.name} did not exit ${STOP_TIMEOUT_MS} ms after SIGTERM; sending SIGKILL`);
    signalGroup(child.process, 'SIGKILL');
    await done;
  }
}

async function waitHealthy(child: Child, url: string): Promise<void> {
  try {
    await waitForHealthy(url, { child: child.process, timeoutMs: HEALTHY_TIMEOUT_MS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${child.name}: ${reason}\n--- last output of ${child.name} ---\n${child.output() || '(none)'}`);
  }
}

/** Newest modification time of the web app's sources (what `next build` reads). */
async function newestSourceMtime(): Promise<number> {
  const skipped = new Set(['node_modules', '.next', 'e2e', 'test-results', 'next-env.d.ts']);
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (skipped.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  };
  await walk(WEB_DIR);
  // Dependency versions (next, react) come from the root lockfile.
  const lockfile = path.join(REPO_ROOT, 'package-lock.json');
  if (existsSync(lockfile)) newest = Math.max(newest, statSync(lockfile).mtimeMs);
  return newest;
}

async function buildReason(): Promise<string | null> {
  if (process.env.MONITRAX_E2E_REBUILD === '1') return 'MONITRAX_E2E_REBUILD=1';
  if (!existsSync(STANDALONE_SERVER)) return 'no standalone build yet';
  if ((await newestSourceMtime()) > statSync(STANDALONE_SERVER).mtimeMs) return 'sources changed since the last build';
  return null;
}

async function nextBuild(children: Child[]): Promise<void> {
  const nextBin = createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');
  const build = startChild(
    'next build',
    [nextBin, 'build'],
    {
      cwd: WEB_DIR,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    },
    children,
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), BUILD_TIMEOUT_MS);
  });
  const outcome = await Promise.race([exited(build.process).then(() => 'exited' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    await stopChild(build);
    throw new Error(`next build did not finish within ${BUILD_TIMEOUT_MS / 1000} s\n${build.output()}`);
  }
  if (build.process.exitCode !== 0) {
    throw new Error(`next build failed (${build.process.exitCode ?? build.process.signalCode}):\n${build.output()}`);
  }
  if (!existsSync(STANDALONE_SERVER)) {
    throw new Error(
      `next build finished but ${path.relative(REPO_ROOT, STANDALONE_SERVER)} is missing: services/web/next.config must set output: 'standalone'`,
    );
  }
}

/** The standalone server serves neither .next/static nor public/ unless they are copied next to it. */
export default async function setup(project: TestProject) {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const problem = chromiumProblem(chromiumPath);
  if (problem) {
    say(`!!! SKIPPING ALL BROWSER TESTS: ${problem}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. Nothing was started. !!!`);
    project.provide('monitraxE2e', { skipReason: problem, chromiumPath, webUrl: '', apiUrl: '', jwtSecret: '', releaseId: '', databaseUrl: '' });
    return;
  }

  const started = performance.now();
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  const children: Child[] = [];
  let stack: LocalStack | undefined;
  let tempDir: string | undefined;
  let building: Promise<string> | undefined;
  let failed = false;

  const teardown = async () => {
    // Web (and a build still running) first: it calls the API; then the API and PostgreSQL.
    for (const child of [...children].reverse()) await stopChild(child);
    children.length = 0;
    await stack?.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };

  try {
    // mkdtemp makes a 0700 directory; as root, PostgreSQL runs as `postgres` and must be able to enter it.
    tempDir = await mkdtemp(path.join(tmpdir(), 'monitrax-e2e-'));
    await chmod(tempDir, 0o755);
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await findFreePort());
    const [pgPort, apiPort, webPort] = [...ports] as [number, number, number];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;

    // The build needs no database, so it runs while PostgreSQL starts and the schema syncs.
    const buildStarted = performance.now();
    const reason = await buildReason();
    building = (async () => {
      if (reason && !failed) await nextBuild(children);
      await copyStaticAssets();
      return reason ? `built (${reason}) in ${seconds(buildStarted)}` : 'reused the existing build';
    })();
    building.catch(() => {}); // awaited below; this only stops an early rejection from being "unhandled"

    const jwtSecret = randomBytes(48).toString('base64');
    const internalApiSecret = randomBytes(48).toString('base64');
    const releaseId = `e2e-${randomBytes(4).toString('hex')}`;
    const syncLog: string[] = [];
    stack = await startLocalStack({
      dataDir: path.join(tempDir, 'data'),
      database: 'monitrax_e2e',
      ports: { postgres: pgPort, api: apiPort },
      sync: { backupDir: path.join(tempDir, 'backups'), acceptDataLoss: false, backup: false, appVersion: 'e2e', log: (line) => syncLog.push(line) },
      api: {
        healthyTimeoutMs: HEALTHY_TIMEOUT_MS,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          JWT_SECRET: jwtSecret,
          INTERNAL_API_SECRET: internalApiSecret,
          WEB_ORIGIN: webUrl,
          LOG_LEVEL: 'warn',
          BACKUP_DIR: path.join(tempDir, 'backups'),
          SCHEMA_CHECK_INTERVAL_MS: '0',
          WORKER_CHECK_INTERVAL_MS: '1000',
          GIT_COMMIT: releaseId,
        },
      },
      worker: { env: { ...process.env, LOG_LEVEL: 'warn' } },
    }).catch((error: unknown) => {
      throw error instanceof SchemaSyncStopped ? new Error(`${error.message}:\n${syncLog.join('\n')}`) : error;
    });

    await workerReported(apiUrl, stack);
    const buildNote = await building;
    const web = startChild(
      'web',
      [STANDALONE_SERVER],
      {
        cwd: STANDALONE_APP_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          HOSTNAME: '127.0.0.1',
          PORT: String(webPort),
          API_URL: apiUrl,
          INTERNAL_API_SECRET: internalApiSecret,
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
      children,
    );
    await waitHealthy(web, `${webUrl}/api/health`);

    say(
      `started PostgreSQL ${POSTGRES_MAJOR} on 127.0.0.1:${pgPort}, API ${apiUrl}, web ${webUrl} (next build: ${buildNote}); ` +
        `Chromium ${chromiumPath}; stack ready in ${seconds(started)}`,
    );
    project.provide('monitraxE2e', { skipReason: null, chromiumPath, webUrl, apiUrl, jwtSecret, releaseId, databaseUrl: stack.databaseUrl });
  } catch (error) {
    failed = true;
    await teardown(); // also stops a build still running
    await building?.catch(() => {});
    throw error;
  }
  return teardown;
}
