// One set of handlers for every user-owned resource: list (paginated), get, create, replace (PUT), update (PATCH),
// delete, mounted from the contract's route table (<key>.list, <key>.get, ...). Ownership is part of every query's
// WHERE clause (id AND userId), so another user's row is indistinguishable from a missing one: 404, never 403 and
// never their data. Links (a loan's propertyId, ...) are the contract's `link` fields, checked inside the same
// user's rows.
import type { Request } from 'express';
import { DEFAULT_MAX_ROWS_PER_RESOURCE, uuid } from '@monitrax/contract/fields';
import { resourcePath } from '@monitrax/contract/paths';
import { fieldsOf, type ResourceKey } from '@monitrax/contract/resource-fields';
import type { CrudOperation, RouteName } from '@monitrax/contract/routes';
import type { Database } from '@monitrax/database/create-db';
import { isRecordNotFound } from '@monitrax/database/errors';
import { currentUserId } from '../auth/require-auth.ts';
import { listOwnedRows } from '../db/owned-rows.ts';
import { sendData } from '../http/envelope.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { Handlers, RouteHandler } from '../http/route-table.ts';
import { resourceOf, resources } from './index.ts';
import type { ResourceDefinition } from './resource.ts';
import { checkOwnedLinks } from './owned-links.ts';
import { serializeRow } from './serialize.ts';

type Body = Record<string, unknown>;

function handlersOf<K extends ResourceKey>(resource: ResourceDefinition<K>, deps: { db: Database; maxRowsPerResource: number }) {
  const { db, maxRowsPerResource: maxRows } = deps;
  const model = resource.delegate(db.prisma);
  const serialize = (row: unknown) => serializeRow(resource.key, row as Record<string, unknown>);
  const missing = () => notFound(`No ${resource.singular} with this id`);
  const links = fieldsOf(resource.key).flatMap(([field, spec]) => (spec.kind === 'link' ? [{ field, target: resourceOf(spec.to) }] : []));

  function idOf(req: Request): string {
    const parsed = uuid.safeParse(req.params.id);
    if (!parsed.success) throw missing(); // not a UUID, so certainly not one of this user's rows
    return parsed.data;
  }

  const checkLinks = (userId: string, body: Body) => checkOwnedLinks(db, userId, links, body);

  async function updateOwned(userId: string, id: string, data: object) {
    try {
      return await model.update({ where: { id, userId }, data });
    } catch (error) {
      if (isRecordNotFound(error)) throw missing();
      throw error;
    }
  }

  const handlers: { [Op in CrudOperation]: RouteHandler<`${ResourceKey}.${Op}`> } = {
    async list(req, res, { query: { page, pageSize } }) {
      const userId = currentUserId(req);
      const skip = (page - 1) * pageSize;
      // A count is a query of its own, and most lists fit on their page: fetch one row more than the page holds
      // and count only when that row exists (more pages follow) or the page lies past the end. Otherwise the
      // total is exact without it.
      const found = await listOwnedRows(db, resource.model, { userId, skip, take: pageSize + 1 });
      const rows = found.slice(0, pageSize);
      const total = found.length > pageSize || (rows.length === 0 && skip > 0) ? await model.count({ where: { userId } }) : skip + rows.length;
      sendData(req, res, rows.map(serialize), {
        meta: { pagination: { page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) } },
      });
    },

    async get(req, res) {
      const row = await model.findFirst({ where: { id: idOf(req), userId: currentUserId(req) } });
      if (!row) throw missing();
      sendData(req, res, serialize(row));
    },

    async create(req, res, { body }) {
      const userId = currentUserId(req);
      await checkLinks(userId, body);
      const row = await db.prisma.$transaction(async (tx) => {
        // Serialises this user's creates of this resource, so two at once cannot both take the last place.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${resource.model}:${userId}`}, 0))`;
        const rows = resource.delegate(tx);
        if ((await rows.count({ where: { userId } })) >= maxRows) {
          throw new ApiError('CONFLICT', `You have reached the limit of ${maxRows} ${resource.key}; delete some to add more`, {
            limit: maxRows,
            resource: resource.key,
          });
        }
        return rows.create({ data: { ...body, userId } });
      });
      res.location(`${resourcePath(resource.key)}/${(row as { id: string }).id}`);
      sendData(req, res, serialize(row), { status: 201 });
    },

    async replace(req, res, { body }) {
      const userId = currentUserId(req);
      const id = idOf(req);
      // PUT replaces the whole row: links left out are cleared, as a full replacement implies.
      const row: Body = { ...body };
      for (const { field } of links) row[field] ??= null;
      await checkLinks(userId, row);
      sendData(req, res, serialize(await updateOwned(userId, id, row)));
    },

    async update(req, res, { body }) {
      const userId = currentUserId(req);
      const id = idOf(req);
      await checkLinks(userId, body);
      sendData(req, res, serialize(await updateOwned(userId, id, body)));
    },

    async delete(req, res) {
      const userId = currentUserId(req);
      const id = idOf(req);
      try {
        await model.delete({ where: { id, userId } });
      } catch (error) {
        if (isRecordNotFound(error)) throw missing();
        throw error;
      }
      sendData(req, res, { id, deleted: true });
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([operation, handle]) => [`${resource.key}.${operation}`, handle]));
}

type ResourceRouteName = Extract<RouteName, `${ResourceKey}.${CrudOperation}`>;

/** The handlers of every resource's routes. */
export function resourceHandlers(deps: { db: Database; maxRowsPerResource?: number }): Handlers<ResourceRouteName> {
  const options = { db: deps.db, maxRowsPerResource: deps.maxRowsPerResource ?? DEFAULT_MAX_ROWS_PER_RESOURCE };
  return Object.assign({}, ...resources.map((resource) => handlersOf(resource, options))) as Handlers<ResourceRouteName>;
}
