// The design doc's commands, as written, on a fresh clone of this repository (its committed HEAD) with nothing
// installed: `npm install` (installs and generates the client), `npm run dev` (make dev's stack, which then holds
// the database the rest use: no DATABASE_URL anywhere), `npx prisma generate`, `npx prisma db push`,
// `npx prisma db pull`, `npx prisma studio`, `npm run build` (typecheck and production build) and `npm start`.
// `npm test` is the suite this runs inside (`make test` runs the same vitest projects), so it is not run again here.
// Only this Node is put first on PATH, with what this machine cannot reach switched on the way a person here does it,
// from the clone's own door (`export $(services/machine-workarounds/bin/machine-env.sh)`: Prisma's schema engine
// stand-in where its binaries cannot be downloaded); ports are free ones, passed the way a person moves them
// (PG_PORT, ...).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { findFreePort, findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { runToExit } from '@monitrax/test-support/run-to-exit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let clone: string;
let env: NodeJS.ProcessEnv;
interface Started {
  child: ChildProcess;
  output: () => string;
}
const running: Started[] = [];

/** A long-running command in its own process group (a terminal's foreground job), its output kept. */
function start(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Started {
  let output = '';
  const child = spawn(command, args, { cwd: clone, env: { ...env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const handle: Started = { child, output: () => output };
  running.push(handle);
  return handle;
}

function waitForLine(handle: Started, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${handle.output().slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (!pattern.test(handle.output())) return;
      clearTimeout(timer);
      resolve();
    };
    handle.child.stdout?.on('data', check);
    handle.child.stderr?.on('data', check);
    handle.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before ${pattern}:\n${handle.output().slice(-3000)}`));
    });
    check();
  });
}

/** Ctrl-C: SIGINT to the whole group, then wait for the command to end. */
async function interrupt(handle: Started): Promise<void> {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  const exited = once(handle.child, 'exit');
  process.kill(-handle.child.pid!, 'SIGINT');
  await exited;
}

const run = (command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runToExit(command, args, { cwd: clone, env: { ...env, ...extraEnv } });

let ports: { pg: number; api: number; web: number };

beforeAll(async () => {
  clone = await mkdtemp(path.join(tmpdir(), 'monitrax-fresh-clone-'));
  // A checkout people can share: make dev's PostgreSQL runs as "postgres" when this runs as root (mkdtemp gives 0700).
  await chmod(clone, 0o755);
  const cloned = await runToExit('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone]);
  if (cloned.code !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  const [pg, api, web] = (await findFreePorts(3)) as [number, number, number];
  ports = { pg, api, web };
  const base = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME };
  const machine = await runToExit(path.join(clone, 'services/machine-workarounds/bin/machine-env.sh'), [], { cwd: clone, env: base });
  if (machine.code !== 0) throw new Error(`machine-env.sh failed: ${machine.stderr}`);
  env = {
    ...base,
    ...Object.fromEntries(
      machine.stdout.split('\n').flatMap((line) => (line.includes('=') ? [[line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]] : [])),
    ),
    PG_PORT: String(ports.pg),
    API_PORT: String(ports.api),
    WEB_PORT: String(ports.web),
    NEXT_TELEMETRY_DISABLED: '1',
  };
});

afterAll(async () => {
  for (const handle of running.reverse()) {
    await interrupt(handle).catch(() => {});
  }
  if (clone) await rm(clone, { recursive: true, force: true });
});

describe("the design doc's commands on a fresh clone", () => {
  it('npm install installs the dependencies and generates the Prisma client', async () => {
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    expect(installed.stdout + installed.stderr).toMatch(/Generated Prisma Client/);
    expect(existsSync(path.join(clone, 'services/database/src/generated/prisma/client.ts'))).toBe(true);
  });

  it('npm run dev starts the stack; its database is the one the next commands find', async () => {
    const dev = start('npm', ['run', 'dev']);
    await waitForLine(dev, /Monitrax is running/, 180_000);
    const health = await fetch(`http://127.0.0.1:${ports.api}/api/health`);
    expect(health.status).toBe(200);
  });

  it("npx prisma generate, db push and db pull work as written, on the machine's schema engine", async () => {
    const generate = await run('npx', ['prisma', 'generate']);
    expect(generate.code, generate.stdout + generate.stderr).toBe(0);
    expect(generate.stderr).toContain("using make dev's database");

    const push = await run('npx', ['prisma', 'db', 'push']);
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(push.stdout + push.stderr).toContain('The database is already in sync with the Prisma schema');

    const pull = await run('npx', ['prisma', 'db', 'pull', '--print']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/model PortfolioDay \{/);
  });

  it('npx prisma studio serves its UI', async () => {
    const port = await findFreePort();
    const studio = start('npx', ['prisma', 'studio', '--port', String(port), '--browser', 'none']);
    await waitForLine(studio, /Prisma Studio is running/, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    await interrupt(studio);
  });

  it('npm run build typechecks and builds for production; npm start runs that build', async () => {
    const build = await run('npm', ['run', 'build']);
    expect(build.code, (build.stdout + build.stderr).slice(-3000)).toBe(0);
    expect(existsSync(path.join(clone, 'services/web/.next/standalone/services/web/server.js'))).toBe(true);

    const [api, web] = (await findFreePorts(2)) as [number, number];
    const started = start('npm', ['start'], { API_PORT: String(api), WEB_PORT: String(web) });
    await waitForLine(started, /Monitrax is running the production build/, 90_000);
    expect((await fetch(`http://127.0.0.1:${web}/api/health`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${web}/sign-in`)).text()).toContain('Sign in');
    await interrupt(started);
    expect(started.output()).toContain('[start] stopped');
  });
});
