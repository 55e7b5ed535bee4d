// `npm start`: the production build on this machine, each process as its image runs it: the API (server.ts with the
// production Node flags), the worker, and the web app's standalone server from `npm run build`, all with
// NODE_ENV=production, on 127.0.0.1 and the usual ports (API_PORT, WEB_PORT to move them). The database is
// DATABASE_URL (environment or .env), else make dev's. Secrets come from the environment or .env, else make dev's
// local ones. Like a deploy it does not change the schema: `make db-sync` does (the API's health warns meanwhile).
// Ctrl-C (SIGINT) or SIGTERM stops the three.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { REPO_ROOT } from '@monitrax/database/paths';
import { type RunningApi, startApi, startWorker } from './stack.ts';
import type { NodeProcess } from './supervisor.ts';
import { waitForHealthy } from './wait-for-health.ts';
import { STANDALONE_SERVER, startWebServer } from './web.ts';
import { config as loadDotenv } from 'dotenv';
import { devSettings } from './settings.ts';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function main(): Promise<number> {
  loadDotenv({ path: path.join(REPO_ROOT, '.env'), quiet: true });
  if (!existsSync(STANDALONE_SERVER)) {
    process.stderr.write(`npm start: there is no production build of the web app (${path.relative(REPO_ROOT, STANDALONE_SERVER)}); run npm run build first\n`);
    return 1;
  }
  const settings = devSettings(REPO_ROOT);
  const databaseUrl = process.env.DATABASE_URL ?? devDatabaseUrl(settings.pgPort);
  say(`database ${maskDatabaseUrl(databaseUrl)}${process.env.DATABASE_URL ? '' : " (no DATABASE_URL in the environment or .env: make dev's)"}`);
  const production = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: settings.logLevel };

  let api: RunningApi | undefined;
  let worker: NodeProcess | undefined;
  let web: NodeProcess | undefined;
  let stopping: Promise<number> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      say('stopping...');
      await Promise.all([web?.stop(), worker?.stop()]);
      await api?.process.stop();
      say('stopped');
      return code;
    })();
    return stopping;
  };
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0).then(resolve));
  });

  try {
    api = await startApi({
      databaseUrl,
      port: settings.apiPort,
      terminal: true,
      env: {
        ...production,
        JWT_SECRET: settings.jwtSecret,
        INTERNAL_API_SECRET: settings.internalApiSecret,
        WEB_ORIGIN: process.env.WEB_ORIGIN ?? `http://localhost:${settings.webPort}`,
      },
    });
    worker = startWorker({ env: production, terminal: true }, databaseUrl);
    web = await startWebServer({ port: settings.webPort, apiUrl: api.url, internalApiSecret: settings.internalApiSecret, env: production, inherit: true });
    await waitForHealthy(`http://127.0.0.1:${settings.webPort}/api/health`, { child: web.child, timeoutMs: 60_000 });
  } catch (error) {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    return stop(1);
  }
  say(`Monitrax is running the production build: web http://localhost:${settings.webPort}, API ${api.url}/api (Ctrl-C stops it)`);
  return stopped;
}

process.exitCode = await main();
