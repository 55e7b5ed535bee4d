// Documents through the real app on a real PostgreSQL, once per store: PostgreSQL (DocumentChunk rows) and an
// S3-compatible server (s3rver from npm; what only a real bucket proves: docs/testing.md). Upload streamed as the
// request body, list, get, download byte for byte with headers that keep it from rendering as a page, rename and
// re-attach, delete; another user's document is 404; every refusal (type, size, quota, an interrupted upload) leaves
// no row and no bytes; a corrupted stored byte cuts the download short.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatBytes } from '@monitrax/contract/documents';
import { type S3Server, startS3Server } from '@monitrax/test-support/s3-server';
import { sweepOrphanChunks, sweepOrphanObjects } from '@monitrax/document-store/orphans';
import { postgresStore } from '@monitrax/document-store/postgres-store';
import { s3Store } from '@monitrax/document-store/s3-store';
import type { DocumentStore } from '@monitrax/document-store/store';
import { expectEnvelope, startTestApp, type TestApp, type TestUser, testConfig } from './support/test-app.ts';

/** A file whose first bytes say PDF (what file-type reads), then `size` bytes in all. */
const pdf = (size = 2_000) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), randomBytes(size)]).subarray(0, size);
/** A PNG of `size` bytes as file-type walks it: the signature, an IHDR chunk, then one IDAT chunk of random bytes. */
function png(size: number): Buffer {
  const head = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const dataLength = size - head.length - 12;
  const idat = Buffer.alloc(8);
  idat.writeUInt32BE(dataLength, 0);
  idat.write('IDAT', 4, 'latin1');
  return Buffer.concat([head, idat, randomBytes(dataLength), Buffer.alloc(4)]);
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Driver {
  name: string;
  /** The limits the app gets: S3's are past its 5 MiB part size, so uploads go multipart and an abort has parts. */
  maxBytes: number;
  quotaBytes: number;
  store(db: Parameters<typeof postgresStore>[0]): DocumentStore;
  /** What the store holds, as keys. */
  held(t: TestApp): Promise<string[]>;
  removeBytes(t: TestApp, key: string): Promise<void>;
  /** Replaces the stored bytes with as many others. */
  corrupt(t: TestApp, key: string, size: number): Promise<void>;
}

let s3: S3Server;
let s3Client: ReturnType<typeof s3Store>['client'] | undefined;
const storeOnS3Server = () =>
  s3Store({
    bucket: s3.bucket,
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });

const drivers: Driver[] = [
  {
    name: 'PostgreSQL',
    maxBytes: 3 * 1024 * 1024,
    quotaBytes: 5 * 1024 * 1024,
    store: (db) => postgresStore(db),
    held: async (t) => [...new Set((await t.db.prisma.documentChunk.findMany({ select: { key: true } })).map((row) => row.key))],
    removeBytes: (t, key) => postgresStore(t.db).remove(key),
    corrupt: async (t, key) => {
      await t.db.prisma.$executeRaw`UPDATE "DocumentChunk" SET "data" = set_byte("data", 10, 0) WHERE "key" = ${key} AND "index" = 0`;
    },
  },
  {
    name: 'S3',
    maxBytes: 12 * 1024 * 1024,
    quotaBytes: 30 * 1024 * 1024,
    store: () => {
      const store = storeOnS3Server();
      s3Client = store.client;
      return store;
    },
    held: async () => {
      const listed = await s3Client!.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      return (listed.Contents ?? []).map((object) => object.Key!.replace(/^documents\//, ''));
    },
    removeBytes: async (_t, key) => {
      const store = storeOnS3Server();
      await store.remove(key);
      store.client.destroy();
    },
    corrupt: async (_t, key, size) => {
      // Another object's bytes under this key: what a bucket mix-up or bit rot would serve.
      const store = storeOnS3Server();
      await store.write(key, Readable.from([pdf(size)]));
      store.client.destroy();
    },
  },
];

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  s3Client?.destroy();
  await s3?.close();
});

describe.each(drivers)('documents kept in $name', (driver) => {
  let t: TestApp;
  let owner: TestUser;
  let intruder: TestUser;
  let propertyId: string;
  let server: Server;

  const upload = (user: TestUser, bytes: Buffer, query: Record<string, string> = { name: 'Contract of sale.pdf' }) =>
    request(t.app).post('/api/documents').query(query).set(user.auth).set('content-type', 'text/html').send(bytes);

  beforeAll(async () => {
    t = await startTestApp(
      { config: { ...testConfig, documentMaxBytes: driver.maxBytes, documentQuotaBytes: driver.quotaBytes } },
      { documentStore: driver.store },
    );
    owner = await t.register();
    intruder = await t.register();
    const property = {
      name: 'Carlton unit',
      address: '4/10 Test St',
      type: 'INVESTMENT',
      purchasePrice: 550000,
      purchaseDate: '2022-05-01',
      currentValue: 600000,
    };
    propertyId = (await request(t.app).post('/api/properties').set(owner.auth).send(property)).body.data.id;
    server = createServer(t.app).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    server?.close();
    await t?.close();
  });

  it('uploads, lists, reads and downloads a document byte for byte, as an attachment that cannot render as a page', async () => {
    const bytes = pdf(200_000);
    const created = await upload(owner, bytes, { name: 'Contract of sale.pdf', propertyId });
    expect(created.status).toBe(201);
    const document = expectEnvelope(created.body).data as { id: string; contentType: string; size: number; sha256: string; propertyId: string };
    // The type the bytes show, whatever the request claimed (text/html).
    expect(document).toMatchObject({ name: 'Contract of sale.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes), propertyId });
    expect(created.headers.location).toBe(`/api/documents/${document.id}`);
    expect(created.body.data).not.toHaveProperty('storageKey');

    const listed = await request(t.app).get('/api/documents').query({ propertyId }).set(owner.auth);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([document.id]);
    // The room the user has, for the web's check before sending: all their documents, whatever the list's filter.
    expect(listed.body.meta.documentUsage).toEqual({ usedBytes: bytes.length, quotaBytes: driver.quotaBytes, maxBytes: driver.maxBytes });
    expect((await request(t.app).get(`/api/documents/${document.id}`).set(owner.auth)).body.data).toMatchObject({ id: document.id });

    const download = await request(t.app).get(`/api/documents/${document.id}/content`).set(owner.auth).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="Contract of sale.pdf"; filename*=UTF-8''Contract%20of%20sale.pdf`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
  });

  it('streams a file near the limit both ways', async () => {
    const bytes = png(driver.maxBytes - 10);
    const created = await upload(owner, bytes, { name: 'Site photo.png' });
    expect(created.status).toBe(201);
    const { id } = created.body.data as { id: string };
    const download = await request(t.app).get(`/api/documents/${id}/content`).set(owner.auth).buffer(true).parse(binary);
    expect(sha256(download.body as Buffer)).toBe(sha256(bytes));
    expect((await request(t.app).delete(`/api/documents/${id}`).set(owner.auth)).status).toBe(200);
  });

  it("another user's document is 404 everywhere, and a document cannot be attached to another user's record", async () => {
    const { id } = (await upload(owner, pdf())).body.data as { id: string };
    for (const [method, path] of [
      ['get', `/api/documents/${id}`],
      ['get', `/api/documents/${id}/content`],
      ['patch', `/api/documents/${id}`],
      ['delete', `/api/documents/${id}`],
    ] as const) {
      const answer = await request(t.app)
        [method](path)
        .set(intruder.auth)
        .send(method === 'patch' ? { name: 'mine now.pdf' } : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect((await request(t.app).get('/api/documents').set(intruder.auth)).body.data).toEqual([]);
    const linked = await upload(intruder, pdf(), { name: 'x.pdf', propertyId });
    expect(linked.status).toBe(400);
    expect(expectEnvelope(linked.body).error?.details).toEqual({ issues: [{ field: 'propertyId', message: 'no property with this id' }] });
  });

  it('renames with the name cleaned, moves between records, and keeps a document when its property goes', async () => {
    const { id } = (await upload(owner, pdf(), { name: 'Loan statement.pdf', propertyId })).body.data as { id: string };
    const renamed = await request(t.app).patch(`/api/documents/${id}`).set(owner.auth).send({ name: '  ../../etc/passwd\u202Efdp.exe  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.name).toBe('.._.._etc_passwd_fdp.exe');
    const unlinked = await request(t.app).patch(`/api/documents/${id}`).set(owner.auth).send({ propertyId: null });
    expect(unlinked.body.data.propertyId).toBeNull();
    await request(t.app).patch(`/api/documents/${id}`).set(owner.auth).send({ propertyId });
    expect((await request(t.app).delete(`/api/properties/${propertyId}`).set(owner.auth)).status).toBe(200);
    expect((await request(t.app).get(`/api/documents/${id}`).set(owner.auth)).body.data).toMatchObject({ id, propertyId: null });
  });

  it('refuses what is not a document type, whatever its name and claimed type, leaving nothing behind', async () => {
    const before = await driver.held(t);
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>'.repeat(200));
    const refused = await upload(owner, html, { name: 'invoice.pdf' });
    expect(refused.status).toBe(400);
    expect(expectEnvelope(refused.body).error?.message).toMatch(/^This file's type is not accepted: PDF, PNG image/);
    const empty = await upload(owner, Buffer.alloc(0), { name: 'empty.pdf' });
    expect(empty.status).toBe(400);
    expect(await driver.held(t)).toEqual(before);
  });

  it('refuses a file past the limit, declared or not, and a user past the quota, with nothing left behind', async () => {
    const before = await driver.held(t);
    const rows = await t.db.prisma.document.count();
    const declared = await upload(owner, png(driver.maxBytes + 1), { name: 'huge.png' });
    expect(declared.status).toBe(413);
    expect(expectEnvelope(declared.body).error?.message).toBe(`The file is larger than ${formatBytes(driver.maxBytes)}, the most one document may be`);

    // Sent without a length (chunked): refused at the first byte past the limit.
    const chunked = await rawUpload(server, owner, png(driver.maxBytes + 100_000));
    expect(chunked.status).toBe(413);

    // The quota counts what the user keeps: two files fit, the third does not.
    const kept: string[] = [];
    for (let n = 0; n < 2; n++) {
      const stored = await upload(owner, png(Math.floor(driver.quotaBytes * 0.4)), { name: `scan ${n}.png` });
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
      kept.push((stored.body.data as { id: string }).id);
    }
    const over = await upload(owner, png(Math.floor(driver.quotaBytes * 0.25)), { name: 'one more.png' });
    expect(over.status).toBe(413);
    expect(expectEnvelope(over.body).error?.message).toContain(`would take your documents past your ${formatBytes(driver.quotaBytes)}`);
    for (const id of kept) await request(t.app).delete(`/api/documents/${id}`).set(owner.auth);
    expect(await t.db.prisma.document.count()).toBe(rows);
    await vi.waitFor(async () => expect(await driver.held(t)).toEqual(before), { timeout: 10_000, interval: 100 });
  });

  it('an upload cut off mid-way leaves no row and no bytes', async () => {
    const before = await driver.held(t);
    const rows = await t.db.prisma.document.count();
    // Past S3's 5 MiB part size there: a part is in the bucket when the client goes.
    const whole = png(driver.maxBytes - 10);
    await cutUpload(server, owner, whole, Math.floor(whole.length * 0.75));
    await vi.waitFor(async () => expect(await driver.held(t)).toEqual(before), { timeout: 10_000, interval: 100 });
    expect(await t.db.prisma.document.count()).toBe(rows);
  });

  it('cuts a download short when the stored bytes no longer match their checksum, and says so in the log', async () => {
    const bytes = pdf(900_000);
    const { id } = (await upload(owner, bytes, { name: 'audit.pdf' })).body.data as { id: string };
    const { storageKey } = await t.db.prisma.document.findUniqueOrThrow({ where: { id } });
    await driver.corrupt(t, storageKey, bytes.length);
    const answer = await rawDownload(server, owner, id);
    expect(answer).toMatchObject({ status: 200, complete: false });
    expect(t.logLines.some((line) => line.includes('documents: stored bytes differ from the upload') && line.includes(id))).toBe(true);
  });

  it('answers in the envelope when a document cannot be read from its first byte: a small one that fails its checksum, bytes gone', async () => {
    const small = pdf(20_000);
    const { id } = (await upload(owner, small, { name: 'receipt.pdf' })).body.data as { id: string };
    const { storageKey } = await t.db.prisma.document.findUniqueOrThrow({ where: { id } });
    await driver.corrupt(t, storageKey, small.length);
    const corrupted = await request(t.app).get(`/api/documents/${id}/content`).set(owner.auth);
    expect(corrupted.status).toBe(500);
    expect(expectEnvelope(corrupted.body).error?.message).toBe('This document could not be read whole; it is not sent');

    const gone = (await upload(owner, pdf(), { name: 'gone.pdf' })).body.data as { id: string };
    const row = await t.db.prisma.document.findUniqueOrThrow({ where: { id: gone.id } });
    await driver.removeBytes(t, row.storageKey);
    const missingBytes = await request(t.app).get(`/api/documents/${gone.id}/content`).set(owner.auth);
    expect(missingBytes.status).toBe(500);
    expect(expectEnvelope(missingBytes.body).error?.message).toBe("This document's file is missing from storage");
  });
});

/** supertest's parser for a binary body. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

/** An upload without Content-Length (chunked), as a client streaming a file of unknown size sends it. */
function rawUpload(server: Server, user: TestUser, bytes: Buffer): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: portOf(server),
        method: 'POST',
        path: '/api/documents?name=big.png',
        headers: { ...user.auth, 'transfer-encoding': 'chunked' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) req.write(bytes.subarray(offset, offset + 64 * 1024));
    req.end();
  });
}

/** Sends `sendBytes` of a declared `bytes.length`, then drops the connection. */
function cutUpload(server: Server, user: TestUser, bytes: Buffer, sendBytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: portOf(server),
      method: 'POST',
      path: '/api/documents?name=cut.png',
      headers: { ...user.auth, 'content-length': String(bytes.length) },
    });
    req.on('error', () => resolve());
    req.write(bytes.subarray(0, sendBytes), () => {
      // Once the server has had time to store some of it: it has, when the bytes left this socket.
      setImmediate(() => {
        req.destroy();
        resolve();
      });
    });
  });
}

/** A download: its status, and whether it arrived whole (its declared length). */
function rawDownload(server: Server, user: TestUser, id: string): Promise<{ status: number; complete: boolean }> {
  return new Promise((resolve) => {
    httpRequest({ host: '127.0.0.1', port: portOf(server), path: `/api/documents/${id}/content`, headers: user.auth }, (res) => {
      const status = res.statusCode ?? 0;
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('end', () => resolve({ status, complete: received === Number(res.headers['content-length']) }));
      res.on('error', () => resolve({ status, complete: false }));
      res.on('aborted', () => resolve({ status, complete: false }));
    })
      .on('error', () => resolve({ status: 0, complete: false }))
      .end();
  });
}

describe('pieces of documents nobody can reach', () => {
  it('are swept once old enough: an upload that died, a deleted user’s; a kept document’s and a fresh upload’s stay', async () => {
    const t = await startTestApp();
    try {
      const user = await t.register();
      const kept = (await request(t.app).post('/api/documents').query({ name: 'kept.pdf' }).set(user.auth).send(pdf(300_000))).body.data as { id: string };
      const { storageKey } = await t.db.prisma.document.findUniqueOrThrow({ where: { id: kept.id } });
      const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await t.db.prisma.documentChunk.createMany({
        data: [
          { key: 'died-mid-upload', index: 0, data: new Uint8Array(10), createdAt: hourAgo },
          { key: 'still-arriving', index: 0, data: new Uint8Array(10) },
        ],
      });
      await t.db.prisma.documentChunk.updateMany({ where: { key: storageKey }, data: { createdAt: hourAgo } });
      expect(await sweepOrphanChunks(t.db, 60 * 60 * 1000)).toBe(1);
      const left = new Set((await t.db.prisma.documentChunk.findMany({ select: { key: true } })).map((row) => row.key));
      expect([...left].sort()).toEqual([storageKey, 'still-arriving'].sort());
    } finally {
      await t.close();
    }
  });
});

describe('objects in the bucket that no document names', () => {
  it('are swept once old enough; a kept document’s, a fresh one and objects that are not documents stay', async () => {
    // A bucket of its own: the other tests' objects belong to their own databases, and would look unnamed from this one.
    const server = await startS3Server();
    const bucket = s3Store({
      bucket: server.bucket,
      region: server.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
    });
    const t = await startTestApp({}, { documentStore: () => bucket });
    try {
      const user = await t.register();
      const kept = (await request(t.app).post('/api/documents').query({ name: 'kept.pdf' }).set(user.auth).send(pdf(300_000))).body.data as { id: string };
      const { storageKey, storage } = await t.db.prisma.document.findUniqueOrThrow({ where: { id: kept.id } });
      expect(storage).toBe('S3');
      const died = randomUUID();
      await bucket.write(died, Readable.from([pdf(1_000)]));
      // Not this store's: a name that is no document key under its prefix, and an object beside the prefix.
      await bucket.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'documents/README.txt', Body: 'kept' }));
      await bucket.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'elsewhere/report.pdf', Body: 'kept' }));
      const keys = async () => ((await bucket.client.send(new ListObjectsV2Command({ Bucket: server.bucket }))).Contents ?? []).map((object) => object.Key!);

      // Everything here was written just now: an hour's age keeps all of it (an upload may still be arriving).
      expect(await sweepOrphanObjects(t.db, bucket, 60 * 60 * 1000)).toBe(0);
      expect(await keys()).toContain(`documents/${died}`);
      // Counted as old (a cut-off a minute ahead): the unnamed document object goes, nothing else.
      expect(await sweepOrphanObjects(t.db, bucket, -60 * 1000)).toBe(1);
      const left = await keys();
      expect(left).not.toContain(`documents/${died}`);
      expect(left).toEqual(expect.arrayContaining([`documents/${storageKey}`, 'documents/README.txt', 'elsewhere/report.pdf']));
      const download = await request(t.app).get(`/api/documents/${kept.id}/content`).set(user.auth).buffer(true);
      expect(download.status).toBe(200);
    } finally {
      await t.close();
      bucket.client.destroy();
      await server.close();
    }
  });
});
