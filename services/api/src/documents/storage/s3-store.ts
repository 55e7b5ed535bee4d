// Documents' bytes in an S3-compatible bucket through the AWS SDK v3: uploads streamed with lib-storage's Upload
// (multipart: it holds a few parts, never the file, and aborts the multipart upload when the stream fails, so a
// refused upload leaves no object and no parts), downloads streamed from GetObject. The bucket stays private: reads go
// through the API (services/api/src/documents/routes.ts says why).
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { DocumentStore } from './store.ts';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  forcePathStyle: boolean;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/** Objects live under this prefix, so a bucket shared with other data shows what is Monitrax's. */
const PREFIX = 'documents/';

export function s3Store(settings: S3Settings): DocumentStore & { client: S3Client } {
  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 requires them: R2, B2 and GCS's interoperability do not all take the SDK's newer
    // default ones; the API checks its own SHA-256 of every document anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  };
  const client = new S3Client(config);
  const objectKey = (key: string) => `${PREFIX}${key}`;
  return {
    kind: 'S3',
    client,
    async write(key, bytes) {
      const upload = new Upload({ client, params: { Bucket: settings.bucket, Key: objectKey(key), Body: bytes, ContentType: 'application/octet-stream' } });
      // A failing stream (a refusal, a client gone) aborts the upload, multipart parts included; the caller hears the
      // stream's own error, not the abort's.
      let streamError: unknown;
      bytes.once('error', (error) => {
        streamError = error;
        void upload.abort().catch(() => {});
      });
      try {
        await upload.done();
      } catch (error) {
        throw streamError ?? error;
      }
    },
    async read(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
      if (!answer.Body) throw new Error(`the bucket returned no body for ${objectKey(key)}`);
      return answer.Body as Readable;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
    },
  };
}
