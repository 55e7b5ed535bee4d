// Check 5: the database DATABASE_URL names answers. The URL comes from the environment, else from
// .env (the order Prisma's config and dotenv use: a set variable wins over the file). The password
// never appears in what this check reports.
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { maskDatabaseUrl } from '@monitrax/database/url';
import type { CheckResult, DatabaseServer, DoctorWorld } from '../types.ts';

export const DATABASE_TIMEOUT_MS = 3_000;

export interface DatabaseTarget {
  url: string;
  source: 'environment' | '.env';
}

export interface DatabaseOutcome {
  result: CheckResult;
  target?: DatabaseTarget;
  /** Set only when the server answered. */
  server?: DatabaseServer;
}

export function databaseTarget(world: Pick<DoctorWorld, 'env' | 'envFile'>): DatabaseTarget | undefined {
  if (world.env.DATABASE_URL) return { url: world.env.DATABASE_URL, source: 'environment' };
  const fromFile = world.envFile.values.DATABASE_URL;
  if (fromFile) return { url: fromFile, source: '.env' };
  return undefined;
}

/** Error text safe to print: the password and any connection string taken out. */
export function scrubSecrets(text: string, url: string): string {
  let out = text.replace(/postgres(ql)?:\/\/\S+/g, (match) => maskDatabaseUrl(match));
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) out = out.split(password).join('***');
    const raw = new URL(url).password;
    if (raw) out = out.split(raw).join('***');
  } catch {
    // unparseable URL: nothing to look for
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  return errorCode(inner);
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '' && error.errors.length > 0) {
    return error.errors.map(errorMessage).join(', ');
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim()) ?? 'unknown error';
}

const START_DB = 'start PostgreSQL: `make dev` (embedded PostgreSQL 17, no Docker) or `make up` (compose)';

/** What went wrong and how to fix it, from pg's error. */
export function explainConnectError(error: unknown, hostPort: string): { why: string; fix: string } {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return { why: `nothing listens at ${hostPort}`, fix: `${START_DB}, or correct the host/port in DATABASE_URL` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { why: `host not found (${hostPort})`, fix: 'correct the host in DATABASE_URL (127.0.0.1 for `make dev`; `db` only inside compose)' };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { why: `${hostPort} is unreachable (${code})`, fix: `check the host/port in DATABASE_URL and any firewall; ${START_DB}` };
    case '28P01':
      return { why: 'password authentication failed', fix: 'check the user and password in DATABASE_URL (`make dev` uses monitrax/monitrax)' };
    case '28000':
      return { why: 'the server refused this user (no such role or no pg_hba.conf entry)', fix: "check the user in DATABASE_URL and the server's pg_hba.conf" };
    case '3D000':
      return {
        why: 'the database does not exist',
        fix: 'create it (`createdb`), or point DATABASE_URL at an existing database (`make dev` creates `monitrax`)',
      };
    case '57P03':
      return { why: 'the server is starting up or shutting down', fix: 'wait a moment and run `make doctor` again' };
    default: {
      const message = errorMessage(error);
      if (/timeout|timed out/i.test(message)) {
        return {
          why: `no answer from ${hostPort} within ${DATABASE_TIMEOUT_MS / 1000} s`,
          fix: `check the host/port in DATABASE_URL (is something else listening there?); ${START_DB}`,
        };
      }
      if (/ssl/i.test(message)) {
        return { why: message, fix: 'match `sslmode` in DATABASE_URL to the server (local servers usually have no TLS: drop sslmode)' };
      }
      return { why: message, fix: `check DATABASE_URL; ${START_DB}` };
    }
  }
}

export async function checkDatabase(world: DoctorWorld): Promise<DatabaseOutcome> {
  const name = 'database';
  const target = databaseTarget(world);
  if (!target) {
    return {
      result: {
        name,
        status: 'skip',
        detail: 'DATABASE_URL is not set (environment or .env)',
        fix: `to check \`make dev\`'s database: DATABASE_URL=${devDatabaseUrl(world.env.PG_PORT || undefined)} make doctor`,
      },
    };
  }
  const masked = maskDatabaseUrl(target.url);
  const from = `(from ${target.source})`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(target.url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol)) {
    return {
      target,
      result: {
        name,
        status: 'fail',
        detail: `DATABASE_URL ${from} is not a postgresql:// URL`,
        fix: 'set DATABASE_URL=postgresql://user:password@host:5432/database',
      },
    };
  }
  const hostPort = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  try {
    const server = await world.queryServer(target.url, DATABASE_TIMEOUT_MS);
    if (server.major !== POSTGRES_MAJOR) {
      return {
        target,
        server,
        result: {
          name,
          status: 'warn',
          detail: `PostgreSQL ${server.version} at ${masked} ${from}; the project runs PostgreSQL ${POSTGRES_MAJOR} everywhere`,
          fix: `use a PostgreSQL ${POSTGRES_MAJOR} server (\`make dev\`'s embedded one, compose's postgres:${POSTGRES_MAJOR}), as Render's database is ${POSTGRES_MAJOR}`,
        },
      };
    }
    return { target, server, result: { name, status: 'ok', detail: `PostgreSQL ${server.version} at ${masked} ${from}` } };
  } catch (error) {
    const { why, fix } = explainConnectError(error, hostPort);
    return { target, result: { name, status: 'fail', detail: `cannot connect to ${masked} ${from}: ${scrubSecrets(why, target.url)}`, fix } };
  }
}
