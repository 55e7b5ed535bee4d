// What an upload's bytes pass through on their way to the store, in one pass: a byte count that stops the upload at
// the first byte past the limit, the SHA-256 of everything stored, and the type the first bytes show (file-type's
// signatures), checked against the allow-list before anything past them is stored. Nothing is buffered but the head
// the type is read from.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { isDocumentType, type DocumentType } from '@monitrax/contract/documents';
import { fileTypeFromBuffer } from 'file-type';

/** How much of the start file-type reads to know a type (its own sample size). */
const HEAD_BYTES = 4100;

export class UploadTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the upload is larger than ${limit} bytes`);
    this.name = 'UploadTooLarge';
    this.limit = limit;
  }
}

export class UploadTypeRefused extends Error {
  /** The type the bytes show, when file-type knows it. */
  readonly detected: string | undefined;
  constructor(detected: string | undefined) {
    super(detected ? `the file is ${detected}, which is not accepted` : 'the file is of no type that is accepted');
    this.name = 'UploadTypeRefused';
    this.detected = detected;
  }
}

export interface Measured {
  size: number;
  sha256: string;
  contentType: DocumentType;
}

/** A stream the store reads, and what it measured once the store has read it all (`result()` after the end). */
export function measuring(limit: number): { stream: Transform; result(): Measured } {
  const hash = createHash('sha256');
  let size = 0;
  let head: Buffer[] = [];
  let headBytes = 0;
  let contentType: DocumentType | undefined;

  async function decide(this: Transform): Promise<void> {
    const sample = Buffer.concat(head);
    // Crafted bytes that trip file-type itself are refused like any unknown type.
    const detected = (await fileTypeFromBuffer(sample).catch(() => undefined))?.mime;
    if (!detected || !isDocumentType(detected)) throw new UploadTypeRefused(detected);
    contentType = detected;
    this.push(sample);
    head = [];
  }

  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      size += chunk.length;
      if (size > limit) return done(new UploadTooLarge(limit));
      hash.update(chunk);
      if (contentType) return done(null, chunk);
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < HEAD_BYTES) return done();
      decide.call(this).then(() => done(), done);
    },
    flush(done: TransformCallback) {
      if (contentType) return done();
      if (headBytes === 0) return done(new UploadTypeRefused(undefined));
      decide.call(this).then(() => done(), done);
    },
  });
  return {
    stream,
    result() {
      if (!contentType) throw new Error('the upload has not ended');
      return { size, sha256: hash.digest('hex'), contentType };
    },
  };
}

/**
 * Checks a download against what was measured at upload. The last piece is held back until the whole has been
 * checked, so a client never receives a complete file that failed: on a mismatch the stream errors instead, and the
 * answer ends short of its Content-Length.
 */
export function verifying(expected: { size: number; sha256: string }, onMismatch: (found: { size: number; sha256: string }) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      const sha256 = hash.digest('hex');
      if (size === expected.size && sha256 === expected.sha256) return done(null, held);
      onMismatch({ size, sha256 });
      done(new Error('the stored bytes do not match the checksum taken at upload'));
    },
  });
}
