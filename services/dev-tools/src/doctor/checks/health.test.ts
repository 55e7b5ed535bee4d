import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import type { HttpProbe } from '../types.ts';
import { checkHealth, healthResult } from './health.ts';

const answered = (status: number, body: unknown): HttpProbe => ({
  kind: 'answered',
  status,
  contentType: 'application/health+json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const pass = {
  status: 'pass',
  version: '0.1.0',
  serviceId: 'monitrax-api',
  checks: { 'postgresql:responseTime': [{ status: 'pass' }], uptime: [{ status: 'pass' }] },
};

describe('health decision', () => {
  it('skips a service that is not running', () => {
    expect(healthResult('api', 4000, { kind: 'refused' })).toEqual({
      name: 'api health',
      status: 'skip',
      detail: 'not running (nothing listens on 127.0.0.1:4000)',
    });
  });

  it('is ok on 200, with the status and version', () => {
    expect(healthResult('api', 4000, answered(200, pass))).toEqual({ name: 'api health', status: 'ok', detail: 'API running on :4000: pass (version 0.1.0)' });
  });

  it('stays ok on 200 warn, naming the checks that warn', () => {
    const warn = { ...pass, status: 'warn', checks: { 'postgresql:responseTime': [{ status: 'warn' }] } };
    expect(healthResult('api', 4000, answered(200, warn)).detail).toBe('API running on :4000: warn (warn: postgresql:responseTime) (version 0.1.0)');
  });

  it('fails on 503, naming the failing checks and pointing at the database when it is one', () => {
    const fail = { status: 'fail', checks: { 'postgresql:responseTime': [{ status: 'fail', output: 'ECONNREFUSED' }], uptime: [{ status: 'pass' }] } };
    const result = healthResult('api', 4001, answered(503, fail));
    expect(result.status).toBe('fail');
    expect(result.detail).toBe('API on :4001 answered 503 fail (failing: postgresql:responseTime)');
    expect(result.fix).toContain('database');
  });

  it('fails on 503 while shutting down, with the output', () => {
    const result = healthResult('api', 4000, answered(503, { status: 'fail', output: 'shutting down', checks: { uptime: [{ status: 'pass' }] } }));
    expect(result.detail).toContain('(shutting down)');
    expect(result.fix).toContain('shutting down');
  });

  it('warns when something that is not a health endpoint answers', () => {
    const web = healthResult('web', 3000, { kind: 'answered', status: 404, contentType: 'text/html', body: '<html>' });
    expect(web.status).toBe('warn');
    expect(web.fix).toContain("ss -ltnp 'sport = :3000'");
    expect(healthResult('api', 4000, answered(200, 'hello')).status).toBe('warn');
  });

  it('warns on a hang or a broken answer, with how to find the process', () => {
    const hung = healthResult('api', 4000, { kind: 'timeout', timeoutMs: 2_000 });
    expect(hung).toMatchObject({ status: 'warn', detail: 'http://127.0.0.1:4000/api/health gave no answer within 2 s' });
    expect(healthResult('api', 4000, { kind: 'error', message: 'ECONNRESET' }, 'darwin').fix).toContain('lsof -nP -iTCP:4000 -sTCP:LISTEN');
  });
});

describe('health check', () => {
  it('asks 127.0.0.1:<port>/api/health with a 2 s limit', async () => {
    const asked: unknown[] = [];
    const world = fakeWorld({
      httpGet: async (port, path, timeoutMs) => {
        asked.push({ port, path, timeoutMs });
        return answered(200, pass);
      },
    });
    expect((await checkHealth(world, 'web', 3001)).status).toBe('ok');
    expect(asked).toEqual([{ port: 3001, path: '/api/health', timeoutMs: 2_000 }]);
  });

  it('skips without a valid port', async () => {
    expect((await checkHealth(fakeWorld(), 'api', undefined)).status).toBe('skip');
  });
});
