// The document stores an API uses: the one new documents go to, and every one it can read documents from.
import type { Database } from '@monitrax/database/create-db';
import { postgresStore } from './postgres-store.ts';
import { type S3Settings, s3Store } from './s3-store.ts';
import type { DocumentStore, DocumentStores } from './store.ts';

export interface StoresSettings {
  /** Where new documents go (DOCUMENT_STORAGE). */
  storage: 'postgres' | 's3';
  /** The bucket (S3_*), when one is configured. */
  bucket: S3Settings | undefined;
}

/**
 * PostgreSQL can always be read, the bucket whenever it is configured: a document is read and removed where its row
 * says it is, so switching DOCUMENT_STORAGE keeps earlier documents reachable (they stay where they are; nothing
 * moves them).
 */
export function documentStoresFor(settings: StoresSettings, db: Database): DocumentStores {
  const bucket = settings.bucket ? s3Store(settings.bucket) : undefined;
  if (settings.storage === 's3' && !bucket) throw new Error('DOCUMENT_STORAGE=s3 needs S3_BUCKET'); // the config schema refuses this first
  return storesWith(settings.storage === 's3' ? bucket : undefined, db, bucket);
}

/** `current` (PostgreSQL when not given) for new documents; PostgreSQL, and `bucket` when there is one, for reading. */
export function storesWith(current: DocumentStore | undefined, db: Database, bucket?: DocumentStore): DocumentStores {
  const postgres = postgresStore(db);
  const s3 = bucket ?? (current?.kind === 'S3' ? current : undefined);
  return { current: current ?? postgres, byKind: { POSTGRES: postgres, ...(s3 ? { S3: s3 } : {}) } };
}
