// `make dev`: the whole stack on this machine with no Docker.
//   web app (next dev, booting meanwhile) + the local stack (startLocalStack: embedded PostgreSQL 17 with data in
//   .data/postgres -> schema sync -> API in watch mode, the demo data seeded meanwhile -> the worker)
//   -> both healthy -> print URLs and the demo login.
//   Ctrl-C stops everything it started, PostgreSQL included.
//   With OTEL_EXPORTER_OTLP_ENDPOINT (the environment's, else .env's) the API, the worker and the web send traces and
//   metrics there (docs/observability.md); make dev starts no viewer: docker compose --profile traces up -d jaeger.
import { hashPassword } from '@monitrax/api/auth/passwords';
import path from 'node:path';
import { DEMO_LOGIN, seedDemoData } from '@monitrax/database/seed';
import { createDb } from '@monitrax/database/create-db';
import { type LocalStack, SchemaSyncStopped, startLocalStack } from './stack.ts';
import type { NodeProcess } from './supervisor.ts';
import { isPortFree } from './postgres/ports.ts';
import { DEV_DATABASE, POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { appVersion } from '@monitrax/schema-sync/sync/app-version';
import { devSettings, withTelemetry } from './settings.ts';
import { waitForHealthy } from './wait-for-health.ts';
import { startNextDev } from './web.ts';
import { REPO_ROOT as root } from '@monitrax/database/paths';

const say = (message: string) => process.stdout.write(`[dev] ${message}\n`);
const DATABASE = DEV_DATABASE.database;

async function main() {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const settings = devSettings(root);
  // The environment of the API, the worker and the web: make dev's own, with the OTEL_* variables it chose.
  const childEnv = withTelemetry(process.env, settings.telemetry);
  for (const note of settings.telemetry.notes) say(note);
  let web: NodeProcess | undefined;
  let stack: LocalStack | undefined;
  let stopping: Promise<void> | undefined;

  const stopAll = (code: number) => {
    stopping ??= (async () => {
      say('stopping...');
      await web?.stop();
      await stack?.stop();
      say('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    for (const [what, port, variable] of [
      ['API', settings.apiPort, 'API_PORT'],
      ['web app', settings.webPort, 'WEB_PORT'],
    ] as const) {
      if (!(await isPortFree(port))) {
        throw new Error(`port ${port} is in use, so the ${what} cannot listen there. Stop the other process or run ${variable}=${port + 1} make dev`);
      }
    }

    // next dev takes longest to come up (its first compile): start it first, so it boots while PostgreSQL
    // starts and the schema syncs. Its health answers 200 once the API is up too.
    web = startNextDev({
      port: settings.webPort,
      apiUrl: `http://127.0.0.1:${settings.apiPort}`,
      internalApiSecret: settings.internalApiSecret,
      env: childEnv,
      inherit: true,
    });
    // Asked from now on, so that next dev compiles its health route meanwhile; it answers 200 once the API is up.
    const webHealthy = waitForHealthy(`http://127.0.0.1:${settings.webPort}/api/health`, { child: web.child, timeoutMs: 180_000 });
    webHealthy.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"

    // The same safe sync as deploys: a change that would lose dev data is refused, not applied, unless the
    // developer names what may go with DEV_SYNC_ARGS="--accept-data-loss=NAME,..." (and/or "--no-backup").
    const syncArgs = (process.env.DEV_SYNC_ARGS ?? '').split(/\s+/).filter(Boolean);
    const acceptDataLoss = syncArgs.flatMap((arg) => (arg.startsWith('--accept-data-loss=') ? arg.slice('--accept-data-loss='.length).split(',') : []));
    const unknownArgs = syncArgs.filter(
      (arg) => !(arg.startsWith('--accept-data-loss=') && arg.length > '--accept-data-loss='.length) && arg !== '--no-backup',
    );
    if (unknownArgs.length > 0)
      throw new Error(`DEV_SYNC_ARGS accepts --accept-data-loss=NAME,... (as the refusal names them) and --no-backup, not ${unknownArgs.join(' ')}`);
    let seeded = 'exists' as 'created' | 'exists';
    stack = await startLocalStack({
      dataDir: path.join(settings.dataDir, 'postgres'),
      database: DATABASE,
      ports: { postgres: settings.pgPort, api: settings.apiPort },
      sync: {
        backupDir: path.join(root, process.env.BACKUP_DIR ?? 'backups'),
        acceptDataLoss,
        // No earlier release keeps serving here: make dev's API restarts on the new schema, so a breaking change is
        // only labelled (what a deploy would refuse), not refused.
        allowBreaking: true,
        backup: !syncArgs.includes('--no-backup'),
        appVersion: appVersion(process.env),
        log: (line) => say(`db:sync: ${line}`),
      },
      api: {
        watch: true,
        env: {
          ...childEnv,
          NODE_ENV: 'development',
          JWT_SECRET: settings.jwtSecret,
          INTERNAL_API_SECRET: settings.internalApiSecret,
          WEB_ORIGIN: `http://localhost:${settings.webPort}`,
          LOG_LEVEL: settings.logLevel,
          // The worker starts after the API: read its state often, so the status page shows it within seconds.
          WORKER_CHECK_INTERVAL_MS: process.env.WORKER_CHECK_INTERVAL_MS ?? '5000',
        },
      },
      // The background worker (pg-boss on the same database), restarted on change like the API; at start it writes
      // today's portfolio history rows.
      worker: { watch: true, env: { ...childEnv, LOG_LEVEL: settings.logLevel } },
      // The demo data goes in while the API boots: both need only the synced schema.
      whileApiStarts: async (databaseUrl) => {
        say(
          `PostgreSQL ${POSTGRES_MAJOR} ready on 127.0.0.1:${settings.pgPort} (data in ${path.relative(root, path.join(settings.dataDir, 'postgres')) || '.'}), schema in sync with prisma/schema.prisma after ${elapsed()}`,
        );
        const db = createDb(databaseUrl, { maxConnections: 2 });
        seeded = await seedDemoData(db, hashPassword).finally(() => db.close());
      },
    }).catch((error: unknown) => {
      if (error instanceof SchemaSyncStopped) {
        throw new Error(
          `${error.message}. Change the schema, or apply it knowingly: ` +
            `DEV_SYNC_ARGS="--accept-data-loss=NAME,..." make dev with the names the refusal printed (backup first), adding --no-backup if this machine has no pg_dump ${POSTGRES_MAJOR} (or run make pg-client).`,
        );
      }
      throw error;
    });
    say(seeded === 'created' ? 'demo data created' : 'demo data already present');
    say(`API healthy after ${elapsed()}; waiting for the web app (next dev)`);
    await webHealthy;

    const traces = settings.telemetry.destination;
    process.stdout.write(
      `${[
        '',
        `  Monitrax is running (healthy after ${elapsed()})`,
        `  Web        http://localhost:${settings.webPort}`,
        `  API        http://localhost:${settings.apiPort}/api`,
        `  Health     http://localhost:${settings.apiPort}/api/health`,
        '  Worker     pg-boss jobs (npm run job -- portfolio-snapshot runs the daily snapshot now)',
        `  Database   postgresql://monitrax:***@127.0.0.1:${settings.pgPort}/${DATABASE}`,
        `  Demo login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
        ...(traces === undefined ? [] : [`  Traces     ${tracesLine(traces)}`]),
        '  Ctrl-C stops everything.',
        '',
      ].join('\n')}\n`,
    );
  } catch (error) {
    process.stderr.write(`[dev] ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll(1);
  }
}

/** Where the API's, the worker's and the web's traces and metrics go, for the summary. */
function tracesLine(destination: { endpoint: string } | { off: string }): string {
  if ('off' in destination) return `none (${destination.off})`;
  // compose's jaeger (the traces profile) publishes OTLP/HTTP on 4318 and its UI on 16686, both on 127.0.0.1.
  const url = URL.canParse(destination.endpoint) ? new URL(destination.endpoint) : undefined;
  const local = url !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.port === '4318';
  return `${destination.endpoint} (OTLP/HTTP: API, worker, web)${local ? '; in Jaeger: http://127.0.0.1:16686' : ''}`;
}

await main();
