// Turns a DATABASE_URL into what libpq's command-line tools take: discrete --host/--port/--username/
// --dbname arguments and environment variables. The password goes only into PGPASSWORD, never into
// argv (which `ps` shows to every user) and never into logs.
import { databaseNameOf } from '@monitrax/database/url';

export interface PgToolConnection {
  args: string[];
  /** The complete environment for the child process. */
  env: NodeJS.ProcessEnv;
  /** Strings to mask in anything the tool prints. */
  secrets: string[];
}

// URL query parameters libpq tools would otherwise miss; each has an environment variable.
// (Others, like Prisma's `schema`, mean nothing to pg_dump and are ignored.)
const QUERY_TO_ENV: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

/**
 * @param database connect to this database instead of the URL's (same server and credentials).
 * @param baseEnv  the caller's environment; its PG* variables are dropped so that PGSERVICE, PGHOST,
 *                 PGDATABASE etc. of whoever runs us cannot point the tool at another server.
 */
export function pgToolConnection(databaseUrl: string, database?: string, baseEnv: NodeJS.ProcessEnv = process.env): PgToolConnection {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`not a PostgreSQL connection string (scheme ${url.protocol.replace(/:$/, '')}); expected postgresql://user:password@host:port/database`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(baseEnv)) if (!/^PG[A-Z]/.test(key)) env[key] = value;
  for (const [param, variable] of Object.entries(QUERY_TO_ENV)) {
    const value = url.searchParams.get(param);
    if (value !== null) env[variable] = value;
  }
  if (password) env.PGPASSWORD = password;

  const args = ['--host', host, '--port', url.port || '5432'];
  if (user) args.push('--username', user);
  // --no-password: fail at once instead of waiting for a prompt nobody can answer.
  args.push('--no-password', '--dbname', database ?? databaseNameOf(databaseUrl));

  const secrets = password ? [...new Set([password, url.password, encodeURIComponent(password)])] : [];
  return { args, env, secrets };
}

/** Replaces every secret in text with ***. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret) masked = masked.split(secret).join('***');
  return masked;
}
