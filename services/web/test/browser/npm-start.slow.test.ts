// `npm start` as a person runs it after `npm run build`: the API, the worker and the standalone web server in
// production mode on this machine, against a database (here the browser tests' own), answering through the web
// server; Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops all of them.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import { REPO_ROOT } from '@monitrax/database/paths';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { afterAll, describe, expect, it } from 'vitest';
import { stack, SKIP } from './browser.ts';

let child: ChildProcess | undefined;
let output = '';

afterAll(() => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
});

function lineMatching(pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child?.stdout?.on('data', check);
    child?.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before ${pattern}:\n${output.slice(-3000)}`));
    });
    check();
  });
}

describe('npm start', () => {
  it.skipIf(SKIP)(
    'runs the production build (API, worker, web) against DATABASE_URL, and Ctrl-C stops it',
    async () => {
      const [apiPort, webPort] = [await findFreePort(), await findFreePort()];
      child = spawn('npm', ['start'], {
        cwd: REPO_ROOT,
        detached: true, // its own process group, like a terminal's foreground job
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
          HOME: process.env.HOME,
          DATABASE_URL: stack.databaseUrl,
          API_PORT: String(apiPort),
          WEB_PORT: String(webPort),
          JWT_SECRET: randomBytes(48).toString('base64'),
          LOG_LEVEL: 'warn',
        },
      });
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
      await lineMatching(/Monitrax is running the production build/, 90_000);

      const health = await fetch(`http://127.0.0.1:${webPort}/api/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      const page = await fetch(`http://127.0.0.1:${webPort}/sign-in`, { signal: AbortSignal.timeout(10_000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sign in');
      const api = (await (await fetch(`http://127.0.0.1:${apiPort}/api/health`)).json()) as { checks: Record<string, unknown> };
      // The public document: every readiness check by name (uptime is for the detailed one).
      expect(Object.keys(api.checks)).toEqual(expect.arrayContaining([HEALTH_CHECKS.database, HEALTH_CHECKS.schema, HEALTH_CHECKS.worker]));

      const exit = once(child, 'exit');
      process.kill(-child.pid!, 'SIGINT');
      const [code, signal] = await exit;
      // npm re-raises a Ctrl-C on itself once its script has exited; the script's own end is the "stopped" line.
      expect(code === 0 || signal === 'SIGINT', `npm exited ${code ?? signal}:\n${output.slice(-3000)}`).toBe(true);
      expect(output).toContain('[start] stopped');
      // Nothing of it is left serving.
      for (const port of [apiPort, webPort]) {
        await expect(fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
      }
    },
    150_000,
  );
});
