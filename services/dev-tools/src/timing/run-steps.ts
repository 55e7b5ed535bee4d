// Runs named steps one after another (each a shell command), stops at the first that fails, and prints where the
// time went, also when a step failed: each step's seconds and, from the JSON reports Vitest writes when
// MONITRAX_TIMING_DIR names a folder (vitest.config.ts), the slowest test files and the failed tests. `make test`
// runs through it, so every run says what to cut next (docs/benchmarks.md keeps the figures) and what broke.
//   node services/dev-tools/src/timing/run-steps.ts TITLE NAME COMMAND [NAME COMMAND ...]
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '@monitrax/database/paths';
import { failures, readReports, slowestFiles } from './vitest-reports.ts';

interface StepResult {
  name: string;
  seconds: number;
  ok: boolean;
}

const SLOWEST_FILES = 6;
// Enough to name a few broken tests; a run with more failing is broken in a way the log above shows better.
const FAILURES_SHOWN = 10;

function table(title: string, steps: readonly StepResult[], total: number): string {
  const width = Math.max(...steps.map((step) => step.name.length), 'total'.length);
  const row = (name: string, seconds: number, note = '') => `  ${name.padEnd(width)}  ${seconds.toFixed(0).padStart(5)} s${note}`;
  return [`${title}: where the time went`, ...steps.map((step) => row(step.name, step.seconds, step.ok ? '' : '  FAILED')), row('total', total)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [title, ...pairs] = argv;
  if (!title || pairs.length === 0 || pairs.length % 2 !== 0) {
    process.stderr.write('usage: run-steps.ts TITLE NAME COMMAND [NAME COMMAND ...]\n');
    return 2;
  }
  const reports = path.join(REPO_ROOT, 'test-results', 'timing');
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const started = performance.now();
  const results: StepResult[] = [];
  for (let index = 0; index < pairs.length; index += 2) {
    const [name, command] = [pairs[index]!, pairs[index + 1]!];
    const stepStarted = performance.now();
    const run = await execa(command, {
      shell: true,
      stdio: 'inherit',
      reject: false,
      env: { MONITRAX_TIMING_DIR: reports, MONITRAX_TIMING_STEP: name.replace(/\W+/g, '-') },
    });
    results.push({ name, seconds: (performance.now() - stepStarted) / 1000, ok: run.exitCode === 0 });
    if (run.exitCode !== 0) break;
  }
  const lines = [table(title, results, (performance.now() - started) / 1000)];
  const vitestReports = await readReports(reports);
  const slowest = slowestFiles(vitestReports, REPO_ROOT, SLOWEST_FILES);
  if (slowest.length > 0) {
    lines.push('  slowest test files:');
    for (const { file, seconds } of slowest) lines.push(`    ${seconds.toFixed(0).padStart(4)} s  ${file}`);
  }
  // Last, so that a log read from its tail (CI's) names what broke.
  const failed = failures(vitestReports, REPO_ROOT);
  if (failed.length > 0) {
    lines.push(`  failed tests (${failed.length}):`);
    for (const { file, test, reason } of failed.slice(0, FAILURES_SHOWN)) lines.push(`    ${file} > ${test}`, `      ${reason}`);
    if (failed.length > FAILURES_SHOWN) lines.push(`    ... and ${failed.length - FAILURES_SHOWN} more (Vitest's output above)`);
  } else if (results.some((step) => !step.ok)) {
    lines.push('  no failed test in the reports: the failing step printed why above (an unhandled error, a type error, a check)');
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  return results.every((step) => step.ok) && results.length === pairs.length / 2 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
