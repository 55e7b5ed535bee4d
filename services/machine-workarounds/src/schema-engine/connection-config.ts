// Turns a PostgreSQL connection URL into discrete node-postgres settings.
//
// Why discrete settings and not `{ connectionString }`: node-postgres lets the values parsed from
// `connectionString` win over any discrete field next to it, so `{ connectionString, database:
// 'shadow' }` silently connects to the database named in the URL. We hit exactly that with the
// shadow database (migrate dev connected to the MAIN database and diffed it against itself), so
// every connection this stand-in opens is built from the fields below instead.
import { createRequire } from 'node:module';
import type { ClientConfig } from 'pg';

// pg-connection-string is the parser node-postgres itself uses. It is a dependency of `pg`, not of
// this package, so resolve it from pg's own location rather than relying on npm hoisting.
const requireFromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
const { parseIntoClientConfig } = requireFromPg('pg-connection-string') as {
  parseIntoClientConfig(url: string): ClientConfig & Record<string, unknown>;
};

/** Query parameters that Prisma understands but node-postgres does not: kept out of pg's config. */
const PRISMA_ONLY_PARAMS = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'connect_timeout',
  'socket_timeout',
  'pgbouncer',
  'statement_cache_size',
  'sslaccept',
  'sslidentity',
  'sslpassword',
];

export interface PgConnectionSettings {
  /** Discrete node-postgres settings (never a connectionString). */
  config: ClientConfig;
  /** The database the URL names, or what PostgreSQL will default to (the user name). */
  database: string;
  /** `?schema=` from the URL, as Prisma reads it; undefined means PostgreSQL's default (public). */
  schema: string | undefined;
  /** `host:port` (or the socket directory) for error messages, never including the password. */
  location: string;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function parsePostgresUrl(url: string): PgConnectionSettings {
  if (!isPostgresUrl(url)) {
    throw new Error('The WebAssembly schema engine supports PostgreSQL only; the datasource URL must start with postgresql:// or postgres://');
  }
  const parsed = parseIntoClientConfig(url);
  const config: ClientConfig & Record<string, unknown> = { ...parsed };
  const schemaParam = config.schema;
  for (const key of PRISMA_ONLY_PARAMS) delete config[key];
  delete config.connectionString;

  // Prisma's `connect_timeout` is in seconds (default 5); pg's connectionTimeoutMillis defaults to
  // "wait forever", which would hang `db push` against an unreachable host.
  const connectTimeout = Number(parsed.connect_timeout ?? 5);
  if (Number.isFinite(connectTimeout) && connectTimeout > 0) {
    config.connectionTimeoutMillis = connectTimeout * 1000;
  }

  // The native engine sets the session's search_path to `?schema=` on connecting, so that the unqualified
  // names in the scripts it plans and applies land in that schema: the same, as a startup option.
  if (typeof schemaParam === 'string' && schemaParam !== '') {
    const searchPath = `-c search_path=${quoteIdentifier(schemaParam).replace(/[\\\s]/g, (character) => `\\${character}`)}`;
    config.options = typeof config.options === 'string' && config.options !== '' ? `${config.options} ${searchPath}` : searchPath;
  }

  const host = typeof config.host === 'string' && config.host !== '' ? config.host : 'localhost';
  const port = config.port ?? 5432;
  const database = typeof config.database === 'string' && config.database !== '' ? config.database : String(config.user ?? '');
  return {
    config,
    database,
    schema: typeof schemaParam === 'string' && schemaParam !== '' ? schemaParam : undefined,
    location: host.startsWith('/') ? host : `${host}:${port}`,
  };
}

/** The same server and credentials, another database (used for the shadow database). */
export function withDatabase(settings: PgConnectionSettings, database: string): PgConnectionSettings {
  return { ...settings, database, config: { ...settings.config, database } };
}

/** Quotes an SQL identifier the way PostgreSQL expects ("a""b"). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
