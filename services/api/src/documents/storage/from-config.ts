// The document stores, built from the API's configuration.
import type { Database } from '@monitrax/database/create-db';
import type { Config } from '../../config/env.ts';
import { postgresStore } from './postgres-store.ts';
import { s3Store } from './s3-store.ts';
import type { DocumentStore, DocumentStores } from './store.ts';

export type StorageConfig = Pick<
  Config,
  'documentStorage' | 's3Bucket' | 's3Endpoint' | 's3Region' | 's3AccessKeyId' | 's3SecretAccessKey' | 's3ForcePathStyle'
>;

/**
 * The store new documents go to (DOCUMENT_STORAGE), and every store this API can read documents from: PostgreSQL
 * always, the bucket when it is configured. A document is read and removed where its row says it is, so switching
 * DOCUMENT_STORAGE keeps earlier documents reachable (they stay where they are; nothing moves them).
 */
export function documentStoresFor(config: StorageConfig, db: Database): DocumentStores {
  const bucket = config.s3Bucket ? bucketStore(config, config.s3Bucket) : undefined;
  if (config.documentStorage === 's3' && !bucket) throw new Error('DOCUMENT_STORAGE=s3 needs S3_BUCKET'); // the config schema refuses this first
  return storesWith(config.documentStorage === 's3' ? bucket : undefined, db, bucket);
}

/** `current` (PostgreSQL when not given) for new documents; PostgreSQL, and `bucket` when there is one, for reading. */
export function storesWith(current: DocumentStore | undefined, db: Database, bucket?: DocumentStore): DocumentStores {
  const postgres = postgresStore(db);
  const s3 = bucket ?? (current?.kind === 'S3' ? current : undefined);
  return { current: current ?? postgres, byKind: { POSTGRES: postgres, ...(s3 ? { S3: s3 } : {}) } };
}

function bucketStore(config: StorageConfig, bucket: string): DocumentStore {
  return s3Store({
    bucket,
    region: config.s3Region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
  });
}
