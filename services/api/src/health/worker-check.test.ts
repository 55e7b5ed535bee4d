import type { WorkerStatus } from '@monitrax/worker/status';
import { describe, expect, it } from 'vitest';
import { workerCheckResult } from './worker-check.ts';

const now = new Date('2026-12-03T10:00:00.000Z');
const beat = new Date('2026-12-03T09:59:50.000Z');
const live: WorkerStatus = {
  installed: true,
  liveWorkers: 2,
  lastHeartbeat: beat,
  queued: 1,
  active: 0,
  failed: 0,
  lastJob: { name: 'portfolio-snapshot', state: 'completed', at: new Date('2026-12-02T13:05:01.000Z'), usersFailed: 0 },
};

describe('the worker check', () => {
  it('passes with live workers, giving the queue depth and the last job', () => {
    expect(workerCheckResult(live, now)).toEqual({
      componentType: 'component',
      componentId: 'monitrax-worker',
      status: 'pass',
      time: now.toISOString(),
      observedValue: 2,
      observedUnit: 'workers',
      queued: 1,
      active: 0,
      failed: 0,
      lastHeartbeat: beat.toISOString(),
      lastJob: { name: 'portfolio-snapshot', state: 'completed', time: '2026-12-02T13:05:01.000Z' },
      output: '1 queued, 0 running; last job portfolio-snapshot completed at 2026-12-02T13:05:01.000Z',
    });
  });

  it('passes with a live worker that has run no job yet', () => {
    expect(workerCheckResult({ ...live, lastJob: null }, now)).toMatchObject({ status: 'pass', output: '1 queued, 0 running; no job has run yet' });
  });

  it('warns when no worker is live, saying since when', () => {
    expect(workerCheckResult({ ...live, liveWorkers: 0 }, now)).toMatchObject({
      status: 'warn',
      observedValue: 0,
      output: `no worker heartbeat since ${beat.toISOString()}: is the worker running? Its log says why it stopped`,
    });
    expect(workerCheckResult({ ...live, liveWorkers: 0, lastHeartbeat: null }, now)).toMatchObject({
      status: 'warn',
      output: expect.stringMatching(/^no worker heartbeat ever/),
    });
  });

  it('warns when no worker ever started on the database', () => {
    const never: WorkerStatus = { installed: false, liveWorkers: 0, lastHeartbeat: null, queued: 0, active: 0, failed: 0, lastJob: null };
    expect(workerCheckResult(never, now)).toMatchObject({ status: 'warn', observedValue: 0, output: 'no worker has started on this database yet' });
  });

  it('warns when the last job failed for good, even with live workers', () => {
    const failed = { ...live, failed: 1, lastJob: { name: 'portfolio-snapshot', state: 'failed', at: now, usersFailed: 0 } };
    expect(workerCheckResult(failed, now)).toMatchObject({ status: 'warn', failed: 1, output: expect.stringContaining('portfolio-snapshot, failed for good') });
  });

  it('warns when the last job could not do some users, counting them', () => {
    const partial = { ...live, lastJob: { ...live.lastJob!, usersFailed: 2 } };
    expect(workerCheckResult(partial, now)).toMatchObject({
      status: 'warn',
      lastJob: { name: 'portfolio-snapshot', state: 'completed', usersFailed: 2 },
      output: expect.stringMatching(/^the last job, portfolio-snapshot, could not do 2 user\(s\) .*the worker log names them/),
    });
  });
});
