import { describe, expect, it } from 'vitest';
import { backupFileName, restoreDatabaseName, tableName, utcStamp } from './naming.ts';

const at = new Date('2026-11-25T09:08:07.654Z');

describe('backup naming', () => {
  it('stamps in UTC as yyyymmddThhmmssZ', () => {
    expect(utcStamp(at)).toBe('20261125T090807Z');
  });

  it('names a backup <database>-<stamp>-<label>.dump', () => {
    expect(backupFileName('monitrax', 'manual', at)).toBe('monitrax-20261125T090807Z-manual.dump');
    expect(backupFileName('monitrax', '3f9a1c2b7d10', at)).toBe('monitrax-20261125T090807Z-3f9a1c2b7d10.dump');
  });

  it('keeps the name one safe path segment whatever the database or label holds', () => {
    expect(backupFileName('my db/../x', 'pre restore!', at)).toBe('my_db_.._x-20261125T090807Z-pre_restore_.dump');
    expect(backupFileName('..', '  ', at)).toBe('_-20261125T090807Z-manual.dump');
  });

  it('names a restore database <db>_restore_<stamp>, lower case so unquoted SQL finds it', () => {
    expect(restoreDatabaseName('monitrax', at)).toBe('monitrax_restore_20261125t090807z');
    expect(restoreDatabaseName('Monitrax', at)).toBe('monitrax_restore_20261125t090807z');
  });

  it('shortens the database part so the name fits PostgreSQL 63-byte identifiers', () => {
    const name = restoreDatabaseName('x'.repeat(80), at);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(name.endsWith('_restore_20261125t090807z')).toBe(true);
  });

  it('names tables bare in public and schema-qualified elsewhere', () => {
    expect(tableName('public', 'User')).toBe('User');
    expect(tableName('monitrax_ops', 'schema_history')).toBe('monitrax_ops.schema_history');
  });
});
