// Where documents' bytes live, behind one interface with two drivers: PostgreSQL (the default: nothing new to run in
// make dev, compose, the tests or on Render) and an S3-compatible bucket (AWS S3, Cloudflare R2, Backblaze B2, Google
// Cloud Storage's interoperability). Both stream both ways: neither holds a whole file.
import type { Readable } from 'node:stream';
import type { DocumentStorage } from '@monitrax/database/client';

export interface DocumentStore {
  /** What Document.storage records for what this store wrote. */
  readonly kind: DocumentStorage;
  /** Writes `bytes` under `key` (a new UUID). Rejects when the stream fails, having removed what it wrote. */
  write(key: string, bytes: Readable): Promise<void>;
  /** The bytes under `key`, as a stream (an error on it when they cannot be read); BytesMissing when there are none. */
  read(key: string): Promise<Readable>;
  /** Removes the bytes under `key`; nothing there is not an error. */
  remove(key: string): Promise<void>;
}

/** Where a document's row says its bytes are, there are none. */
export class BytesMissing extends Error {
  constructor(key: string) {
    super(`no bytes are stored under ${key}`);
    this.name = 'BytesMissing';
  }
}

/** The stores an API can read from, by what Document.storage records, and the one new documents go to. */
export interface DocumentStores {
  current: DocumentStore;
  byKind: Partial<Record<DocumentStore['kind'], DocumentStore>>;
}
