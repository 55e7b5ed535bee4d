// The web app on this machine: `next dev` (make dev), or the production build as Next.js leaves it
// (`output: 'standalone'`) and its server (npm start, the browser tests). Both under the supervisor, in a process
// group of their own (Next starts helpers). The one step `next build` leaves to whoever runs the standalone server,
// copying the static assets beside it, happens here as Dockerfile.web does it with COPY.
import { existsSync, statSync } from 'node:fs';
import { cp, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { finishes, type NodeProcess, startNodeProcess } from './supervisor.ts';

export const WEB_DIR = path.join(REPO_ROOT, 'services/web');
export const STANDALONE_DIR = path.join(WEB_DIR, '.next/standalone');
/** npm workspaces: the standalone output mirrors the workspace path under the tracing root. */
export const STANDALONE_APP_DIR = path.join(STANDALONE_DIR, 'services/web');
export const STANDALONE_SERVER = path.join(STANDALONE_APP_DIR, 'server.js');

const nextBin = () => createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');

/** What the web server is told, however it runs. */
export interface WebServerOptions {
  port: number;
  apiUrl: string;
  internalApiSecret: string;
  /** The rest of its environment (NODE_ENV is set here: development for next dev, production for the build). */
  env: NodeJS.ProcessEnv;
  /** Write to this terminal (make dev, npm start) instead of keeping the output. */
  inherit?: boolean;
}

const webEnv = (options: WebServerOptions, nodeEnv: 'development' | 'production'): NodeJS.ProcessEnv => ({
  ...options.env,
  NODE_ENV: nodeEnv,
  NEXT_TELEMETRY_DISABLED: '1',
  API_URL: options.apiUrl,
  INTERNAL_API_SECRET: options.internalApiSecret,
});

/** `next dev` on 127.0.0.1 (make dev): compiles on first request, reloads on change. */
export function startNextDev(options: WebServerOptions): NodeProcess {
  return startNodeProcess(nextBin(), {
    args: ['dev', 'services/web', '--port', String(options.port), '--hostname', '127.0.0.1'],
    cwd: REPO_ROOT,
    env: webEnv(options, 'development'),
    inherit: options.inherit === true,
    group: true,
  });
}

/** The standalone production server from the last build, on 127.0.0.1 (copies the static assets beside it first). */
export async function startWebServer(options: WebServerOptions): Promise<NodeProcess> {
  if (!existsSync(STANDALONE_SERVER)) {
    throw new Error(`there is no production build of the web app (${path.relative(REPO_ROOT, STANDALONE_SERVER)}); run npm run build first`);
  }
  await copyStaticAssets();
  return startNodeProcess(STANDALONE_SERVER, {
    cwd: STANDALONE_APP_DIR,
    env: { ...webEnv(options, 'production'), HOSTNAME: '127.0.0.1', PORT: String(options.port) },
    inherit: options.inherit === true,
    group: true,
  });
}

/** .next/static and public/ into the standalone folder, replacing what an earlier build left there. */
export async function copyStaticAssets(): Promise<void> {
  const copies = [
    [path.join(WEB_DIR, '.next/static'), path.join(STANDALONE_APP_DIR, '.next/static')],
    [path.join(WEB_DIR, 'public'), path.join(STANDALONE_APP_DIR, 'public')],
  ] as const;
  for (const [from, to] of copies) {
    if (!existsSync(from)) continue;
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}

/** Newest modification time of what `next build` reads: the web app's sources, the packages it compiles with them
 * (next.config.ts's transpilePackages: the contract, telemetry), the lockfile. */
async function newestSourceMtime(): Promise<number> {
  const skipped = new Set(['node_modules', '.next', 'test', 'test-results', 'next-env.d.ts']);
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (skipped.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  };
  await walk(WEB_DIR);
  await walk(path.join(REPO_ROOT, 'services/contract/src'));
  await walk(path.join(REPO_ROOT, 'services/telemetry/src'));
  const lockfile = path.join(REPO_ROOT, 'package-lock.json');
  if (existsSync(lockfile)) newest = Math.max(newest, statSync(lockfile).mtimeMs);
  return newest;
}

/** Why the production build must be made again, or null when the last one is current. */
export async function webBuildReason(force = false): Promise<string | null> {
  if (force) return 'asked to rebuild';
  if (!existsSync(STANDALONE_SERVER)) return 'no standalone build yet';
  if ((await newestSourceMtime()) > statSync(STANDALONE_SERVER).mtimeMs) return 'sources changed since the last build';
  return null;
}

/** `next build` (the standalone output), bounded in time; throws with the build's output when it fails. */
export async function buildWeb(options: { env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const build = startNodeProcess(nextBin(), {
    args: ['build'],
    cwd: WEB_DIR,
    env: { ...options.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    group: true,
  });
  options.signal?.addEventListener('abort', () => void build.stop(), { once: true });
  const { code, timedOut, error } = await finishes(build, options.timeoutMs);
  if (options.signal?.aborted) throw new Error('next build was stopped');
  if (timedOut) throw new Error(`next build did not finish within ${options.timeoutMs / 1000} s\n${build.output().slice(-4000)}`);
  if (error) throw new Error(`next build could not start: ${error.message}`);
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${build.output().slice(-4000)}`);
  if (!existsSync(STANDALONE_SERVER)) {
    throw new Error(
      `next build finished but ${path.relative(REPO_ROOT, STANDALONE_SERVER)} is missing: services/web/next.config must set output: 'standalone'`,
    );
  }
}
