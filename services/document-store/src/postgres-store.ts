// Documents' bytes in this database: DocumentChunk rows of CHUNK_BYTES, written as the upload arrives and read one at a
// time as the download is sent, so memory holds one piece per transfer whatever the file's size. No transaction spans
// an upload (it lasts as long as the client takes): the Document row is written only after the last piece, pieces
// of a failed upload are deleted at once, and those of an upload whose process died, or of a deleted user, are swept
// by the worker (./orphans.ts).
import { Readable } from 'node:stream';
import type { Database } from '@monitrax/database/create-db';
import { BytesMissing, type DocumentStore } from './store.ts';

/** Big enough that a 25 MB file is a hundred rows, small enough that a transfer holds little. */
export const CHUNK_BYTES = 256 * 1024;

/** Cuts a stream of any-sized buffers into pieces of exactly `size` bytes (the last may be shorter). */
export async function* pieces(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for await (const chunk of source) {
    let rest = chunk;
    while (heldBytes + rest.length >= size) {
      const take = size - heldBytes;
      held.push(rest.subarray(0, take));
      yield Buffer.concat(held);
      held = [];
      heldBytes = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      held.push(rest);
      heldBytes += rest.length;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held);
}

export function postgresStore(db: Database): DocumentStore {
  const remove = async (key: string) => {
    await db.prisma.documentChunk.deleteMany({ where: { key } });
  };
  return {
    kind: 'POSTGRES',
    async write(key, bytes) {
      let index = 0;
      try {
        for await (const piece of pieces(bytes, CHUNK_BYTES)) {
          await db.writeDocumentPiece(key, index, piece);
          index += 1;
        }
      } catch (error) {
        await remove(key).catch(() => {});
        throw error;
      }
    },
    async read(key) {
      const first = await db.readDocumentPiece(key, 0);
      if (!first) throw new BytesMissing(key);
      async function* chunks() {
        yield first!;
        for (let index = 1; ; index += 1) {
          const piece = await db.readDocumentPiece(key, index);
          if (!piece) return;
          yield piece;
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },
    remove,
  };
}
