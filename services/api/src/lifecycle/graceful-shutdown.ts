// Graceful shutdown for Render's rolling deploys (SIGTERM, then SIGKILL after 30 s) and Ctrl-C:
// 1. readiness flips to 503 at once;
// 2. the listener closes, so new connections are refused while in-flight requests finish;
// 3. idle keep-alive connections are closed as soon as their response is done;
// 4. the database pool disconnects;
// 5. resolves 0, or 1 if the deadline forced open connections shut.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle.ts';

export interface ShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  timeoutMs: number;
  logger: Logger;
  /** Releases resources after the last request (e.g. prisma.$disconnect()). */
  release: () => Promise<void>;
}

/** Idle sockets are re-checked this often while draining; a request finishing makes its socket idle. */
const IDLE_SWEEP_MS = 50;

export function createShutdown(options: ShutdownOptions): (reason: string) => Promise<number> {
  let running: Promise<number> | undefined;

  async function drain(reason: string): Promise<number> {
    const { server, lifecycle, logger } = options;
    const started = Date.now();
    lifecycle.beginShutdown();
    // server.close() stops accepting at once (its callback waits for the open connections), so the line below is
    // true when it is written: whoever acts on it finds new connections refused, not half-accepted and then reset.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info({ reason, timeoutMs: options.timeoutMs }, 'shutting down: refusing new connections, draining in-flight requests');

    let forced = false;
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        forced = true;
        server.closeAllConnections();
        resolve();
      }, options.timeoutMs);
    });
    await Promise.race([closed, timedOut]);
    clearInterval(sweep);
    clearTimeout(deadline);

    try {
      await options.release();
    } catch (error) {
      logger.warn({ err: error }, 'error while releasing resources during shutdown');
    }
    const elapsedMs = Date.now() - started;
    if (forced) {
      logger.warn({ elapsedMs }, 'shutdown deadline reached: open connections were cut');
      return 1;
    }
    logger.info({ elapsedMs }, 'shutdown complete');
    return 0;
  }

  return (reason) => (running ??= drain(reason));
}
