// `make bench`: the API against the floor (services/dev-tools/src/bench/floor-server.ts), side by side in one process tree
// on one embedded PostgreSQL 17: throughput with autocannon (10 connections, each sending its next request when
// the last is answered), latency at a fixed arrival rate with constant-rate.ts; plus sustained writes, make dev's
// time to healthy and a no-op schema sync. Prints a table and writes services/dev-tools/src/bench/results.json. Not a test:
// nothing here asserts a time; the figures are for docs/benchmarks.md, and the ratios are the ones that count (they hold
// across machines).
// Every load is bounded in duration; all traffic is on 127.0.0.1.
//   BENCH_SECONDS        duration of each measured run (default 10)
//   BENCH_ROUNDS         API/floor rounds per comparison, alternating; the ratio is their median (default 5)
//   BENCH_WARMUP_SECONDS load on each server before its comparison and before each fixed-rate run, not measured (default 10)
//   BENCH_RATE           the fixed arrival rate, requests/s (default 500)
//   BENCH_WRITE_SECONDS  duration of the sustained write run (default 30)
// Why rounds and a warm-up: on this project's 2-core VMs one 10 s run of the same server varies by 10-30 %, and
// the API (Express, Prisma) needs some 10-20 s of load before V8 has optimised its hot paths, where the floor's
// few functions are optimised in about a second. A steady state on both sides is what production runs in.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import { postgresTempDir } from '@monitrax/local-stack/postgres/embedded-cluster';
import { startLocalStack } from '@monitrax/local-stack/stack';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { syncSchema } from '@monitrax/schema-sync/sync/sync';
import { startNodeProcess, type NodeProcess } from '@monitrax/local-stack/supervisor';
import { constantRate, type ConstantRateResult } from './constant-rate.ts';
import { REPO_ROOT as ROOT } from '@monitrax/database/paths';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';

/** A whole number of at least `min` from the environment, or a clear message and exit 1. */
function setting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`[bench] ${name}=${raw}: expected a whole number >= ${min}\n`);
    process.exit(1);
  }
  return value;
}
const SECONDS = setting('BENCH_SECONDS', 10, 1);
const WRITE_SECONDS = setting('BENCH_WRITE_SECONDS', 30, 1);
const ROUNDS = setting('BENCH_ROUNDS', 5, 1);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 10, 0);
const RATE = setting('BENCH_RATE', 500, 1);
const CONNECTIONS = 10;
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

interface Run {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU the server process spent per request, user + system (Linux: /proc; null elsewhere). */
  serverCpuUsPerRequest: number | null;
}

/** A server under measurement: where it answers and its process, whose CPU time is read around each run. */
interface Target {
  options: autocannon.Options & { url: string; headers?: Record<string, string> };
  pid: number;
}

/** User + system CPU time of a process in milliseconds, from /proc (clock ticks of 10 ms); null off Linux. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (command) ", which may hold spaces
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function measured<T extends { requests: number }>(target: Target, run: () => Promise<T>): Promise<T & { serverCpuUsPerRequest: number | null }> {
  const before = cpuMs(target.pid);
  const result = await run();
  const after = cpuMs(target.pid);
  const serverCpuUsPerRequest = before === null || after === null || result.requests === 0 ? null : Math.round(((after - before) * 1000) / result.requests);
  return { ...result, serverCpuUsPerRequest };
}

/** Closed-loop load with autocannon: CONNECTIONS connections, each sending again as soon as it is answered. */
function load(target: Target, seconds = SECONDS): Promise<Run> {
  return measured(target, async () => {
    const result = await autocannon({ connections: CONNECTIONS, duration: seconds, ...target.options });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    };
  });
}

type RateRun = ConstantRateResult & { requests: number; serverCpuUsPerRequest: number | null };

/** Open-loop load at RATE requests/s (constant-rate.ts). */
function atRate(target: Target, seconds = SECONDS): Promise<RateRun> {
  return measured(target, async () => {
    const result = await constantRate({ url: target.options.url, headers: target.options.headers, rate: RATE, durationSeconds: seconds });
    return { ...result, requests: result.sent };
  });
}

