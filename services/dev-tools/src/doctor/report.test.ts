import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatJson, formatText, summarize, summaryLine } from './report.ts';
import type { CheckResult } from './types.ts';

const results: CheckResult[] = [
  { name: 'node', status: 'ok', detail: 'v24.21.0' },
  { name: 'docker', status: 'warn', detail: 'client only', fix: 'use `make dev`' },
  { name: 'database', status: 'fail', detail: 'cannot connect', fix: 'start PostgreSQL\nor check the host' },
  { name: 'schema', status: 'skip', detail: 'needs a database' },
];

describe('summary and exit code', () => {
  it('counts each status', () => {
    expect(summarize(results)).toEqual({ ok: 1, warn: 1, fail: 1, skip: 1 });
  });

  it('says warnings and failures in words, with skipped only when there are some', () => {
    expect(summaryLine({ ok: 6, warn: 2, fail: 0, skip: 0 })).toBe('doctor: 6 ok, 2 warnings, 0 failures');
    expect(summaryLine({ ok: 1, warn: 1, fail: 1, skip: 3 })).toBe('doctor: 1 ok, 1 warning, 1 failure, 3 skipped');
  });

  it('exits 1 only when a check failed; warnings and skips do not fail', () => {
    expect(exitCodeFor(results)).toBe(1);
    expect(exitCodeFor(results.filter((result) => result.status !== 'fail'))).toBe(0);
    expect(exitCodeFor([])).toBe(0);
  });
});

describe('text', () => {
  it('prints one line per check with its marker, aligned names, fixes below, then the summary', () => {
    expect(formatText(results)).toBe(
      [
        '✓ node      v24.21.0',
        '! docker    client only',
        '            → use `make dev`',
        '✗ database  cannot connect',
        '            → start PostgreSQL',
        '            → or check the host',
        '- schema    needs a database',
        'doctor: 1 ok, 1 warning, 1 failure, 1 skipped',
        '',
      ].join('\n'),
    );
  });

  it('puts extra detail lines and indented fix lines under the text, keeping their nesting', () => {
    const text = formatText([
      {
        name: 'schema',
        status: 'warn',
        detail: '2 pending statements\nCREATE TABLE "A"\nCREATE TABLE "B"',
        fix: 'one of:\n  make db-sync\n    (backs up first)',
      },
    ]);
    expect(text.split('\n')).toEqual([
      '! schema  2 pending statements',
      '          CREATE TABLE "A"',
      '          CREATE TABLE "B"',
      '          → one of:',
      '            make db-sync',
      '              (backs up first)',
      'doctor: 0 ok, 1 warning, 0 failures',
      '',
    ]);
  });

  it('colours only the marker, and only when asked', () => {
    expect(formatText(results)).not.toContain('\u001b[');
    const coloured = formatText(results, { color: true });
    expect(coloured).toContain('\u001b[32m✓\u001b[0m node');
    expect(coloured).toContain('\u001b[31m✗\u001b[0m database');
  });
});

describe('json', () => {
  it('carries every result, the summary and the exit code', () => {
    const parsed = JSON.parse(formatJson(results)) as { ok: boolean; exitCode: number; summary: unknown; checks: CheckResult[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.exitCode).toBe(1);
    expect(parsed.summary).toEqual({ ok: 1, warn: 1, fail: 1, skip: 1 });
    expect(parsed.checks).toEqual(results);
  });
});
