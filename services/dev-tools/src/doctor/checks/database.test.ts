import { describe, expect, it } from 'vitest';
import { fakeWorld, refused } from '../fake-world.ts';
import { checkDatabase, databaseTarget, explainConnectError, scrubSecrets } from './database.ts';

const URL_WITH_PASSWORD = 'postgresql://monitrax:pa55-w0rd@127.0.0.1:5432/monitrax';
const envFile = (values: Record<string, string>) => ({ path: '/work/.env', exists: true, values });

describe('where DATABASE_URL comes from', () => {
  it('prefers the environment over .env, like dotenv and the Prisma config', () => {
    expect(databaseTarget({ env: { DATABASE_URL: 'postgresql://a/b' }, envFile: envFile({ DATABASE_URL: 'postgresql://c/d' }) })).toEqual({
      url: 'postgresql://a/b',
      source: 'environment',
    });
    expect(databaseTarget({ env: {}, envFile: envFile({ DATABASE_URL: 'postgresql://c/d' }) })).toEqual({ url: 'postgresql://c/d', source: '.env' });
    expect(databaseTarget({ env: { DATABASE_URL: '' }, envFile: envFile({}) })).toBeUndefined();
  });
});

describe('database check', () => {
  it('skips with a hint when DATABASE_URL is not set', async () => {
    const { result } = await checkDatabase(fakeWorld());
    expect(result.status).toBe('skip');
    expect(result.fix).toContain('DATABASE_URL=postgresql://monitrax:monitrax@127.0.0.1:5432/monitrax make doctor');
    const moved = await checkDatabase(fakeWorld({ env: { PG_PORT: '5433' } }));
    expect(moved.result.fix).toContain('@127.0.0.1:5433/monitrax');
  });

  it('is ok with the server version and the masked URL', async () => {
    const seen: Array<{ url: string; timeoutMs: number }> = [];
    const outcome = await checkDatabase(
      fakeWorld({
        env: { DATABASE_URL: URL_WITH_PASSWORD },
        queryServer: async (url, timeoutMs) => {
          seen.push({ url, timeoutMs });
          return { version: '17.10', major: 17 };
        },
      }),
    );
    expect(seen).toEqual([{ url: URL_WITH_PASSWORD, timeoutMs: 3_000 }]);
    expect(outcome.server).toEqual({ version: '17.10', major: 17 });
    expect(outcome.result).toEqual({
      name: 'database',
      status: 'ok',
      detail: 'PostgreSQL 17.10 at postgresql://monitrax:***@127.0.0.1:5432/monitrax (from environment)',
    });
  });

  it('warns about a server that is not PostgreSQL 17', async () => {
    const { result } = await checkDatabase(
      fakeWorld({ envFile: envFile({ DATABASE_URL: URL_WITH_PASSWORD }), queryServer: async () => ({ version: '15.8', major: 15 }) }),
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('PostgreSQL 15.8 at postgresql://monitrax:***@127.0.0.1:5432/monitrax (from .env)');
    expect(result.fix).toContain('PostgreSQL 17');
  });

  it('fails when nothing listens, with the masked URL and how to start a database', async () => {
    const outcome = await checkDatabase(fakeWorld({ env: { DATABASE_URL: URL_WITH_PASSWORD } }));
    expect(outcome.server).toBeUndefined();
    expect(outcome.result.status).toBe('fail');
    expect(outcome.result.detail).toBe(
      'cannot connect to postgresql://monitrax:***@127.0.0.1:5432/monitrax (from environment): nothing listens at 127.0.0.1:5432',
    );
    expect(outcome.result.fix).toContain('make dev');
    expect(outcome.result.fix).toContain('make up');
    expect(JSON.stringify(outcome.result)).not.toContain('pa55-w0rd');
  });

  it('fails on a URL that is not postgresql://, without printing it', async () => {
    const { result } = await checkDatabase(fakeWorld({ env: { DATABASE_URL: 'mysql://root:pa55-w0rd@db/x' } }));
    expect(result.status).toBe('fail');
    expect(result.detail).toBe('DATABASE_URL (from environment) is not a postgresql:// URL');
  });

  it('never repeats the password even when the driver message carries it', async () => {
    const world = fakeWorld({
      env: { DATABASE_URL: URL_WITH_PASSWORD },
      queryServer: async () => {
        throw new Error(`odd failure for ${URL_WITH_PASSWORD} with pa55-w0rd`);
      },
    });
    const { result } = await checkDatabase(world);
    expect(result.status).toBe('fail');
    expect(result.detail).not.toContain('pa55-w0rd');
    expect(result.detail).toContain('postgresql://monitrax:***@127.0.0.1:5432/monitrax');
  });
});

describe('explaining connection errors', () => {
  const cases: Array<[string, unknown, RegExp, RegExp]> = [
    ['refused', refused(), /nothing listens at h:1/, /make dev/],
    ['refused on every address', Object.assign(new AggregateError([refused(), refused()], ''), { code: undefined }), /nothing listens/, /make up/],
    ['unknown host', refused('ENOTFOUND'), /host not found/, /host in DATABASE_URL/],
    [
      'bad password',
      Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }),
      /password authentication failed/,
      /user and password/,
    ],
    ['no database', Object.assign(new Error('database "x" does not exist'), { code: '3D000' }), /does not exist/, /createdb/],
    ['timeout', new Error('Connection terminated due to connection timeout'), /no answer from h:1 within 3 s/, /host\/port/],
    ['tls', new Error('The server does not support SSL connections'), /SSL/, /sslmode/],
  ];
  it.each(cases)('%s', (_label, error, why, fix) => {
    const explained = explainConnectError(error, 'h:1');
    expect(explained.why).toMatch(why);
    expect(explained.fix).toMatch(fix);
  });

  it('scrubs connection strings and the password from any text', () => {
    expect(scrubSecrets('see postgres://u:p%40ss@h/d and p@ss', 'postgres://u:p%40ss@h/d')).toBe('see postgres://u:***@h/d and ***');
  });
});
