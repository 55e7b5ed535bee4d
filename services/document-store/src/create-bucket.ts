// `node services/document-store/src/create-bucket.ts`: makes sure the documents' bucket exists. Compose's `s3-bucket`
// one-shot runs it (from the API image, after the `s3` profile's server is healthy), so that DOCUMENT_STORAGE=s3 works
// on a fresh volume; it reads the same S3_* variables as the API and the worker (bucket-env.ts) and talks to the bucket
// through the same client settings as the store (s3-store.ts).
//
// CreateBucket: "created" and "already yours" (BucketAlreadyOwnedByYou, or a 200 from AWS's us-east-1, which
// answers an owner's second CreateBucket that way) are success. Anything else is a failure that names the code the
// server answered and what to change; the credentials are never printed. A server that is not answering yet (refused,
// 5xx) is asked again for up to BUCKET_WAIT_MS, since a health check can pass a moment before every part behind it is up.
//
// Exit codes: 0 the bucket exists and these credentials own it; 1 the server refused or never answered; 2 the
// variables are wrong (S3_BUCKET missing, a malformed S3_ENDPOINT, one credential without the other).
import {
  BucketAlreadyOwnedByYou,
  type BucketLocationConstraint,
  CreateBucketCommand,
  type CreateBucketCommandInput,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError, parseEnv } from '@monitrax/contract/env';
import { z } from 'zod';
import { bucketEnvShape, bucketSettings, checkBucketEnv } from './bucket-env.ts';
import { type S3Settings, s3Store } from './s3-store.ts';

/** How long a server that does not answer yet (or answers 5xx) is asked again. */
const BUCKET_WAIT_MS = 30_000;
const RETRY_EVERY_MS = 1_000;

const createBucketEnv = z
  .object(bucketEnvShape)
  .superRefine(checkBucketEnv)
  .superRefine((env, ctx) => {
    if (env.S3_BUCKET === undefined) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required: the bucket to create' });
  });

export type BucketOutcome = 'created' | 'already-yours';

export class BucketRefused extends Error {
  override name = 'BucketRefused';
}

/** What to change, for the codes a CreateBucket is refused with. */
const ADVICE: Record<string, string> = {
  BucketAlreadyExists: 'the name belongs to another account (bucket names are shared by everyone on AWS and most providers): choose another S3_BUCKET',
  InvalidBucketName: 'S3_BUCKET must be 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or a digit',
  InvalidAccessKeyId: 'the server knows no such S3_ACCESS_KEY_ID: the same pair must be in the server and in S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY',
  SignatureDoesNotMatch: 'S3_SECRET_ACCESS_KEY does not match S3_ACCESS_KEY_ID on the server',
  AccessDenied: 'these credentials may not create buckets: create it with an account that may, or give this key that right',
  IllegalLocationConstraintException: 'S3_REGION is not the region this endpoint serves',
  InvalidLocationConstraint: 'S3_REGION is not a region this endpoint knows',
};

/** A failure worth asking again: nothing listening yet, or the server says it is not ready (5xx). */
function isTransient(error: unknown): boolean {
  if (error instanceof S3ServiceException) return (error.$metadata.httpStatusCode ?? 0) >= 500;
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EAI_AGAIN', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE'].includes(code ?? '') ||
    ['TimeoutError', 'AbortError'].includes((error as Error).name)
  );
}

function describe(error: unknown): string {
  if (error instanceof S3ServiceException) {
    const advice = ADVICE[error.name];
    return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message.replace(/\.+$/, '')}${advice ? `; ${advice}` : ''}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return isTransient(error) ? `${message}; nothing answers at S3_ENDPOINT: is the server up (with compose: COMPOSE_PROFILES=s3)?` : message;
}

/** Creates the bucket, or finds it already owned by these credentials; throws BucketRefused otherwise. */
export async function ensureBucket(settings: S3Settings, options: { waitMs?: number; say?: (line: string) => void } = {}): Promise<BucketOutcome> {
  const { client } = s3Store(settings);
  const input: CreateBucketCommandInput = {
    Bucket: settings.bucket,
    // us-east-1 is the one region that takes no location constraint (and refuses one that names it).
    ...(settings.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: settings.region as BucketLocationConstraint } }),
  };
  const deadline = Date.now() + (options.waitMs ?? BUCKET_WAIT_MS);
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.send(new CreateBucketCommand(input), { abortSignal: AbortSignal.timeout(10_000) });
        return 'created';
      } catch (error) {
        if (error instanceof BucketAlreadyOwnedByYou) return 'already-yours';
        if (!isTransient(error) || Date.now() >= deadline) throw new BucketRefused(describe(error));
        if (attempt % 10 === 1) options.say?.(`not ready yet (${error instanceof Error ? error.message : String(error)}); asking again every second`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
      }
    }
  } finally {
    client.destroy();
  }
}

async function main(): Promise<number> {
  const say = (line: string) => process.stdout.write(`s3-bucket: ${line}\n`);
  let settings: S3Settings;
  try {
    settings = bucketSettings(parseEnv(createBucketEnv, process.env)) as S3Settings; // S3_BUCKET is required above
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`s3-bucket: ${error.message}\n`);
    return 2;
  }
  const where = `bucket "${settings.bucket}" at ${settings.endpoint ?? `AWS S3 (${settings.region})`}`;
  try {
    const outcome = await ensureBucket(settings, { say });
    // AWS's us-east-1 answers an owner's second CreateBucket with 200, as if it were the first.
    const awsUsEast1 = settings.endpoint === undefined && settings.region === 'us-east-1';
    say(outcome === 'already-yours' ? `${where} already exists and is yours` : awsUsEast1 ? `${where} is there and yours` : `created ${where}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BucketRefused)) throw error;
    process.stderr.write(`s3-bucket: could not create ${where}: ${error.message}\n`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main();
