// The database's address: the rule every process applies to DATABASE_URL, and the small facts about PostgreSQL
// connection strings used wherever one is printed or re-targeted.
import { isPlaceholderSecret } from '@monitrax/contract/env';
import { z } from 'zod';

/** DATABASE_URL's rule, in every config schema that reads it (API, worker, schema sync). */
export const databaseUrl = z
  .string({ error: 'is required (postgresql://user:password@host:5432/db)' })
  .min(1, 'is required (postgresql://user:password@host:5432/db)')
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL')
  .refine((value) => URL.canParse(value), 'is not a valid URL');

/** A host on this machine's loopback (a URL's hostname: localhost, 127.0.0.0/8, [::1]). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * What production refuses in DATABASE_URL: a placeholder password (.env.example's, a tutorial's default) for a
 * database on another host. A database on this machine's loopback (make dev's, npm start's, the tests' own) is not
 * reachable by anyone else, so its password is not the defence; compose's `db` service and Render's are.
 */
export function productionDatabaseUrlProblem(url: string): string | undefined {
  const { password } = splitPassword(url);
  if (password === undefined || !isPlaceholderSecret(password)) return undefined;
  if (isLoopbackHost(new URL(url).hostname)) return undefined;
  return "has a placeholder password (the example's, or a default), refused in production for a database on another host; set POSTGRES_PASSWORD (compose) to a random one: openssl rand -hex 24";
}

/** postgresql://user:secret@host/db -> postgresql://user:***@host/db (safe to log or print). */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

/** The same server and credentials, another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database a URL points at ("postgres" when it names none, as libpq defaults to the user name's db). */
export function databaseNameOf(url: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return name || decodeURIComponent(parsed.username) || 'postgres';
}

/**
 * The URL without its password, and the password (decoded), so that the password can travel another way
 * (PGPASSWORD) than a command line. `password` is undefined when the URL carries none or is not a URL.
 */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return { url, password: undefined };
    const password = decodeURIComponent(parsed.password);
    parsed.password = '';
    return { url: parsed.toString(), password };
  } catch {
    return { url, password: undefined };
  }
}
