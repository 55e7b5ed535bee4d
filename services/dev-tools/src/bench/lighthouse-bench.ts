// `make bench`, its Lighthouse part (also `npm run bench:lighthouse` alone): what a person's phone and laptop get from
// the web app's production build, served by its standalone server against the real API and an embedded PostgreSQL 17
// with the demo data (the same local stack as make dev and the browser tests). Three pages (sign-in, the signed-in
// dashboard, a resource list), Lighthouse's mobile and desktop profiles, BENCH_LIGHTHOUSE_RUNS runs of each (default
// 3); printed is the median run's performance, accessibility and best-practices scores with its blocking time (TBT),
// largest contentful paint (LCP) and layout shift (CLS). A figure with its machine, not a test: nothing here fails
// on a score. The median runs' reports and a summary go to test-results/lighthouse/.
// Why the median of several: Lighthouse's own guidance, and this project's 2-core VMs, where one run of the same
// page moves by several points. Every step is bounded in time; all traffic is on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { hashPassword } from '@monitrax/api/auth/passwords';
import { AUTH_PATHS, type SessionData } from '@monitrax/contract/auth';
import { createDb } from '@monitrax/database/create-db';
import { REPO_ROOT } from '@monitrax/database/paths';
import { DEMO_LOGIN, seedDemoData } from '@monitrax/database/seed';
import { postgresTempDir } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { type LocalStack, startLocalStack } from '@monitrax/local-stack/stack';
import type { NodeProcess } from '@monitrax/local-stack/supervisor';
import { waitForHealthy } from '@monitrax/local-stack/wait-for-health';
import { buildWeb, startWebServer, webBuildReason } from '@monitrax/local-stack/web';
import { SESSION_COOKIE_NAMES } from '@monitrax/web/lib/session-rules';
import { CHROMIUM_ARGS, chromiumPath as chromiumPathOf, chromiumProblem } from '@monitrax/test-support/chromium';
import { type Audit, audit, medianRun, type Profile } from './lighthouse-run.ts';
import { LIGHTHOUSE_VERSION, lighthouseCli } from './lighthouse-tool.ts';

const say = (line: string) => process.stdout.write(`[lighthouse] ${line}\n`);

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS || 3);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write(`[lighthouse] BENCH_LIGHTHOUSE_RUNS=${process.env.BENCH_LIGHTHOUSE_RUNS}: expected a whole number >= 1\n`);
  process.exit(1);
}
const PAGES = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  { name: 'dashboard', path: '/dashboard', signedIn: true },
  { name: 'properties list', path: '/properties', signedIn: true },
] as const;
const PROFILES: readonly Profile[] = ['mobile', 'desktop'];
const AUDIT_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 300_000;
const HEALTHY_TIMEOUT_MS = 60_000;
/** Days of net position history the demo user gets, so the dashboard draws both its charts as a regular user sees it. */
const HISTORY_DAYS = 90;
const OUT_DIR = path.join(REPO_ROOT, 'test-results/lighthouse');

/** A report kept for a look at why, without the session cookie Lighthouse copies into its settings. */
async function keepReport(from: string, to: string): Promise<void> {
  const report = JSON.parse(await readFile(from, 'utf8')) as { configSettings?: { extraHeaders?: unknown } };
  if (report.configSettings?.extraHeaders) report.configSettings.extraHeaders = '(removed: the session cookie)';
  await writeFile(to, JSON.stringify(report));
}

