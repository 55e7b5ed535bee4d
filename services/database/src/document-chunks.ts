// Pieces of documents kept in PostgreSQL (DocumentChunk) that no document names: an upload whose API process died
// mid-way, a document whose bytes could not be removed at its delete, the documents of a deleted user (Document rows
// cascade with their user; pieces have no foreign key, because they are written before their row exists).
import type { Database } from './create-db.ts';

/** Deletes such pieces older than `olderThanMs` (younger ones may belong to an upload still arriving). */
export async function sweepOrphanChunks(db: Database, olderThanMs: number): Promise<number> {
  return db.prisma.$executeRaw`
    DELETE FROM "DocumentChunk" AS c
    WHERE c."createdAt" < now() - make_interval(secs => ${olderThanMs / 1000})
      AND NOT EXISTS (SELECT 1 FROM "Document" AS d WHERE d."storageKey" = c."key" AND d."storage" = 'POSTGRES')`;
}
