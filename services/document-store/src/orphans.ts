// Bytes that no document names: an upload whose API process died mid-way, a document whose bytes could not be
// removed at its delete, the documents of a deleted user (Document rows cascade with their user; the bytes have no
// foreign key, because they are written before their row exists). The worker's housekeeping deletes them once they
// are older than any upload still arriving (an upload is bounded by the API's request timeout, far below that age).
import type { Database } from '@monitrax/database/create-db';
import type { BucketStore } from './s3-store.ts';

/** Deletes DocumentChunk pieces older than `olderThanMs` that no PostgreSQL document names; returns how many. */
export async function sweepOrphanChunks(db: Database, olderThanMs: number): Promise<number> {
  return db.prisma.$executeRaw`
    DELETE FROM "DocumentChunk" AS c
    WHERE c."createdAt" < now() - make_interval(secs => ${olderThanMs / 1000})
      AND NOT EXISTS (SELECT 1 FROM "Document" AS d WHERE d."storageKey" = c."key" AND d."storage" = 'POSTGRES')`;
}

/**
 * Deletes the bucket's document objects written more than `olderThanMs` ago that no S3 document of this database
 * names; returns how many. A bucket (or at least its documents/ prefix) holds one deployment's documents: a second
 * deployment's objects in it would look unnamed from here (docs/documents.md).
 */
export async function sweepOrphanObjects(db: Database, bucket: BucketStore, olderThanMs: number): Promise<number> {
  let removed = 0;
  for await (const keys of bucket.keysWrittenBefore(new Date(Date.now() - olderThanMs))) {
    if (keys.length === 0) continue;
    const named = await db.prisma.document.findMany({ where: { storage: 'S3', storageKey: { in: keys } }, select: { storageKey: true } });
    const kept = new Set(named.map((document) => document.storageKey));
    for (const key of keys) {
      if (kept.has(key)) continue;
      await bucket.remove(key);
      removed += 1;
    }
  }
  return removed;
}
