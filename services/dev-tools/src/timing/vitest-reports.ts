// Reads the JSON reports Vitest writes per step (vitest.config.ts, MONITRAX_TIMING_DIR) and says what a person needs
// at the end of a long log: the slowest files, and which tests failed with the first line of why. A CI log is often
// read from its tail, and Vitest prints its failures far above it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

export interface VitestReport {
  testResults?: Array<{
    name: string;
    startTime?: number;
    endTime?: number;
    status?: string;
    message?: string;
    assertionResults?: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

export interface Failure {
  file: string;
  test: string;
  reason: string;
}

export async function readReports(dir: string): Promise<VitestReport[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as VitestReport));
}

export function slowestFiles(reports: readonly VitestReport[], root: string, count: number): Array<{ file: string; seconds: number }> {
  const files: Array<{ file: string; seconds: number }> = [];
  for (const result of reports.flatMap((report) => report.testResults ?? [])) {
    if (result.startTime === undefined || result.endTime === undefined) continue;
    files.push({ file: path.relative(root, result.name), seconds: (result.endTime - result.startTime) / 1000 });
  }
  return files.sort((a, b) => b.seconds - a.seconds).slice(0, count);
}

// Vitest's JSON report leaves out the error of a file that failed outside its tests (in a hook, say).
const NOT_IN_REPORT = "not in Vitest's report: see its output above (Failed Suites)";

// The first line of an error that says something (Vitest's messages may start with a blank line or colour codes).
function firstLine(message: string | undefined): string {
  const plain = stripVTControlCharacters(message ?? '');
  const line = plain.split('\n').find((text) => text.trim() !== '') ?? NOT_IN_REPORT;
  return line.trim().slice(0, 300);
}

// Each failed test, and each file that failed outside any test (a hook, an import, an unhandled error).
export function failures(reports: readonly VitestReport[], root: string): Failure[] {
  const found: Failure[] = [];
  for (const result of reports.flatMap((report) => report.testResults ?? [])) {
    const file = path.relative(root, result.name);
    const failed = (result.assertionResults ?? []).filter((assertion) => assertion.status === 'failed');
    for (const assertion of failed) found.push({ file, test: assertion.fullName, reason: firstLine(assertion.failureMessages?.[0]) });
    if (failed.length === 0 && result.status === 'failed') found.push({ file, test: '(the file, outside its tests)', reason: firstLine(result.message) });
  }
  return found;
}
