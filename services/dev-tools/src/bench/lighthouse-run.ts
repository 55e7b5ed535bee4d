// One Lighthouse audit of one page (the pinned CLI, lighthouse-tool.ts, in a process group of its own so that a run
// past its deadline is stopped with the Chromium it started), what `make bench` keeps of its report, and the median
// of several runs.
import { readFile } from 'node:fs/promises';
import { finishes, startNodeProcess } from '@monitrax/local-stack/supervisor';
import { REPO_ROOT } from '@monitrax/database/paths';

export type Profile = 'mobile' | 'desktop';

export interface AuditSettings {
  cli: string;
  chromiumPath: string;
  /** The flags the browser tests give Chromium (headless, no sandbox as root, nothing that reaches the network). */
  chromiumFlags: readonly string[];
  /** A JSON file of extra request headers (the session cookie), or null for a signed-out page. */
  headersFile: string | null;
  timeoutMs: number;
}

export interface Audit {
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** Total blocking time, largest contentful paint, first contentful paint: ms. */
  tbtMs: number;
  lcpMs: number;
  fcpMs: number;
  cls: number;
  /** Compressed script the page loaded, KiB: unlike the scores, the same on a busy machine and a quiet one. */
  scriptKiB: number;
  /** Lighthouse's measure of how fast this machine ran at that moment (higher is faster): the context of a score. */
  benchmarkIndex: number;
  /** The report, for a look at why (kept for the median run). */
  reportFile: string;
}

interface Report {
  finalDisplayedUrl: string;
  environment: { benchmarkIndex: number };
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: Array<{ resourceType?: string; transferSize?: number }> } }>;
}

const score = (report: Report, category: string) => Math.round((report.categories[category]?.score ?? Number.NaN) * 100);
const metric = (report: Report, audit: string) => report.audits[audit]?.numericValue ?? Number.NaN;

const scriptBytes = (report: Report) =>
  (report.audits['network-requests']?.details?.items ?? [])
    .filter((item) => item.resourceType === 'Script')
    .reduce((sum, item) => sum + (item.transferSize ?? 0), 0);

/** Lighthouse's default profile is a mid-range phone on a slow 4G connection (simulated); desktop is its preset. */
export async function audit(url: string, profile: Profile, reportFile: string, settings: AuditSettings): Promise<Audit> {
  const args = [
    url,
    '--output=json',
    `--output-path=${reportFile}`,
    '--quiet',
    '--only-categories=performance,accessibility,best-practices',
    `--chrome-flags=${settings.chromiumFlags.join(' ')}`,
    '--max-wait-for-load=45000',
    ...(profile === 'desktop' ? ['--preset=desktop'] : []),
    ...(settings.headersFile ? [`--extra-headers=${settings.headersFile}`] : []),
  ];
  const run = startNodeProcess(settings.cli, {
    args,
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHROME_PATH: settings.chromiumPath },
    group: true,
  });
  const { code, timedOut, error } = await finishes(run, settings.timeoutMs);
  if (timedOut) throw new Error(`lighthouse ${url} (${profile}) did not finish within ${settings.timeoutMs / 1000} s`);
  if (error || code !== 0) {
    const said = run.output().trim().split('\n').slice(-3).join(' / ');
    throw new Error(`lighthouse ${url} (${profile}) failed (${error?.message ?? `exit ${code}`}): ${said.slice(-1000)}`);
  }
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
  if (report.runtimeError) throw new Error(`lighthouse ${url} (${profile}): ${report.runtimeError.code} ${report.runtimeError.message}`);
  // A lost session would audit the sign-in page it redirects to under the dashboard's name.
  const wanted = new URL(url).pathname;
  const landed = new URL(report.finalDisplayedUrl).pathname;
  if (landed !== wanted) throw new Error(`lighthouse ${url} (${profile}) ended on ${landed}, not ${wanted}`);
  return {
    performance: score(report, 'performance'),
    accessibility: score(report, 'accessibility'),
    bestPractices: score(report, 'best-practices'),
    tbtMs: Math.round(metric(report, 'total-blocking-time')),
    lcpMs: Math.round(metric(report, 'largest-contentful-paint')),
    fcpMs: Math.round(metric(report, 'first-contentful-paint')),
    cls: Math.round(metric(report, 'cumulative-layout-shift') * 1000) / 1000,
    scriptKiB: Math.round(scriptBytes(report) / 102.4) / 10,
    benchmarkIndex: Math.round(report.environment.benchmarkIndex),
    reportFile,
  };
}

/** The run with the median performance score (as Lighthouse CI picks its representative run), and every run's score. */
export function medianRun(runs: readonly Audit[]): Audit & { performanceScores: number[] } {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance || a.tbtMs - b.tbtMs);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error('no Lighthouse runs');
  return { ...median, performanceScores: runs.map((run) => run.performance) };
}
