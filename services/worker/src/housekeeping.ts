// Tidying that needs no queue: every HOUSEKEEPING_EVERY_MS the worker deletes pieces of documents nobody can reach
// any more (@monitrax/database/document-chunks). Not a pg-boss job: it is safe to run on every worker at once, needs
// no retry (the next round does it), and would otherwise show as the "last job" operators read for the snapshot.
import { sweepOrphanChunks } from '@monitrax/database/document-chunks';
import type { Database } from '@monitrax/database/create-db';
import type { Logger } from 'pino';

const HOUSEKEEPING_EVERY_MS = 10 * 60 * 1000;
/** An upload still arriving is younger than this. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

export function startHousekeeping(db: Database, logger: Logger): { stop(): void } {
  const round = async () => {
    try {
      const chunks = await sweepOrphanChunks(db, ORPHAN_AFTER_MS);
      if (chunks > 0) logger.info({ chunks }, 'housekeeping: pieces of documents nobody can reach deleted');
    } catch (error) {
      logger.warn({ err: error }, 'housekeeping: could not sweep document pieces; trying again next round');
    }
  };
  const timer = setInterval(() => void round(), HOUSEKEEPING_EVERY_MS);
  timer.unref();
  void round();
  return { stop: () => clearInterval(timer) };
}
