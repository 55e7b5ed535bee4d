// Every endpoint of the API, once: method, path, who may call it, and the input it takes (the zod schemas the API
// validates with). The API mounts its handlers from this table (a route without a handler is a type error), and
// the hostile-input suite fuzzes every entry, so a new route is fuzzed by construction. Server-side only (zod).
import { z } from 'zod';
import { AUTH_PATHS } from './auth.ts';
import { confirmSignUpInput, loginInput, passwordChangeInput, registerInput } from './auth-inputs.ts';
import { documentListQuery, documentUpdateInput, uploadQuery } from './document-inputs.ts';
import { DOCUMENTS_PATH } from './documents.ts';
import { listQuery, wholeNumber } from './list-query.ts';
import { HEALTH_PATHS, PORTFOLIO_HISTORY_PATH, PORTFOLIO_SNAPSHOT_PATH, resourcePath } from './paths.ts';
import { RESOURCE_INPUTS, RESOURCE_KEYS, type ResourceKey } from './resources.ts';
import { HISTORY_DAYS } from './snapshot.ts';

export { listQuery };

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * probe: a host's health check (answered first, never logged); public: anyone (sign-up, sign-in); session: a valid,
 * live session's bearer token. `body` and `query` refuse unknown fields; `:id` is a row's UUID (anything else: 404).
 */
export interface RouteSpec {
  readonly method: Method;
  readonly path: string;
  readonly access: 'probe' | 'public' | 'session';
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
}

/** ?days= of the portfolio history. */
export const historyQuery = z.strictObject({
  days: wholeNumber('number of days').min(1, 'must be 1 or more').max(HISTORY_DAYS.max, `must be at most ${HISTORY_DAYS.max}`).default(HISTORY_DAYS.default),
});

export const CRUD_OPERATIONS = ['list', 'get', 'create', 'replace', 'update', 'delete'] as const;
export type CrudOperation = (typeof CRUD_OPERATIONS)[number];

/** The six routes of one resource: list and create on /api/<key>, the rest on /api/<key>/:id. */
function crudSpecs(key: ResourceKey) {
  const all = resourcePath(key);
  const one = `${all}/:id`;
  const body = z.strictObject(RESOURCE_INPUTS[key]);
  return {
    list: { method: 'GET', path: all, access: 'session', query: listQuery },
    get: { method: 'GET', path: one, access: 'session' },
    create: { method: 'POST', path: all, access: 'session', body },
    // PUT replaces the whole row: every field as on create.
    replace: { method: 'PUT', path: one, access: 'session', body },
    update: {
      method: 'PATCH',
      path: one,
      access: 'session',
      body: body.partial().refine((sent) => Object.keys(sent).length > 0, 'send at least one field to change'),
    },
    delete: { method: 'DELETE', path: one, access: 'session' },
  } as const satisfies Record<CrudOperation, RouteSpec>;
}

type CrudSpecs = ReturnType<typeof crudSpecs>;

function resourceRoutes<K extends ResourceKey>(key: K): { [Op in CrudOperation as `${K}.${Op}`]: CrudSpecs[Op] } {
  const specs = crudSpecs(key);
  return Object.fromEntries(CRUD_OPERATIONS.map((operation) => [`${key}.${operation}`, specs[operation]])) as {
    [Op in CrudOperation as `${K}.${Op}`]: CrudSpecs[Op];
  };
}

type ResourceRoutes = { [K in ResourceKey]: ReturnType<typeof resourceRoutes<K>> }[ResourceKey];
type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;

export const ROUTES = {
  'health.readiness': { method: 'GET', path: HEALTH_PATHS.readiness, access: 'probe' },
  'health.liveness': { method: 'GET', path: HEALTH_PATHS.liveness, access: 'probe' },
  'auth.register': { method: 'POST', path: AUTH_PATHS.register, access: 'public', body: registerInput },
  'auth.confirm': { method: 'POST', path: AUTH_PATHS.confirm, access: 'public', body: confirmSignUpInput },
  'auth.login': { method: 'POST', path: AUTH_PATHS.login, access: 'public', body: loginInput },
  'auth.me': { method: 'GET', path: AUTH_PATHS.me, access: 'session' },
  'auth.logout': { method: 'POST', path: AUTH_PATHS.logout, access: 'session' },
  'auth.password': { method: 'POST', path: AUTH_PATHS.password, access: 'session', body: passwordChangeInput },
  'documents.list': { method: 'GET', path: DOCUMENTS_PATH, access: 'session', query: documentListQuery },
  // The body is the file's bytes, streamed (not JSON): its name and what it is attached to are in the query.
  'documents.upload': { method: 'POST', path: DOCUMENTS_PATH, access: 'session', query: uploadQuery },
  'documents.get': { method: 'GET', path: `${DOCUMENTS_PATH}/:id`, access: 'session' },
  'documents.download': { method: 'GET', path: `${DOCUMENTS_PATH}/:id/content`, access: 'session' },
  'documents.update': { method: 'PATCH', path: `${DOCUMENTS_PATH}/:id`, access: 'session', body: documentUpdateInput },
  'documents.delete': { method: 'DELETE', path: `${DOCUMENTS_PATH}/:id`, access: 'session' },
  'portfolio.snapshot': { method: 'GET', path: PORTFOLIO_SNAPSHOT_PATH, access: 'session' },
  'portfolio.history': { method: 'GET', path: PORTFOLIO_HISTORY_PATH, access: 'session', query: historyQuery },
  ...(Object.assign({}, ...RESOURCE_KEYS.map((key) => resourceRoutes(key))) as UnionToIntersection<ResourceRoutes>),
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
export type Route<N extends RouteName = RouteName> = (typeof ROUTES)[N];

/** The parsed input a route's handler receives. */
export interface RouteInput<N extends RouteName> {
  body: Route<N> extends { body: infer Body extends z.ZodType } ? z.output<Body> : undefined;
  query: Route<N> extends { query: infer Query extends z.ZodType } ? z.output<Query> : undefined;
}

export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];
