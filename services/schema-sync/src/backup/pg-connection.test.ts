import { describe, expect, it } from 'vitest';
import { pgDumpArgs } from './backup.ts';
import { maskSecrets, pgToolConnection } from './pg-connection.ts';
import { pgRestoreArgs } from './restore.ts';

const URL_WITH_SECRET = 'postgresql://monitrax:s3cr%40t-pw@db.internal:6543/monitrax?sslmode=require&schema=public';

describe('pgToolConnection', () => {
  it('builds discrete connection arguments from the URL, never the password', () => {
    const { args, env } = pgToolConnection(URL_WITH_SECRET, undefined, {});
    expect(args).toEqual(['--host', 'db.internal', '--port', '6543', '--username', 'monitrax', '--no-password', '--dbname', 'monitrax']);
    expect(args.join(' ')).not.toContain('s3cr');
    expect(env.PGPASSWORD).toBe('s3cr@t-pw');
  });

  it('passes sslmode on as PGSSLMODE and ignores parameters libpq does not know (Prisma schema=)', () => {
    const { env } = pgToolConnection(URL_WITH_SECRET, undefined, {});
    expect(env.PGSSLMODE).toBe('require');
    expect(Object.keys(env).sort()).toEqual(['PGPASSWORD', 'PGSSLMODE']);
  });

  it('targets another database on the same server when asked', () => {
    const { args } = pgToolConnection(URL_WITH_SECRET, 'monitrax_restore_x', {});
    expect(args.slice(-2)).toEqual(['--dbname', 'monitrax_restore_x']);
  });

  it('drops inherited PG* variables that could point the tool elsewhere, keeps the rest', () => {
    const { env } = pgToolConnection('postgresql://u@127.0.0.1/db', undefined, {
      PATH: '/usr/bin',
      PGHOST: 'evil',
      PGSERVICE: 'x',
      PGPASSWORD: 'old',
      PG_BIN_DIR: '/opt/pg',
    });
    expect(env).toEqual({ PATH: '/usr/bin', PG_BIN_DIR: '/opt/pg' });
  });

  it('defaults the port, unwraps IPv6 hosts, and needs no password', () => {
    const { args, env, secrets } = pgToolConnection('postgres://u@[::1]/db', undefined, {});
    expect(args).toEqual(['--host', '::1', '--port', '5432', '--username', 'u', '--no-password', '--dbname', 'db']);
    expect(env.PGPASSWORD).toBeUndefined();
    expect(secrets).toEqual([]);
  });

  it('refuses URLs that are not PostgreSQL', () => {
    expect(() => pgToolConnection('mysql://u:p@h/db')).toThrow(/not a PostgreSQL connection string/);
  });

  it('masks the password in both its decoded and URL-encoded forms', () => {
    const { secrets } = pgToolConnection(URL_WITH_SECRET, undefined, {});
    expect(maskSecrets('failed for s3cr@t-pw and s3cr%40t-pw', secrets)).toBe('failed for *** and ***');
  });
});

describe('tool arguments', () => {
  it('pg_dump writes the custom format to stdout (no --file: the chroot client cannot see host paths)', () => {
    const args = pgDumpArgs(['--dbname', 'monitrax']);
    expect(args).toEqual(['--format=custom', '--dbname', 'monitrax']);
    expect(args.some((arg) => arg.startsWith('--file') || arg === '-f')).toBe(false);
  });

  it('pg_restore into a new database: no owners or grants from the source server, stop at the first error', () => {
    expect(pgRestoreArgs(['--dbname', 'copy'], false)).toEqual(['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', 'copy']);
  });

  it('pg_restore over live: drop and recreate what the archive holds, all in one transaction', () => {
    expect(pgRestoreArgs(['--dbname', 'live'], true)).toEqual([
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--clean',
      '--if-exists',
      '--single-transaction',
      '--dbname',
      'live',
    ]);
  });
});