const READY_TIMEOUT_MS = 120_000;

/** A script of ours, started and waited for until it prints `ready` (bounded). Its output goes to `logFile` when
 * given, so that a server's request log costs this process (the load generator) nothing. */
async function startNode(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  options: { nodeArgs?: readonly string[]; logFile?: string } = {},
): Promise<NodeProcess> {
  const started = startNodeProcess(script, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, ...options });
  try {
    await started.waitForOutput(ready, READY_TIMEOUT_MS);
  } catch (error) {
    await started.stop({ signal: 'SIGKILL' });
    throw error;
  }
  return started;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = (await response.json()) as { data: T };
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} -> ${response.status}`);
  return body.data;
}

/** A new user, signed up as a person does: the request, then the mailed link (read from the outbox: no worker runs). */
async function signUp(apiUrl: string, databaseUrl: string, email: string, name: string): Promise<{ token: string; user: { id: string } }> {
  await json(`${apiUrl}/api/auth/register`, { method: 'POST', body: JSON.stringify({ email, password: 'bench-password-123', name }) });
  const token = signUpToken(await queuedSignUpLink(databaseUrl, email));
  return json(`${apiUrl}/api/auth/confirm`, { method: 'POST', body: JSON.stringify({ token, password: 'bench-password-123' }) });
}

/** make dev as a person runs it: to "Monitrax is running", on free ports and a throwaway data directory. */
async function timeMakeDev(dataDir: string): Promise<number> {
  // Three different ports (asked one by one, a free port can come back twice).
  const [pgPort, apiPort, webPort] = (await findFreePorts(3)) as [number, number, number];
  const started = performance.now();
  const dev = await startNode(
    'services/local-stack/src/dev.ts',
    {
      ...process.env,
      MONITRAX_DATA_DIR: dataDir,
      PG_PORT: String(pgPort),
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      LOG_LEVEL: 'warn',
    },
    /Monitrax is running/,
  );
  const seconds = (performance.now() - started) / 1000;
  await dev.stop({ signal: 'SIGINT' });
  return seconds;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
/** The item whose `key` is the median (the upper one of an even count). */
const medianBy = <T>(items: readonly T[], key: (item: T) => number) => [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;

interface Comparison {
  /** The API's and the floor's runs from the round whose ratio is the median. */
  api: Run;
  floor: Run;
  ratio: number;
  /** Every round's ratio, in the order run. */
  ratios: number[];
}

/** Warm both servers, then ROUNDS alternating runs of each; the figure is the median round. */
async function compare(api: Target, floor: Target): Promise<Comparison> {
  if (WARMUP_SECONDS > 0) {
    await load(api, WARMUP_SECONDS);
    await load(floor, WARMUP_SECONDS);
  }
  const rounds: { api: Run; floor: Run; ratio: number }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const apiRun = await load(api);
    const floorRun = await load(floor);
    rounds.push({ api: apiRun, floor: floorRun, ratio: round2(apiRun.requestsPerSecond / floorRun.requestsPerSecond) });
  }
  const chosen = medianBy(rounds, (round) => round.ratio);
  return { api: chosen.api, floor: chosen.floor, ratio: chosen.ratio, ratios: rounds.map((round) => round.ratio) };
}

/** Latency at RATE requests/s: after a warm-up at that rate, ROUNDS alternating runs; each side's median-p99 run.
 * Why a warm-up here too: a server's first seconds at load after some 10-20 s idle had a p99 of 120-180 ms on
 * this project's VMs (floor and API alike; the second run: 15-30 ms), which is resumption, not steady state. */
async function fixedRate(api: Target, floor: Target): Promise<{ api: RateRun; floor: RateRun; apiP99s: number[]; floorP99s: number[] }> {
  const apiRuns: RateRun[] = [];
  const floorRuns: RateRun[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [target, runs] of [
      [api, apiRuns],
      [floor, floorRuns],
    ] as const) {
      if (WARMUP_SECONDS > 0) await atRate(target, WARMUP_SECONDS);
      runs.push(await atRate(target));
    }
  }
  const byP99 = (runs: RateRun[]) => medianBy(runs, (run) => run.p99Ms);
  return { api: byP99(apiRuns), floor: byP99(floorRuns), apiP99s: apiRuns.map((run) => run.p99Ms), floorP99s: floorRuns.map((run) => run.p99Ms) };
}

/** Rows of each resource (properties, loans, accounts, incomes, expenses) the snapshot is timed with. */
const SNAPSHOT_SIZES = [10, 10_000] as const;
const SNAPSHOT_REQUESTS = 200;

interface SnapshotRun {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  errors: number;
  responseKiB: number;
  rssMiB: number;
  peakRssMiB: number;
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc (Linux). */
async function memoryOf(pid: number): Promise<{ rssMiB: number; peakRssMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) };
}

/**
 * A user with `rows` of every resource, written straight into the database (10,000 is past the API's per-user
 * limit on purpose: the snapshot's work must stay bounded even then), then a fixed number of snapshot requests.
 * Sizes run smallest first, so the peak RSS after each is that size's.
 */
async function snapshotRun(apiUrl: string, apiPid: number, databaseUrl: string, rows: number): Promise<SnapshotRun> {
  const { token, user } = await signUp(apiUrl, databaseUrl, `bench-snapshot-${rows}-${Date.now()}@example.com`, `Snapshot ${rows}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const each = 'FROM generate_series(1, $2::int) AS n';
    await client.query(
      `INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", "updatedAt") SELECT gen_random_uuid(), $1, 'Unit ' || n, n || ' Bench St', 'INVESTMENT', 500000, '2021-06-30', 600000 + n, now() ${each}`,
      [user.id, rows],
    );
    // One loan secured on each property.
    await client.query(
      `INSERT INTO "Loan" (id, "userId", "propertyId", lender, type, "rateType", "interestRate", principal, "currentBalance", "repaymentAmount", "repaymentFrequency", "updatedAt") SELECT gen_random_uuid(), $1, p.id, 'Bench bank', 'INVESTMENT', 'VARIABLE', 6.1, 400000, 380000 + p.n, 2200, (ARRAY['WEEKLY','FORTNIGHTLY','MONTHLY'])[1 + p.n % 3]::"RepaymentFrequency", now() FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "Property" WHERE "userId" = $1) AS p`,
      [user.id],
    );
    await client.query(
      `INSERT INTO "Account" (id, "userId", name, institution, type, balance, "updatedAt") SELECT gen_random_uuid(), $1, 'Account ' || n, 'Bench bank', (ARRAY['OFFSET','SAVINGS','TRANSACTIONAL','CREDIT_CARD'])[1 + n % 4]::"AccountType", 1000 + n, now() ${each}`,
      [user.id, rows],
    );
    await client.query(
      `INSERT INTO "Income" (id, "userId", source, type, amount, frequency, "updatedAt") SELECT gen_random_uuid(), $1, 'Rent ' || n, 'RENTAL', 500 + n, (ARRAY['WEEKLY','FORTNIGHTLY','MONTHLY','QUARTERLY','ANNUAL'])[1 + n % 5]::"Frequency", now() ${each}`,
      [user.id, rows],
    );
    await client.query(
      `INSERT INTO "Expense" (id, "userId", payee, category, amount, frequency, "updatedAt") SELECT gen_random_uuid(), $1, 'Payee ' || n, 'Rates', 100 + n, (ARRAY['WEEKLY','FORTNIGHTLY','MONTHLY','QUARTERLY','ANNUAL'])[1 + n % 5]::"Frequency", now() ${each}`,
      [user.id, rows],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  const headers = { authorization: `Bearer ${token}` };
  const one = await fetch(`${apiUrl}/api/portfolio/snapshot`, { headers });
  const body = await one.text();
  const counts = (JSON.parse(body) as { data: { counts: Record<string, number> } }).data.counts;
  if (Object.values(counts).some((count) => count !== rows)) throw new Error(`snapshot counted ${JSON.stringify(counts)}, expected ${rows} of each`);
  const result = await autocannon({ url: `${apiUrl}/api/portfolio/snapshot`, connections: 4, amount: SNAPSHOT_REQUESTS, headers });
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors + result.timeouts + result.non2xx,
    responseKiB: Math.round(Buffer.byteLength(body) / 1024),
    ...(await memoryOf(apiPid)),
  };
}

