// Documents' bytes in an S3-compatible bucket through the AWS SDK v3: uploads streamed with lib-storage's Upload
// (one part of PART_BYTES in flight and one filling: what an upload holds, whatever the file's size), downloads
// streamed from GetObject. A failing stream aborts the multipart upload; lib-storage sends AbortMultipartUpload in
// the background, and a process that dies mid-upload sends none, so the bucket needs a lifecycle rule that aborts
// incomplete multipart uploads (docs/documents.md). The bucket stays private: reads go through the API
// (services/api/src/documents/routes.ts says why).
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, paginateListObjectsV2, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BytesMissing, type DocumentStore } from './store.ts';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  forcePathStyle: boolean;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/** S3's smallest part (but the last): with one in flight, an upload holds about two. */
const PART_BYTES = 5 * 1024 * 1024;

/** Objects live under this prefix, so a bucket shared with other data shows what is Monitrax's. */
const PREFIX = 'documents/';
/** The keys this store writes (Document.storageKey): anything else under the prefix is not its own. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface BucketStore extends DocumentStore {
  readonly client: S3Client;
  /** The keys of this store's objects last written before `before`, a page of the bucket's listing at a time. */
  keysWrittenBefore(before: Date): AsyncGenerator<string[]>;
}

export function s3Store(settings: S3Settings): BucketStore {
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
      const upload = new Upload({
        client,
        queueSize: 1,
        partSize: PART_BYTES,
        params: { Bucket: settings.bucket, Key: objectKey(key), Body: bytes, ContentType: 'application/octet-stream' },
      });
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
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
        if (!answer.Body) throw new BytesMissing(key);
        return answer.Body as Readable;
      } catch (error) {
        if (error instanceof NoSuchKey) throw new BytesMissing(key);
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
    },
    async *keysWrittenBefore(before) {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: settings.bucket, Prefix: PREFIX })) {
        yield (page.Contents ?? [])
          .filter((object) => object.Key !== undefined && object.LastModified !== undefined && object.LastModified < before)
          .map((object) => object.Key!.slice(PREFIX.length))
          .filter((key) => KEY.test(key));
      }
    },
  };
}
