// Runs named steps one after another (each a shell command), stops at the first that fails, and prints where the
// time went, also when a step failed: each step's seconds and, from the JSON reports Vitest writes when
// MONITRAX_TIMING_DIR names a folder (vitest.config.ts), the slowest test files. `make test` runs through it, so
// every run says what to cut next (docs/benchmarks.md keeps the figures).
//   node services/dev-tools/src/timing/run-steps.ts TITLE NAME COMMAND [NAME COMMAND ...]
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '@monitrax/database/paths';

interface StepResult {
  name: string;
  seconds: number;
  ok: boolean;
}

interface VitestReport {
  testResults?: Array<{ name: string; startTime?: number; endTime?: number }>;
}

const SLOWEST_FILES = 6;

async function slowestFiles(dir: string): Promise<Array<{ file: string; seconds: number }>> {
  const files: Array<{ file: string; seconds: number }> = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const report = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as VitestReport;
    for (const result of report.testResults ?? []) {
      if (result.startTime === undefined || result.endTime === undefined) continue;
      files.push({ file: path.relative(REPO_ROOT, result.name), seconds: (result.endTime - result.startTime) / 1000 });
    }
  }
  return files.sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST_FILES);
}

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
  const slowest = await slowestFiles(reports);
  if (slowest.length > 0) {
    lines.push('  slowest test files:');
    for (const { file, seconds } of slowest) lines.push(`    ${seconds.toFixed(0).padStart(4)} s  ${file}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  return results.every((step) => step.ok) && results.length === pairs.length / 2 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
