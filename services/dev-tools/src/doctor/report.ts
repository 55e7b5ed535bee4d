// How doctor results are shown: one line per check (marker, name, detail), particulars and fixes
// indented below, then a summary line; or the same as JSON. Exit code 1 when any check failed.
import type { CheckResult, CheckStatus } from './types.ts';

export const MARKERS: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };
const COLORS: Record<CheckStatus, string> = { ok: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m', skip: '\u001b[2m' };
const RESET = '\u001b[0m';

export interface Summary {
  ok: number;
  warn: number;
  fail: number;
  skip: number;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const summary: Summary = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const result of results) summary[result.status] += 1;
  return summary;
}

/** 1 if any check failed; warnings and skips do not fail the run. */
export function exitCodeFor(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function summaryLine(summary: Summary): string {
  const parts = [`${summary.ok} ok`, plural(summary.warn, 'warning', 'warnings'), plural(summary.fail, 'failure', 'failures')];
  if (summary.skip > 0) parts.push(`${summary.skip} skipped`);
  return `doctor: ${parts.join(', ')}`;
}

export function formatText(results: readonly CheckResult[], options: { color?: boolean } = {}): string {
  const width = Math.max(0, ...results.map((result) => result.name.length));
  const indent = ' '.repeat(2 + width + 2);
  const lines: string[] = [];
  for (const result of results) {
    const marker = options.color ? `${COLORS[result.status]}${MARKERS[result.status]}${RESET}` : MARKERS[result.status];
    const [first = '', ...more] = result.detail.split('\n');
    lines.push(`${marker} ${result.name.padEnd(width)}  ${first}`.trimEnd());
    for (const line of more) lines.push(`${indent}${line}`);
    for (const line of result.fix?.split('\n') ?? []) {
      // A fix line that starts with blanks continues the one above (kept under its text after
      // the arrow, nested by its own indentation); others are fixes of their own.
      lines.push(/^\s/.test(line) ? `${indent}${line}` : `${indent}→ ${line}`);
    }
  }
  lines.push(summaryLine(summarize(results)));
  return `${lines.join('\n')}\n`;
}

export function formatJson(results: readonly CheckResult[]): string {
  const summary = summarize(results);
  return `${JSON.stringify({ ok: exitCodeFor(results) === 0, exitCode: exitCodeFor(results), summary, checks: results }, null, 2)}\n`;
}
