// The handlers of the contract's document routes (/api/documents): upload, list, get, download, rename or re-attach,
// delete, under the same ownership rule as every resource (another user's document is 404).
//
// Downloads go through the API, from either store, rather than to a presigned bucket URL: the same session and
// ownership check as every read, the headers that keep a file from ever rendering as a page of the app's origin
// (attachment, nosniff, the type sniffed at upload, a CSP that allows nothing), the SHA-256 checked on the way out,
// and a bucket that stays private with no CORS. The cost is the API's bandwidth for the bytes, which the bench
// measures (docs/benchmarks.md).
import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { Logger } from 'pino';
import {
  DOCUMENT_LINK_FIELDS,
  DOCUMENT_LINKS,
  DOCUMENT_TYPES,
  type DocumentLinkField,
  DOCUMENTS_PATH,
  type DocumentUsage,
  documentQuotaMessage,
  documentTooLargeMessage,
  formatBytes,
} from '@monitrax/contract/documents';
import { uuid } from '@monitrax/contract/fields';
import type { Document } from '@monitrax/database/client';
import type { Database } from '@monitrax/database/create-db';
import { isForeignKeyViolation } from '@monitrax/database/errors';
import { currentUserId } from '../auth/require-auth.ts';
import { sendData } from '../http/envelope.ts';
import { ApiError, notFound, validationError } from '../http/errors.ts';
import type { Handlers } from '../http/route-table.ts';
import { checkOwnedLinks } from '../resources/owned-links.ts';
import { resourceOf } from '../resources/index.ts';
import { measuring, UploadTooLarge, UploadTypeRefused, verifying } from './incoming.ts';
import { BytesMissing, type DocumentStore, type DocumentStores } from '@monitrax/document-store/store';

type DocumentRoute = 'documents.list' | 'documents.upload' | 'documents.get' | 'documents.download' | 'documents.update' | 'documents.delete';

export interface DocumentLimits {
  maxBytes: number;
  quotaBytes: number;
}

type Links = Partial<Record<DocumentLinkField, string | null | undefined>>;

