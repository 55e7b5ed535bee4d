// A real S3-compatible server for tests where no container image can be pulled: s3rver (npm), on a free loopback
// port, one bucket, data in a throwaway folder. It speaks the S3 REST protocol the AWS SDK v3 uses for what the
// document store does: PutObject, multipart uploads (CreateMultipartUpload, UploadPart, CompleteMultipartUpload),
// GetObject, HeadObject, DeleteObject, ListObjectsV2. It does not implement AbortMultipartUpload (parts of an aborted
// multipart upload stay in its folder, invisible to ListObjectsV2), and it checks no signature, bucket policy or
// checksum: what only a real bucket proves (docs/testing.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The S3_* variables that point an API or a worker at this server (@monitrax/document-store/bucket-env). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'monitrax-documents'): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'monitrax-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  // s3rver's fixed credentials; it takes any region.
  const settings = { endpoint: `http://127.0.0.1:${port}`, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    ...settings,
    env: {
      S3_BUCKET: settings.bucket,
      S3_ENDPOINT: settings.endpoint,
      S3_REGION: settings.region,
      S3_ACCESS_KEY_ID: settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