const WORKER_USERS = 10_000;
const WORKER_ROWS_PER_RESOURCE = 5;

interface WorkerRun {
  users: number;
  written: number;
  jobMs: number;
  processToDoneMs: number;
  peakRssMiB: number;
}

/**
 * The worker's portfolio-snapshot job over WORKER_USERS users with WORKER_ROWS_PER_RESOURCE rows of every resource
 * (written straight into the database): the real worker process, from its start to the end of the catch-up job it
 * queues at start, and its peak memory.
 */
async function workerRun(databaseUrl: string, temp: string): Promise<WorkerRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") SELECT gen_random_uuid(), 'bench-worker-' || n || '@example.com', 'bench', 'Worker ' || n, now() FROM generate_series(1, $1::int) AS n`,
      [WORKER_USERS],
    );
    const users = `FROM "User" u CROSS JOIN generate_series(1, ${WORKER_ROWS_PER_RESOURCE}) AS n WHERE u.email LIKE 'bench-worker-%'`;
    await client.query(
      `INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", "updatedAt") SELECT gen_random_uuid(), u.id, 'Unit ' || n, n || ' Bench St', 'INVESTMENT', 500000, '2021-06-30', 600000 + n, now() ${users}`,
    );
    await client.query(
      `INSERT INTO "Loan" (id, "userId", "propertyId", lender, type, "rateType", "interestRate", principal, "currentBalance", "repaymentAmount", "repaymentFrequency", "updatedAt") SELECT gen_random_uuid(), p."userId", p.id, 'Bench bank', 'INVESTMENT', 'VARIABLE', 6.1, 400000, 380000, 2200, 'MONTHLY', now() FROM "Property" p JOIN "User" u ON u.id = p."userId" WHERE u.email LIKE 'bench-worker-%'`,
    );
    await client.query(
      `INSERT INTO "Account" (id, "userId", name, institution, type, balance, "updatedAt") SELECT gen_random_uuid(), u.id, 'Account ' || n, 'Bench bank', (ARRAY['OFFSET','SAVINGS','TRANSACTIONAL','CREDIT_CARD'])[1 + n % 4]::"AccountType", 1000 + n, now() ${users}`,
    );
    await client.query(
      `INSERT INTO "Income" (id, "userId", source, type, amount, frequency, "updatedAt") SELECT gen_random_uuid(), u.id, 'Rent ' || n, 'RENTAL', 500 + n, (ARRAY['WEEKLY','FORTNIGHTLY','MONTHLY','QUARTERLY','ANNUAL'])[n]::"Frequency", now() ${users}`,
    );
    await client.query(
      `INSERT INTO "Expense" (id, "userId", payee, category, amount, frequency, "updatedAt") SELECT gen_random_uuid(), u.id, 'Payee ' || n, 'Rates', 100 + n, (ARRAY['WEEKLY','FORTNIGHTLY','MONTHLY','QUARTERLY','ANNUAL'])[n]::"Frequency", now() ${users}`,
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  const started = performance.now();
  const worker = startNodeProcess(WORKER_ENTRY, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', SNAPSHOT_TIME_ZONE: 'Australia/Sydney' },
    logFile: path.join(temp, 'worker.log'),
  });
  try {
    const line = await worker.waitForOutput(/job portfolio-snapshot done/, READY_TIMEOUT_MS);
    const processToDoneMs = Math.round(performance.now() - started);
    const { output } = JSON.parse(line) as { output: { users: number; written: number; durationMs: number } };
    const { peakRssMiB } = await memoryOf(worker.child.pid!);
    return { users: output.users, written: output.written, jobMs: output.durationMs, processToDoneMs, peakRssMiB };
  } finally {
    await worker.stop();
  }
}

