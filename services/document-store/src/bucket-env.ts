// The bucket's settings, read by the API (which writes and reads documents there) and the worker (which sweeps what
// no document names): one zod shape for both, so a variable means the same in each.
import { booleanString, unsetWhenEmpty } from '@monitrax/contract/env';
import { z } from 'zod';
import type { S3Settings } from './s3-store.ts';

export const bucketEnvShape = {
  S3_BUCKET: unsetWhenEmpty(z.string().min(3).max(63).optional()),
  // The S3 API's URL for anything but AWS (R2: https://<account>.r2.cloudflarestorage.com, B2, GCS's interoperability).
  S3_ENDPOINT: unsetWhenEmpty(z.url({ error: 'must be a URL' }).optional()),
  S3_REGION: unsetWhenEmpty(z.string().min(1).default('us-east-1')),
  S3_ACCESS_KEY_ID: unsetWhenEmpty(z.string().min(1).optional()),
  S3_SECRET_ACCESS_KEY: unsetWhenEmpty(z.string().min(1).optional()),
  // Bucket in the path (http://host/bucket/key) instead of the host name: what most S3-compatible servers want.
  S3_FORCE_PATH_STYLE: booleanString,
};

export type BucketEnv = z.output<z.ZodObject<typeof bucketEnvShape>>;

/** The rules across the bucket's variables, for a superRefine of a schema that spreads bucketEnvShape. */
export function checkBucketEnv(env: BucketEnv, ctx: z.RefinementCtx): void {
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_SECRET_ACCESS_KEY'],
      message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither (the SDK then finds credentials itself)',
    });
  }
}

/** The bucket's settings, or undefined when S3_BUCKET is not set (no bucket). */
export function bucketSettings(env: BucketEnv): S3Settings | undefined {
  if (env.S3_BUCKET === undefined) return undefined;
  return {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  };
}