export function serializeDocument(row: Document) {
  const { userId: _owner, storage: _storage, storageKey: _key, ...visible } = row;
  return { ...visible, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** `filename*` (RFC 6266 / 5987) for any name, and a plain ASCII `filename` for old clients. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function documentHandlers(deps: { db: Database; stores: DocumentStores; limits: DocumentLimits; logger: Logger }): Handlers<DocumentRoute> {
  const { db, limits } = deps;
  const store = deps.stores.current;
  const missing = () => notFound('No document with this id');
  /** The store a document's row says its bytes are in. */
  const storeOf = (row: Document): DocumentStore => {
    const found = deps.stores.byKind[row.storage];
    if (!found)
      throw new ApiError('INTERNAL', `This document is kept in ${row.storage === 'S3' ? 'the bucket' : 'PostgreSQL'}, which this server is not set up to read`);
    return found;
  };

  function idOf(req: Request): string {
    const parsed = uuid.safeParse(req.params.id);
    if (!parsed.success) throw missing();
    return parsed.data;
  }

  async function owned(req: Request): Promise<Document> {
    const row = await db.prisma.document.findFirst({ where: { id: idOf(req), userId: currentUserId(req) } });
    if (!row) throw missing();
    return row;
  }

  /** Links may only name the same user's records. */
  const linkTargets = DOCUMENT_LINK_FIELDS.map((field) => ({ field, target: resourceOf(DOCUMENT_LINKS[field]) }));
  const checkLinks = (userId: string, links: Links) => checkOwnedLinks(db, userId, linkTargets, links);

  const quotaError = (used: number, adding: number) =>
    new ApiError('PAYLOAD_TOO_LARGE', documentQuotaMessage(adding, used, limits.quotaBytes), { quotaBytes: limits.quotaBytes, usedBytes: used });
  const quotaLeftError = (used: number) =>
    new ApiError(
      'PAYLOAD_TOO_LARGE',
      `This file is larger than the ${formatBytes(Math.max(0, limits.quotaBytes - used))} left of your ${formatBytes(limits.quotaBytes)} for documents. Delete some first.`,
      { quotaBytes: limits.quotaBytes, usedBytes: used },
    );
  const tooLarge = () => new ApiError('PAYLOAD_TOO_LARGE', documentTooLargeMessage(limits.maxBytes), { maxBytes: limits.maxBytes });
  const usedBy = async (userId: string, client: Pick<Database['prisma'], 'document'> = db.prisma) =>
    (await client.document.aggregate({ where: { userId }, _sum: { size: true } }))._sum.size ?? 0;

  return {
    async 'documents.list'(req, res, { query }) {
      const userId = currentUserId(req);
      const { page, pageSize, ...links } = query;
      const where = { userId, ...Object.fromEntries(Object.entries(links).filter(([, id]) => typeof id === 'string')) };
      const [rows, total, used] = await db.prisma.$transaction([
        db.prisma.document.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (page - 1) * pageSize, take: pageSize }),
        db.prisma.document.count({ where }),
        db.prisma.document.aggregate({ where: { userId }, _sum: { size: true } }),
      ]);
      const documentUsage: DocumentUsage = { usedBytes: used._sum.size ?? 0, quotaBytes: limits.quotaBytes, maxBytes: limits.maxBytes };
      sendData(req, res, rows.map(serializeDocument), {
        meta: { pagination: { page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) }, documentUsage },
      });
    },

    async 'documents.upload'(req, res, { query }) {
      const userId = currentUserId(req);
      const { name, ...links } = query;
      // Refused before a byte is read when the client says how big it is.
      const declared = Number(req.get('content-length') ?? Number.NaN);
      if (declared > limits.maxBytes) throw tooLarge();
      await checkLinks(userId, links);
      const used = await usedBy(userId);
      if (Number.isFinite(declared) && used + declared > limits.quotaBytes) throw quotaError(used, declared);

      const key = randomUUID();
      const measured = measuring(Math.min(limits.maxBytes, limits.quotaBytes - used));
      // Not pipeline(): on a refusal it would destroy the request, and with it the socket the answer goes back on.
      // A client that goes away mid-way ends the measuring stream with an error, so the store stops and cleans up.
      finished(req, (error) => {
        if (error) measured.stream.destroy(error);
      });
      req.pipe(measured.stream);
      try {
        await store.write(key, measured.stream);
      } catch (error) {
        // Whatever the client still sends is read and dropped, so it gets the answer (Node's request timeout bounds
        // a client that never stops).
        req.unpipe(measured.stream);
        req.resume();
        await store.remove(key).catch((removal: unknown) => deps.logger.error({ err: removal, key }, 'documents: could not remove a refused upload'));
        if (error instanceof UploadTooLarge) throw limits.maxBytes <= limits.quotaBytes - used ? tooLarge() : quotaLeftError(used);
        if (error instanceof UploadTypeRefused) {
          const accepted = Object.values(DOCUMENT_TYPES).join(', ');
          throw validationError(
            [{ field: 'file', message: error.detected ? `is ${error.detected}, which is not taken` : 'is not of a type that is taken' }],
            `This file's type is not accepted: ${accepted}`,
          );
        }
        throw error;
      }
      const { size, sha256, contentType } = measured.result();
      try {
        const row = await db.prisma.$transaction(async (tx) => {
          // Serialises this user's uploads, so two at once cannot both take the last of the quota.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`Document:${userId}`}, 0))`;
          const usedNow = await usedBy(userId, tx);
          if (usedNow + size > limits.quotaBytes) throw quotaError(usedNow, size);
          return tx.document.create({ data: { userId, name, contentType, size, sha256, storage: store.kind, storageKey: key, ...links } });
        });
        res.location(`${DOCUMENTS_PATH}/${row.id}`);
        sendData(req, res, serializeDocument(row), { status: 201 });
      } catch (error) {
        await store.remove(key).catch(() => {});
        // A record it was to be attached to, deleted while the bytes arrived.
        if (isForeignKeyViolation(error)) throw validationError([{ field: 'link', message: 'the record it was to be attached to is gone' }]);
        throw error;
      }
    },

    async 'documents.get'(req, res) {
      sendData(req, res, serializeDocument(await owned(req)));
    },

    async 'documents.download'(req, res) {
      const row = await owned(req);
      const bytes = await storeOf(row)
        .read(row.storageKey)
        .catch((error: unknown) => {
          if (!(error instanceof BytesMissing)) throw error;
          deps.logger.error({ documentId: row.id, storage: row.storage }, 'documents: the row names bytes that are not there');
          throw new ApiError('INTERNAL', "This document's file is missing from storage");
        });
      const check = verifying(row, (found) =>
        deps.logger.error({ documentId: row.id, expected: { size: row.size, sha256: row.sha256 }, found }, 'documents: stored bytes differ from the upload'),
      );
      bytes.on('error', (error) => check.destroy(error));
      const pieces = bytes.pipe(check)[Symbol.asyncIterator]();
      // The first piece before any header: a file that fails before it (unreadable, or one piece that fails its
      // checksum) is answered with an error in the envelope, not a connection cut.
      const first = await pieces.next().catch((error: unknown) => {
        deps.logger.warn({ err: error, documentId: row.id }, 'documents: download failed before its first byte');
        throw new ApiError('INTERNAL', 'This document could not be read whole; it is not sent');
      });
      res.status(200).set({
        'Content-Type': row.contentType,
        'Content-Length': String(row.size),
        'Content-Disposition': attachmentHeader(row.name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
      });
      async function* rest() {
        if (!first.done) yield first.value as Buffer;
        for (let next = await pieces.next(); !next.done; next = await pieces.next()) yield next.value as Buffer;
      }
      // Headers are out now: a failure from here on can only cut the answer short (the client sees it end early).
      await pipeline(Readable.from(rest()), res).catch((error: unknown) => {
        deps.logger.warn({ err: error, documentId: row.id }, 'documents: download ended early');
      });
    },

    async 'documents.update'(req, res, { body }) {
      const row = await owned(req);
      const { name, ...links } = body;
      await checkLinks(row.userId, links);
      // Attached to at most one record: a new link replaces the old one.
      const relinking = DOCUMENT_LINK_FIELDS.some((field) => links[field] !== undefined);
      const cleared = relinking ? Object.fromEntries(DOCUMENT_LINK_FIELDS.map((field) => [field, null])) : {};
      const { count } = await db.prisma.document.updateMany({
        where: { id: row.id, userId: row.userId },
        data: { ...cleared, ...links, ...(name ? { name } : {}) },
      });
      if (count === 0) throw missing(); // deleted meanwhile
      sendData(req, res, serializeDocument(await db.prisma.document.findFirstOrThrow({ where: { id: row.id, userId: row.userId } })));
    },

    async 'documents.delete'(req, res) {
      const row = await owned(req);
      const { count } = await db.prisma.document.deleteMany({ where: { id: row.id, userId: row.userId } });
      if (count === 0) throw missing(); // deleted meanwhile
      // After the row: a failure here leaves bytes nobody can reach (swept in PostgreSQL); never a row without bytes.
      await storeOf(row)
        .remove(row.storageKey)
        .catch((error: unknown) => deps.logger.error({ err: error, documentId: row.id }, 'documents: could not remove the bytes'));
      sendData(req, res, { id: row.id, deleted: true });
    },
  };
}