function chromiumVersion(chromiumPath: string): string {
  try {
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

/** The worker writes one PortfolioDay a night; HISTORY_DAYS of them, ending yesterday, written straight in. */
async function writeHistory(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "PortfolioDay" (id, "userId", date, "netPosition", "propertyValue", "loanBalance", equity, lvr, "monthlyCashFlow")
       SELECT gen_random_uuid(), u.id, current_date - n, 640000 - n * 150 + round(1200 * sin(n / 9.0)), 1593000 - n * 100, 908120 + n * 60,
              684880 - n * 160, 57.01, 1450 + (n % 5) * 40
       FROM "User" u CROSS JOIN generate_series(1, $2::int) AS n WHERE u.email = $1`,
      [DEMO_LOGIN.email, HISTORY_DAYS],
    );
  } finally {
    await client.end();
  }
}

/** The demo user's session, as the web's sign-in action gets it: the API's token, which the web keeps in its cookie. */
async function signIn(apiUrl: string): Promise<string> {
  const response = await fetch(`${apiUrl}${AUTH_PATHS.login}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`signing in as ${DEMO_LOGIN.email}: ${response.status}`);
  return ((await response.json()) as { data: SessionData }).data.token;
}

type Row = { page: string; profile: Profile } & ReturnType<typeof medianRun>;

function table(rows: readonly Row[]): string {
  const head = `  ${'page'.padEnd(16)} ${'profile'.padEnd(8)} perf (runs)        a11y  best-pr.   TBT ms   LCP ms   FCP ms    CLS  JS KiB  machine`;
  const lines = rows.map(
    (row) =>
      `  ${row.page.padEnd(16)} ${row.profile.padEnd(8)} ${String(row.performance).padStart(4)} (${row.performanceScores.join(', ')})`.padEnd(47) +
      `${String(row.accessibility).padStart(4)}  ${String(row.bestPractices).padStart(8)}  ${String(row.tbtMs).padStart(7)}  ${String(row.lcpMs).padStart(7)}  ${String(row.fcpMs).padStart(7)}  ${row.cls.toFixed(3).padStart(5)}  ${row.scriptKiB.toFixed(1).padStart(6)}  ${String(row.benchmarkIndex).padStart(7)}`,
  );
  return [head, ...lines].join('\n');
}

async function main() {
  const chromiumPath = chromiumPathOf();
  const problem = chromiumProblem(chromiumPath);
  if (problem) {
    // Like the browser tests: loudly, by name, and without failing `make bench`'s other figures.
    say(`!!! SKIPPED: ${problem}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. !!!`);
    return;
  }
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion(chromiumPath),
    lighthouse: LIGHTHOUSE_VERSION,
  };
  say(`${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}, Lighthouse ${LIGHTHOUSE_VERSION}`);
  const cli = await lighthouseCli(say);

  const temp = await postgresTempDir('monitrax-lighthouse-');
  process.once('exit', () => rmSync(temp, { recursive: true, force: true }));
  let stack: LocalStack | undefined;
  let web: NodeProcess | undefined;
  try {
    const [pgPort, apiPort, webPort] = (await findFreePorts(3)) as [number, number, number];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const reason = await webBuildReason(process.env.MONITRAX_WEB_REBUILD === '1');
    if (reason) {
      say(`next build (${reason})`);
      await buildWeb({ env: process.env, timeoutMs: BUILD_TIMEOUT_MS });
    }
    const internalApiSecret = randomBytes(48).toString('base64');
    stack = await startLocalStack({
      dataDir: path.join(temp, 'data'),
      database: 'monitrax_lighthouse',
      ports: { postgres: pgPort, api: apiPort },
      sync: { backupDir: path.join(temp, 'backups'), acceptDataLoss: [], backup: false, appVersion: 'lighthouse', log: () => {} },
      api: {
        logFile: path.join(temp, 'api.log'),
        healthyTimeoutMs: HEALTHY_TIMEOUT_MS,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          JWT_SECRET: randomBytes(48).toString('base64'),
          INTERNAL_API_SECRET: internalApiSecret,
          WEB_ORIGIN: webUrl,
          LOG_LEVEL: 'warn',
          BACKUP_DIR: path.join(temp, 'backups'),
          SCHEMA_CHECK_INTERVAL_MS: '0',
        },
      },
      whileApiStarts: async (databaseUrl) => {
        const db = createDb(databaseUrl, { maxConnections: 2 });
        await seedDemoData(db, hashPassword).finally(() => db.close());
        await writeHistory(databaseUrl);
      },
    });
    web = await startWebServer({ port: webPort, apiUrl, internalApiSecret, env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' } });
    await waitForHealthy(`${webUrl}/api/health`, { child: web.child, timeoutMs: HEALTHY_TIMEOUT_MS });

    const cookie = `${SESSION_COOKIE_NAMES.production}=${await signIn(apiUrl)}`;
    // In a file, not on a command line that `ps` shows.
    const headersFile = path.join(temp, 'session-headers.json');
    await writeFile(headersFile, JSON.stringify({ Cookie: cookie }), { mode: 0o600 });
    // One request to each page first: the server's first render of a route is not what a person gets.
    for (const page of PAGES) {
      const response = await fetch(`${webUrl}${page.path}`, {
        headers: page.signedIn ? { cookie } : {},
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status !== 200) throw new Error(`GET ${page.path} answered ${response.status}, expected 200`);
    }

    say(`${PAGES.length} pages x ${PROFILES.join(' and ')} x ${RUNS} runs (each bounded to ${AUDIT_TIMEOUT_MS / 1000} s)`);
    await rm(OUT_DIR, { recursive: true, force: true });
    await mkdir(OUT_DIR, { recursive: true });
    const rows: Row[] = [];
    for (const page of PAGES) {
      for (const profile of PROFILES) {
        const runs: Audit[] = [];
        for (let run = 1; run <= RUNS; run += 1) {
          const reportFile = path.join(temp, `${page.name.replace(/\W+/g, '-')}-${profile}-${run}.json`);
          const settings = { cli, chromiumPath, chromiumFlags: CHROMIUM_ARGS, headersFile: page.signedIn ? headersFile : null, timeoutMs: AUDIT_TIMEOUT_MS };
          runs.push(
            await audit(`${webUrl}${page.path}`, profile, reportFile, settings).catch((error: unknown) => {
              // Lighthouse itself asks for another run when its trace of the load comes back incomplete (NO_NAVSTART,
              // NO_FCP), which a busy machine sometimes causes: once more, and a second failure ends the bench.
              say(`${page.path} ${profile}, run ${run}: ${error instanceof Error ? error.message : String(error)}; running it again`);
              return audit(`${webUrl}${page.path}`, profile, reportFile, settings);
            }),
          );
        }
        const median = medianRun(runs);
        const kept = path.join(OUT_DIR, `${page.name.replace(/\W+/g, '-')}-${profile}.report.json`);
        await keepReport(median.reportFile, kept);
        rows.push({ page: page.name, profile, ...median, reportFile: path.relative(REPO_ROOT, kept) });
        say(`${page.path} ${profile}: performance ${median.performanceScores.join(', ')}`);
      }
    }
    await writeFile(
      path.join(OUT_DIR, 'summary.json'),
      `${JSON.stringify({ date: new Date().toISOString(), machine, runsPerFigure: RUNS, figures: rows }, null, 2)}\n`,
    );
    process.stdout.write(
      `\n  Lighthouse ${LIGHTHOUSE_VERSION}, median of ${RUNS} runs (${machine.cores} cores, ${machine.cpu}; ${machine.chromium}; production build, demo data)\n${table(rows)}\n  JS KiB: compressed script loaded; machine: Lighthouse's benchmarkIndex during the median run (higher is faster; a busy machine scores lower)\n  (test-results/lighthouse/)\n\n`,
    );
  } finally {
    await web?.stop();
    await stack?.stop();
    await rm(temp, { recursive: true, force: true });
  }
}

await main();
