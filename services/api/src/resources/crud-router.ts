// One router shape for every user-owned resource: list (paginated), get, create, replace (PUT),
// update (PATCH), delete. Ownership is part of every query's WHERE clause (id AND userId), so another
// user's row is indistinguishable from a missing one: 404, never 403 and never their data.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '@monitrax/database/create-db';
import { isRecordNotFound } from '@monitrax/database/errors';
import { listOwnedRows } from '../db/owned-rows.ts';
import { ApiError, notFound, validationError, type FieldIssue } from '../http/errors.ts';
import { sendData } from '../http/envelope.ts';
import { parseOrThrow } from '../http/validate.ts';
import { currentUserId } from '../auth/require-auth.ts';
import type { ResourceDefinition } from './resource.ts';
import type { ResourceKey } from '@monitrax/contract/resources';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from '@monitrax/contract/pagination';
import { uuid } from '@monitrax/contract/fields';

const listQuery = z.strictObject({
  page: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').max(MAX_PAGE).default(1),
  pageSize: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
});

/** Most rows of one resource one user may hold, unless MAX_ROWS_PER_RESOURCE says otherwise. */
export const DEFAULT_MAX_ROWS_PER_RESOURCE = 1_000;

export function crudRouter<K extends ResourceKey>(resource: ResourceDefinition<K>, deps: { db: Database; maxRowsPerResource?: number }): Router {
  const { db } = deps;
  const maxRows = deps.maxRowsPerResource ?? DEFAULT_MAX_ROWS_PER_RESOURCE;
  const model = resource.delegate(db.prisma);
  const createBody = z.strictObject(resource.shape as z.ZodRawShape);
  const patchBody = createBody.partial().refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
  const serialize = resource.serialize as (row: unknown) => unknown;
  const missing = () => notFound(`No ${resource.singular} with this id`);
  const router = Router();

  function idOf(req: Request): string {
    const parsed = uuid.safeParse(req.params.id);
    if (!parsed.success) throw missing(); // not a UUID, so certainly not one of this user's rows
    return parsed.data;
  }

  /** Links (propertyId, loanId) may only point at the same user's rows. */
  async function checkLinks(userId: string, body: Record<string, unknown>) {
    const issues: FieldIssue[] = [];
    for (const link of resource.links) {
      const target = body[link.field];
      if (typeof target === 'string' && !(await link.exists(db, userId, target))) {
        issues.push({ field: link.field, message: `no ${link.label} with this id` });
      }
    }
    if (issues.length > 0) throw validationError(issues);
  }

  async function updateOwned(userId: string, id: string, data: object) {
    try {
      return await model.update({ where: { id, userId }, data });
    } catch (error) {
      if (isRecordNotFound(error)) throw missing();
      throw error;
    }
  }

  router.get('/', async (req, res) => {
    const userId = currentUserId(req);
    const { page, pageSize } = parseOrThrow(listQuery, { ...req.query }, 'Query string');
    const where = { userId };
    const skip = (page - 1) * pageSize;
    // A count is a query of its own, and most lists fit on their page: fetch one row more than the page holds
    // and count only when that row exists (more pages follow) or the page lies past the end. Otherwise the
    // total is exact without it.
    const found = await listOwnedRows(db, resource.model, { userId, skip, take: pageSize + 1 });
    const rows = found.slice(0, pageSize);
    const total = found.length > pageSize || (rows.length === 0 && skip > 0) ? await model.count({ where }) : skip + rows.length;
    sendData(req, res, rows.map(serialize), {
      meta: { pagination: { page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) } },
    });
  });

  router.get('/:id', async (req, res) => {
    const row = await model.findFirst({ where: { id: idOf(req), userId: currentUserId(req) } });
    if (!row) throw missing();
    sendData(req, res, serialize(row));
  });

  router.post('/', async (req, res) => {
    const userId = currentUserId(req);
    const body = parseOrThrow(createBody, req.body) as Record<string, unknown>;
    await checkLinks(userId, body);
    const row = await db.prisma.$transaction(async (tx) => {
      // Serialises this user's creates of this resource, so two at once cannot both take the last place.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${resource.model}:${userId}`}, 0))`;
      const rows = resource.delegate(tx);
      if ((await rows.count({ where: { userId } })) >= maxRows) {
        throw new ApiError('CONFLICT', `You have reached the limit of ${maxRows} ${resource.path}; delete some to add more`, {
          limit: maxRows,
          resource: resource.path,
        });
      }
      return rows.create({ data: { ...body, userId } });
    });
    res.location(`${req.baseUrl}/${(row as { id: string }).id}`);
    sendData(req, res, serialize(row), { status: 201 });
  });

  router.put('/:id', async (req, res) => {
    const userId = currentUserId(req);
    const id = idOf(req);
    const body = parseOrThrow(createBody, req.body) as Record<string, unknown>;
    // PUT replaces the whole row: links left out are cleared, as a full replacement implies.
    for (const link of resource.links) body[link.field] ??= null;
    await checkLinks(userId, body);
    sendData(req, res, serialize(await updateOwned(userId, id, body)));
  });

  router.patch('/:id', async (req, res) => {
    const userId = currentUserId(req);
    const id = idOf(req);
    const body = parseOrThrow(patchBody, req.body) as Record<string, unknown>;
    await checkLinks(userId, body);
    sendData(req, res, serialize(await updateOwned(userId, id, body)));
  });

  router.delete('/:id', async (req, res) => {
    const userId = currentUserId(req);
    const id = idOf(req);
    try {
      await model.delete({ where: { id, userId } });
    } catch (error) {
      if (isRecordNotFound(error)) throw missing();
      throw error;
    }
    sendData(req, res, { id, deleted: true });
  });

  return router;
}
