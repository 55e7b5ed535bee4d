// Tidying that needs no queue: every HOUSEKEEPING_EVERY_MS the worker deletes the bytes of documents nobody can reach
// any more, in PostgreSQL and, when one is configured, in the bucket (@monitrax/document-store/orphans). Not a
// pg-boss job: it is safe to run on every worker at once, needs no retry (the next round does it), and would
// otherwise show as the "last job" operators read for the snapshot.
import type { Database } from '@monitrax/database/create-db';
import { sweepOrphanChunks, sweepOrphanObjects } from '@monitrax/document-store/orphans';
import type { BucketStore } from '@monitrax/document-store/s3-store';
import type { Logger } from 'pino';

const HOUSEKEEPING_EVERY_MS = 10 * 60 * 1000;
/** An upload still arriving is younger than this. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

export function startHousekeeping(db: Database, bucket: BucketStore | undefined, logger: Logger): { stop(): void } {
  const sweep = async (what: string, run: () => Promise<number>) => {
    try {
      const removed = await run();
      if (removed > 0) logger.info({ removed }, `housekeeping: ${what} of documents nobody can reach deleted`);
    } catch (error) {
      logger.warn({ err: error }, `housekeeping: could not sweep ${what} of documents; trying again next round`);
    }
  };
  const round = async () => {
    await sweep('pieces', () => sweepOrphanChunks(db, ORPHAN_AFTER_MS));
    if (bucket) await sweep('bucket objects', () => sweepOrphanObjects(db, bucket, ORPHAN_AFTER_MS));
  };
  const timer = setInterval(() => void round(), HOUSEKEEPING_EVERY_MS);
  timer.unref();
  void round();
  return { stop: () => clearInterval(timer) };
}
