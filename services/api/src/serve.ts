// The API process once telemetry is running (./server.ts starts it first): validate config, build the app, listen,
// and own shutdown. Everything else is built by createApp so that tests run the same code without a listening socket.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { documentStoresFor } from '@monitrax/document-store/stores';
import { ConfigError, loadConfig, type Config } from './config/env.ts';
import { createDb } from '@monitrax/database/create-db';
import { createShutdown } from './lifecycle/graceful-shutdown.ts';
import { createLifecycle } from './lifecycle/lifecycle.ts';
import { createLogger, maskDatabaseUrl } from './logging/logger.ts';
import { createSchemaDriftMonitor, verifiedStateComparison } from './health/schema-drift.ts';
import { createWorkerMonitor } from './health/worker-check.ts';
import { syncSchemaBeforeListening } from './lifecycle/schema-sync-on-start.ts';
import { createWorkerStatusReader } from '@monitrax/worker/status';
import type { Telemetry } from '@monitrax/telemetry/start';

/** The last spans and metrics get this long to leave at shutdown, inside Render's 30 s (docs/observability.md). */
const TELEMETRY_FLUSH_MS = 2_000;

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`monitrax-api: refusing to start.\n${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

export async function serve(telemetry: Telemetry | undefined) {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel });

  if (config.schemaSyncOnStart) {
    const result = await syncSchemaBeforeListening(config, logger);
    if (result.exitCode !== 0) {
      logger.fatal({ outcome: result.outcome, exitCode: result.exitCode }, `schema sync before start failed: ${result.message}`);
      process.exit(result.exitCode);
    }
  }

  const db = createDb(config.databaseUrl, {
    onPoolError: (error) => logger.warn({ err: error }, 'database connection error (pool will reconnect)'),
  });
  const lifecycle = createLifecycle();
  const schemaDrift = createSchemaDriftMonitor({
    compare: verifiedStateComparison(config.databaseUrl),
    intervalMs: config.schemaCheckIntervalMs,
    logger,
  });
  const workerStatus = createWorkerStatusReader(config.databaseUrl, { applicationName: 'monitrax-api-worker-check' });
  const worker = createWorkerMonitor({ reader: workerStatus, intervalMs: config.workerCheckIntervalMs, logger });
  const documentStores = documentStoresFor({ storage: config.documentStorage, bucket: config.documentBucket }, db);
  const app = createApp({ config, db, logger, lifecycle, healthChecks: [schemaDrift, worker], version: packageVersion(), documentStores });

  const server = createServer(app).listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      logger.fatal(`port ${config.port} on ${config.host} is already in use: stop the other process or set PORT`);
    } else {
      logger.fatal({ err: error }, 'could not start listening');
    }
    process.exit(1);
  });
  server.on('listening', () => {
    schemaDrift.start();
    worker.start();
    const { port } = server.address() as AddressInfo;
    logger.info(
      { port, host: config.host, env: config.nodeEnv, database: maskDatabaseUrl(config.databaseUrl) },
      `monitrax-api listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    );
  });

  const shutdown = createShutdown({
    server,
    lifecycle,
    timeoutMs: config.shutdownTimeoutMs,
    logger,
    release: async () => {
      schemaDrift.stop();
      worker.stop();
      await Promise.all([db.close(), workerStatus.close()]);
      await telemetry?.shutdown(TELEMETRY_FLUSH_MS);
    },
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then((code) => process.exit(code));
    });
  }
}