async function main() {
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  say(
    `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; ${SECONDS} s per run, ${ROUNDS} rounds, ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections`,
  );
  const temp = await postgresTempDir('monitrax-bench-');
  // A stack that fails to start leaves nothing behind (the temporary folder included).
  process.once('exit', () => rmSync(temp, { recursive: true, force: true }));
  const jwtSecret = randomBytes(48).toString('base64');
  const [pgPort, apiPort, floorPort] = (await findFreePorts(3)) as [number, number, number];
  // The same local stack as make dev and the browser tests; the API is started as Dockerfile.api starts it
  // (local-stack's entry-points.ts), so the figures are production's. The first sync is the full one.
  const stack = await startLocalStack({
    dataDir: path.join(temp, 'data'),
    database: 'monitrax_bench',
    ports: { postgres: pgPort, api: apiPort },
    sync: { backupDir: path.join(temp, 'backups'), acceptDataLoss: [], backup: false, appVersion: 'bench', log: () => {} },
    api: {
      logFile: path.join(temp, 'api.log'),
      healthyTimeoutMs: READY_TIMEOUT_MS,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        JWT_SECRET: jwtSecret,
        INTERNAL_API_SECRET: randomBytes(48).toString('base64'),
        LOG_LEVEL: 'info',
        SCHEMA_CHECK_INTERVAL_MS: '0',
        BACKUP_DIR: path.join(temp, 'backups'),
        // The sustained write run creates far more expenses for its one user than the default per-user limit; it
        // measures writes, and the limit has tests of its own (row-limits.integration.test.ts).
        MAX_ROWS_PER_RESOURCE: '1000000',
      },
    },
  });
  const children: NodeProcess[] = [];
  try {
    const { databaseUrl } = stack;
    const fullSyncSeconds = stack.timings.syncMs / 1000;
    const noOps: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      await syncSchema({
        databaseUrl,
        backupDir: path.join(temp, 'backups'),
        mode: 'apply',
        acceptDataLoss: [],
        backup: false,
        appVersion: 'bench',
        waitTimeoutMs: 10_000,
        log: () => {},
      });
      noOps.push(performance.now() - started);
    }
    const noOpSyncMs = Math.round(noOps.sort((a, b) => a - b)[1]!);
    const api = stack.api.process;
    const floor = await startNode(
      'services/dev-tools/src/bench/floor-server.ts',
      { DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, PORT: String(floorPort) },
      /listening/,
      { logFile: path.join(temp, 'floor.log') },
    );
    children.push(floor);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const floorUrl = `http://127.0.0.1:${floorPort}`;

    // A user with 50 properties, created through the API.
    const { token, user } = await signUp(apiUrl, databaseUrl, `bench-${Date.now()}@example.com`, 'Bench');
    const auth = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 50; i += 1) {
      await json(`${apiUrl}/api/properties`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: `Unit ${i}`,
          address: `${i} Bench St, Carlton VIC 3053`,
          type: 'INVESTMENT',
          purchasePrice: 500000 + i,
          purchaseDate: '2021-06-30',
          currentValue: 600000 + i,
        }),
      });
    }

    say(`GET /api/health vs floor (node:http + pg, SELECT 1): ${WARMUP_SECONDS} s warm-up each, ${ROUNDS} alternating rounds`);
    const apiPid = api.child.pid!;
    const floorPid = floor.child.pid!;
    const health = await compare({ options: { url: `${apiUrl}/api/health` }, pid: apiPid }, { options: { url: `${floorUrl}/health` }, pid: floorPid });

    say('GET /api/properties (50 rows, signed in) vs floor (jwt.verify + the same SQL through pg)');
    const apiList: Target = { options: { url: `${apiUrl}/api/properties?pageSize=50`, headers: auth }, pid: apiPid };
    const floorList: Target = { options: { url: `${floorUrl}/properties`, headers: auth }, pid: floorPid };
    const list = await compare(apiList, floorList);
    say(`GET /api/properties at a fixed ${RATE} requests/s, evenly spaced: ${WARMUP_SECONDS} s warm-up each, ${ROUNDS} alternating rounds`);
    const atRateRuns = await fixedRate(apiList, floorList);
    const { api: listAtRate, floor: floorAtRate } = atRateRuns;

    // A run that stops on a timer hangs up on requests in flight, which the server may still complete: their rows
    // exist without a 2xx. So: measure the write rate for 3 s (as another user), then send a fixed number of
    // requests, ~WRITE_SECONDS worth, every one of which autocannon waits for.
    const writeBody = JSON.stringify({ payee: 'Bench payee', category: 'Utilities', amount: 42.5, frequency: 'MONTHLY' });
    const probeUser = await signUp(apiUrl, databaseUrl, `bench-probe-${Date.now()}@example.com`, 'Bench probe');
    const probe = await autocannon({
      url: `${apiUrl}/api/expenses`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: 3,
      headers: { authorization: `Bearer ${probeUser.token}`, 'content-type': 'application/json' },
      body: writeBody,
    });
    const amount = Math.max(CONNECTIONS, Math.round(probe.requests.average * WRITE_SECONDS));
    say(`POST /api/expenses sustained: ${amount} requests (~${WRITE_SECONDS} s at ${Math.round(probe.requests.average)} req/s)`);
    const writesStarted = performance.now();
    const writesResult = await autocannon({
      url: `${apiUrl}/api/expenses`,
      method: 'POST',
      connections: CONNECTIONS,
      amount,
      headers: { ...auth, 'content-type': 'application/json' },
      body: writeBody,
    });
    const writeSeconds = (performance.now() - writesStarted) / 1000;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const stored = Number((await client.query('SELECT count(*) FROM "Expense" WHERE "userId" = $1', [user.id])).rows[0].count);
    await client.end();
    const writes = {
      seconds: Math.round(writeSeconds * 10) / 10,
      requestsPerSecond: Math.round(writesResult.requests.average),
      p99Ms: writesResult.latency.p99,
      acknowledged: writesResult['2xx'],
      non2xx: writesResult.non2xx,
      errors: writesResult.errors + writesResult.timeouts,
      rowsStored: stored,
    };

    say(`GET /api/portfolio/snapshot with ${SNAPSHOT_SIZES.join(' and ')} rows per resource (SQL aggregates): latency and the API's memory`);
    const snapshot: Record<string, SnapshotRun> = {};
    for (const rows of SNAPSHOT_SIZES) snapshot[rows] = await snapshotRun(apiUrl, apiPid, databaseUrl, rows);

    say(`the worker's portfolio-snapshot job: ${WORKER_USERS} users with ${WORKER_ROWS_PER_RESOURCE} rows of every resource`);
    const worker = await workerRun(databaseUrl, temp);

    for (const child of children.splice(0)) await child.stop();
    await stack.stop();

    say('make dev to healthy (dependencies installed): a fresh data directory, then the same one again');
    const devDir = path.join(temp, 'dev-data');
    const makeDevColdSeconds = await timeMakeDev(devDir);
    const makeDevWarmSeconds = await timeMakeDev(devDir);

    const results = {
      date: new Date().toISOString(),
      machine,
      settings: {
        secondsPerRun: SECONDS,
        rounds: ROUNDS,
        warmupSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
        fixedRate: RATE,
        writeSeconds: WRITE_SECONDS,
      },
      health: { ...health, goal: '>= 0.8' },
      propertiesList: {
        ...list,
        goal: '>= 0.6',
        atFixedRate: {
          rate: RATE,
          api: listAtRate,
          floor: floorAtRate,
          apiP99s: atRateRuns.apiP99s,
          floorP99s: atRateRuns.floorP99s,
          goal: 'p99 < 25 ms at 500 requests/s',
        },
      },
      expensesWrites: { ...writes, goal: 'zero errors; rows stored = acknowledged' },
      makeDevSeconds: { cold: Math.round(makeDevColdSeconds * 10) / 10, warm: Math.round(makeDevWarmSeconds * 10) / 10, goal: '< 10 s' },
      schemaSync: { fullOnEmptySeconds: Math.round(fullSyncSeconds * 100) / 100, noOpMs: noOpSyncMs },
      portfolioSnapshot: snapshot,
      workerPortfolioSnapshot: { ...worker, rowsPerResource: WORKER_ROWS_PER_RESOURCE, goal: 'job < 10 s for 10,000 users' },
    };
    await writeFile(path.join(ROOT, 'services/dev-tools/src/bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const cpu = (run: { serverCpuUsPerRequest: number | null }) =>
      run.serverCpuUsPerRequest === null ? '' : `   server CPU ${run.serverCpuUsPerRequest} µs/req`;
    const row = (name: string, run: Run) =>
      `  ${name.padEnd(34)} ${String(run.requestsPerSecond).padStart(7)} req/s   p50 ${String(run.p50Ms).padStart(4)} ms   p99 ${String(run.p99Ms).padStart(4)} ms   errors ${run.errors + run.non2xx}${cpu(run)}`;
    const rateRow = (name: string, run: RateRun) =>
      `  ${name.padEnd(34)} ${String(run.sent).padStart(7)} sent    p50 ${String(run.p50Ms).padStart(4)} ms   p99 ${String(run.p99Ms).padStart(4)} ms   errors ${run.errors + run.non2xx}${cpu(run)}   (sender late by <= ${run.maxSendLagMs} ms)`;
    process.stdout.write(
      `${[
        '',
        `  Monitrax API vs floor (${machine.cores} cores, ${machine.cpu}; Node ${machine.node}; ${CONNECTIONS} connections; median of ${ROUNDS} rounds of ${SECONDS} s)`,
        row('GET /api/health (API)', health.api),
        row('GET /health (floor: http + pg)', health.floor),
        `  ratio ${health.ratio} (goal >= 0.8; rounds ${health.ratios.join(', ')})`,
        row('GET /api/properties, 50 rows (API)', list.api),
        row('GET /properties (floor: jwt + pg)', list.floor),
        `  ratio ${list.ratio} (goal >= 0.6; rounds ${list.ratios.join(', ')})`,
        rateRow(`  at ${RATE} req/s (API)`, listAtRate),
        rateRow(`  at ${RATE} req/s (floor)`, floorAtRate),
        `  p99 at ${RATE} req/s: the median run (goal < 25 ms at 500; API rounds ${atRateRuns.apiP99s.join(', ')} ms, floor ${atRateRuns.floorP99s.join(', ')} ms)`,
        `  POST /api/expenses ${writes.seconds} s: ${writes.requestsPerSecond} req/s, p99 ${writes.p99Ms} ms, ${writes.acknowledged} acknowledged, ${writes.non2xx + writes.errors} errors, ${writes.rowsStored} rows stored`,
        `  make dev to healthy: ${results.makeDevSeconds.cold} s fresh data dir, ${results.makeDevSeconds.warm} s again (goal < 10 s)`,
        `  schema sync: ${results.schemaSync.fullOnEmptySeconds} s full on an empty database, ${noOpSyncMs} ms no-op`,
        ...Object.entries(snapshot).map(
          ([rows, run]) =>
            `  GET /api/portfolio/snapshot, ${rows.padStart(6)} rows per resource: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ${run.requestsPerSecond} req/s, ${run.responseKiB} KiB; API RSS ${run.rssMiB} MiB (peak ${run.peakRssMiB} MiB), errors ${run.errors}`,
        ),
        `  worker portfolio-snapshot, ${worker.users} users x ${WORKER_ROWS_PER_RESOURCE} rows per resource: job ${(worker.jobMs / 1000).toFixed(1)} s (${worker.written} rows written; goal < 10 s), worker start to done ${(worker.processToDoneMs / 1000).toFixed(1)} s, peak RSS ${worker.peakRssMiB} MiB`,
        '  (services/dev-tools/src/bench/results.json)',
        '',
      ].join('\n')}\n`,
    );
  } finally {
    for (const child of children) await child.stop();
    await stack.stop();
    await rm(temp, { recursive: true, force: true });
  }
}

await main();
