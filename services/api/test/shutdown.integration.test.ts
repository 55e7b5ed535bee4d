// Graceful shutdown: the real app behind a real listener, drained by the same createShutdown that
// server.ts uses; and server.ts itself as a child process receiving SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createShutdown } from '../src/lifecycle/graceful-shutdown.ts';
import { createLifecycle } from '../src/lifecycle/lifecycle.ts';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { memoryLogger, startTestApp, testConfig, TEST_JWT_SECRET, type TestApp } from './support/test-app.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createShutdown', () => {
  it('turns readiness to 503 at once, lets in-flight requests finish, refuses new connections, exits 0', async () => {
    const lifecycle = createLifecycle();
    const { logger } = memoryLogger();
    // A request that is in flight when SIGTERM arrives: it holds until the test releases it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const outer = express();
    outer.get('/slow', async (_req, res) => {
      arrived();
      await released;
      res.json({ finished: true });
    });
    outer.use(createApp({ config: testConfig, db: t.db, logger, lifecycle }));
    const server = createServer(outer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    expect((await get(port, '/api/health')).status).toBe(200);
    const slow = get(port, '/slow');
    await inFlight;

    let released_db = false;
    const shutdown = createShutdown({
      server,
      lifecycle,
      timeoutMs: 10_000,
      logger,
      release: async () => {
        released_db = true;
      },
    });
    const exitCode = shutdown('SIGTERM');
    expect(lifecycle.shuttingDown).toBe(true);
    await expect(get(port, '/api/health/live')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release();
    expect(await slow).toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    expect(await exitCode).toBe(0);
    expect(released_db).toBe(true);
    expect(shutdown('SIGINT')).toBe(exitCode); // a second signal joins the first shutdown
  });

  it('cuts connections at the deadline and reports it with exit code 1', async () => {
    const lifecycle = createLifecycle();
    const { logger } = memoryLogger();
    const outer = express();
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    outer.get('/stuck', () => arrived()); // never answers
    const server = createServer(outer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const stuck = get(port, '/stuck').catch((error: NodeJS.ErrnoException) => error.code);
    await inFlight;
    const code = await createShutdown({ server, lifecycle, timeoutMs: 200, logger, release: async () => {} })('SIGTERM');
    expect(code).toBe(1);
    expect(await stuck).toBe('ECONNRESET');
  });
});

describe('server.ts', () => {
  const root = REPO_ROOT;

  it('starts, serves health, and exits 0 on SIGTERM', async () => {
    const port = await findFreePort();
    const child = spawn(process.execPath, ['services/api/src/server.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.database.url, JWT_SECRET: TEST_JWT_SECRET, PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const listening = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('listening on')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${output}`)));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    await listening;
    expect((await get(port, '/api/health')).status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('shutdown complete');
    expect(output).not.toContain(TEST_JWT_SECRET);
  });

  it('refuses to start with bad configuration, naming each variable', async () => {
    const child = spawn(process.execPath, ['services/api/src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'changeme', DATABASE_URL: 'postgresql://u:topsecret@h/db' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('JWT_SECRET:');
    expect(stderr).not.toContain('changeme');
    expect(stderr).not.toContain('topsecret');
  });
});
