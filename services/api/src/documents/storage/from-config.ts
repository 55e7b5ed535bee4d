// The store DOCUMENT_STORAGE names, built from the API's configuration.
import type { Database } from '@monitrax/database/create-db';
import type { Config } from '../../config/env.ts';
import { postgresStore } from './postgres-store.ts';
import { s3Store } from './s3-store.ts';
import type { DocumentStore } from './store.ts';

export type StorageConfig = Pick<
  Config,
  'documentStorage' | 's3Bucket' | 's3Endpoint' | 's3Region' | 's3AccessKeyId' | 's3SecretAccessKey' | 's3ForcePathStyle'
>;

export function documentStoreFor(config: StorageConfig, db: Database): DocumentStore {
  if (config.documentStorage === 'postgres') return postgresStore(db);
  if (!config.s3Bucket) throw new Error('DOCUMENT_STORAGE=s3 needs S3_BUCKET'); // the config schema already refuses this
  return s3Store({
    bucket: config.s3Bucket,
    region: config.s3Region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
  });
}
