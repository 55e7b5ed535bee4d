import { describe, expect, it } from 'vitest';
import { failures, slowestFiles, type VitestReport } from './vitest-reports.ts';

const ROOT = '/repo';
const reports: VitestReport[] = [
  {
    testResults: [
      {
        name: '/repo/services/api/test/a.integration.test.ts',
        startTime: 0,
        endTime: 12_000,
        status: 'failed',
        assertionResults: [
          { fullName: 'a passes', status: 'passed', failureMessages: [] },
          {
            fullName: 'a times out',
            status: 'failed',
            failureMessages: ['\n\u001b[31mError: Test timed out in 30000ms.\u001b[39m\nIf this is a long-running test, ...\n    at stack'],
          },
        ],
      },
      {
        name: '/repo/services/api/test/b.integration.test.ts',
        startTime: 0,
        endTime: 3_000,
        status: 'failed',
        message: 'Hook timed out in 120000ms.',
        assertionResults: [],
      },
      // As Vitest writes a file whose beforeAll threw: its test skipped, the error nowhere in the report.
      {
        name: '/repo/services/web/test/d.slow.test.ts',
        status: 'failed',
        message: '',
        assertionResults: [{ fullName: 'd', status: 'skipped', failureMessages: [] }],
      },
    ],
  },
  {
    testResults: [
      { name: '/repo/services/web/src/c.test.ts', startTime: 5, endTime: 7_005, status: 'passed', assertionResults: [{ fullName: 'c', status: 'passed' }] },
    ],
  },
];

describe('Vitest reports', () => {
  it('names each failed test with the first line of its error, colours stripped, and files that failed outside a test', () => {
    expect(failures(reports, ROOT)).toEqual([
      { file: 'services/api/test/a.integration.test.ts', test: 'a times out', reason: 'Error: Test timed out in 30000ms.' },
      { file: 'services/api/test/b.integration.test.ts', test: '(the file, outside its tests)', reason: 'Hook timed out in 120000ms.' },
      {
        file: 'services/web/test/d.slow.test.ts',
        test: '(the file, outside its tests)',
        reason: "not in Vitest's report: see its output above (Failed Suites)",
      },
    ]);
  });

  it('finds nothing to name when every test passed', () => {
    expect(failures([reports[1]!], ROOT)).toEqual([]);
  });

  it('lists the slowest files across every report, slowest first, relative to the repository', () => {
    expect(slowestFiles(reports, ROOT, 2)).toEqual([
      { file: 'services/api/test/a.integration.test.ts', seconds: 12 },
      { file: 'services/web/src/c.test.ts', seconds: 7 },
    ]);
  });
});
