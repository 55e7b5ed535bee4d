import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';
import { checkRows, SECRET_MISMATCH, schemaState, webHealthDocument, workerState, type ApiProbe } from './health-doc';

const now = new Date('2026-11-25T12:00:00.000Z');
const apiDocument = (status: string) => ({
  status,
  version: '0.1.0',
  serviceId: 'monitrax-api',
  checks: {
    'postgresql:responseTime': [{ componentType: 'datastore', status: 'pass', observedValue: 1.25, observedUnit: 'ms', time: now.toISOString() }],
    schema: [
      {
        componentType: 'datastore',
        status,
        observedValue: 'a1b2c3d4e5f6',
        observedUnit: 'schema hash',
        time: now.toISOString(),
        ...(status === 'warn' ? { output: '1 pending schema change(s); run make db-sync (the API log lists them)' } : {}),
      },
    ],
    uptime: [{ componentType: 'system', status: 'pass', observedValue: 12, observedUnit: 's', time: now.toISOString() }],
  },
});

describe('webHealthDocument', () => {
  it('passes with 200 when the API is ready', () => {
    const { httpStatus, document } = webHealthDocument({ httpStatus: 200, latencyMs: 4.5, document: apiDocument('pass') }, now);
    expect(httpStatus).toBe(200);
    expect(document).toMatchObject({ status: 'pass', serviceId: 'monitrax-web' });
    expect(document.checks.web).toEqual([{ componentType: 'system', componentId: 'monitrax-web', status: 'pass', time: now.toISOString() }]);
    expect(document.checks.api[0]).toMatchObject({ status: 'pass', observedValue: 4.5, observedUnit: 'ms' });
  });

  it('warns but stays 200 when the API answers 200 with warn', () => {
    const { httpStatus, document } = webHealthDocument({ httpStatus: 200, latencyMs: 3, document: apiDocument('warn') }, now);
    expect(httpStatus).toBe(200);
    expect(document.status).toBe('warn');
  });

  it.each<[string, ApiProbe]>([
    ['API says 503', { httpStatus: 503, latencyMs: 3, document: apiDocument('fail') }],
    ['API unreachable', { httpStatus: null, latencyMs: 3000, document: null, error: 'no answer within 3000 ms' }],
    ['API_URL missing', { httpStatus: null, latencyMs: 0, document: null, error: 'API_URL: is required in production' }],
    ['something else answers 200', { httpStatus: 200, latencyMs: 1, document: '<html>' }],
    ['a redirect', { httpStatus: 302, latencyMs: 1, document: null }],
  ])('fails with 503 when %s', (_name, probe) => {
    const { httpStatus, document } = webHealthDocument(probe, now);
    expect(httpStatus).toBe(503);
    expect(document.status).toBe('fail');
    expect(document.checks.api[0]?.status).toBe('fail');
    expect(document.checks.web[0]?.status).toBe('pass');
    expect(document.output).toMatch(/^API not ready: /);
  });

  it("warns when the API answers the web's secret with its public document: the two secrets differ", () => {
    const publicAnswer = { status: 'pass', serviceId: 'monitrax-api', checks: {} };
    const mismatch = webHealthDocument({ httpStatus: 200, latencyMs: 1, document: publicAnswer, sentSecret: true }, now);
    expect(mismatch.httpStatus).toBe(200);
    expect(mismatch.document.status).toBe('warn');
    expect(mismatch.document.checks.api[0]?.output).toBe(SECRET_MISMATCH);
    // No secret sent (development), or the detailed document back: no warning.
    expect(webHealthDocument({ httpStatus: 200, latencyMs: 1, document: publicAnswer }, now).document.status).toBe('pass');
    expect(webHealthDocument({ httpStatus: 200, latencyMs: 1, document: apiDocument('pass'), sentSecret: true }, now).document.status).toBe('pass');
  });

  it('shows no version, release or uptime, whatever the API reported to it', () => {
    const { document } = webHealthDocument({ httpStatus: 200, latencyMs: 1, document: { ...apiDocument('pass'), releaseId: 'abc123' } }, now);
    const text = JSON.stringify(document);
    for (const internal of ['version', 'releaseId', 'abc123', '0.1.0', 'uptime', 'schema hash']) expect(text).not.toContain(internal);
  });
});

describe('status page helpers', () => {
  it('lists every check with its observed value', () => {
    expect(checkRows(apiDocument('pass'))).toEqual([
      { name: 'postgresql:responseTime', status: 'pass', observed: '1.25 ms', output: '', time: now.toISOString() },
      { name: 'schema', status: 'pass', observed: 'a1b2c3d4e5f6 schema hash', output: '', time: now.toISOString() },
      { name: 'uptime', status: 'pass', observed: '12 s', output: '', time: now.toISOString() },
    ]);
    expect(checkRows(null)).toEqual([]);
  });
  it('describes the schema state', () => {
    expect(schemaState(apiDocument('pass'))).toEqual({ status: 'pass', summary: "In sync with the build's schema (a1b2c3d4e5f6 schema hash)" });
    expect(schemaState(apiDocument('warn'))).toEqual({ status: 'warn', summary: '1 pending schema change(s); run make db-sync (the API log lists them)' });
    expect(schemaState({})).toEqual({ status: 'unknown', summary: 'Not reported by the API' });
    const migrating = apiDocument('pass') as { checks: { schema: Record<string, unknown>[] } };
    migrating.checks.schema[0]!.mode = 'migrate';
    expect(schemaState(migrating).summary).toBe("In sync with the build's schema (a1b2c3d4e5f6 schema hash); changes deployed by reviewed migrations");
  });
  it('describes the worker', () => {
    const withWorker = (result: Record<string, unknown>) => ({ status: 'pass', checks: { worker: [result] } });
    const time = '2026-12-03T13:05:01.000Z';
    expect(
      workerState(
        withWorker({
          status: 'pass',
          observedValue: 1,
          observedUnit: 'workers',
          queued: 0,
          active: 0,
          failed: 0,
          lastJob: { name: 'portfolio-snapshot', state: 'completed', time },
          time,
        }),
      ),
    ).toEqual({ status: 'pass', summary: `1 worker running; 0 queued; last job portfolio-snapshot completed ${formatDateTime(time)}` });
    expect(workerState(withWorker({ status: 'pass', observedValue: 2, queued: 1, time }))).toEqual({
      status: 'pass',
      summary: '2 workers running; 1 queued; no job has run yet',
    });
    expect(workerState(withWorker({ status: 'warn', observedValue: 0, output: 'no worker has started on this database yet', time }))).toEqual({
      status: 'warn',
      summary: 'no worker has started on this database yet',
    });
    expect(workerState(apiDocument('pass'))).toEqual({ status: 'unknown', summary: 'Not reported by the API' });
  });
});
