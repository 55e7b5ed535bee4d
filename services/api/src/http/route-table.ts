// Mounts the API's handlers from the contract's route table (@monitrax/contract/routes): for each route its method
// and path, the session check when the route needs one, the middleware only that route needs (rate limits), the
// validation of its body and query with the contract's schemas, then the handler with the parsed input. Every route
// of the table must have a handler: `Handlers` makes a missing one a type error.
import type { Express, Request, RequestHandler, Response } from 'express';
import { ROUTES, type RouteInput, type RouteName } from '@monitrax/contract/routes';
import { parseOrThrow } from './validate.ts';

export type RouteHandler<N extends RouteName> = (req: Request, res: Response, input: RouteInput<N>) => unknown;

/** A handler, or a handler with the middleware its route needs first (before the input is validated). */
export type RouteEntry<N extends RouteName> = RouteHandler<N> | { readonly before: readonly RequestHandler[]; readonly handle: RouteHandler<N> };

export type Handlers<Names extends RouteName = RouteName> = { readonly [N in Names]: RouteEntry<N> };

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/** Mounts `names` in table order; `signedIn` guards the routes whose access is `session`. */
export function mountRoutes(app: Express, names: readonly RouteName[], handlers: Handlers, signedIn: RequestHandler): void {
  for (const name of names) {
    const route = ROUTES[name];
    const entry = handlers[name] as RouteEntry<RouteName>;
    const handle = typeof entry === 'function' ? entry : entry.handle;
    const before = typeof entry === 'function' ? [] : entry.before;
    const body = 'body' in route ? route.body : undefined;
    const query = 'query' in route ? route.query : undefined;
    const run: RequestHandler = async (req, res) => {
      const input = {
        body: body ? parseOrThrow(body, req.body) : undefined,
        query: query ? parseOrThrow(query, { ...req.query }, 'Query string') : undefined,
      } as RouteInput<RouteName>;
      await handle(req, res, input);
    };
    app[METHODS[route.method]](route.path, ...(route.access === 'session' ? [signedIn] : []), ...before, run);
  }
}
