import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { describe, expect, it } from 'vitest';
import { parsePostgresUrl, quoteIdentifier, withDatabase } from './connection-config.ts';
import { OFFLINE_SERVER_VERSION, createOfflineAdapterFactory, markCharColumns, withCharacterColumns } from './pg-adapter.ts';

describe('parsePostgresUrl', () => {
  it('gives discrete settings, never a connectionString (which would override `database`)', () => {
    const settings = parsePostgresUrl('postgresql://app:s%3Acret@db.example:6543/monitrax?schema=tenant&connection_limit=5&connect_timeout=2');
    expect(settings.config).not.toHaveProperty('connectionString');
    expect(settings.config).toMatchObject({ host: 'db.example', port: 6543, user: 'app', password: 's:cret', database: 'monitrax' });
    expect(settings.config).toMatchObject({ connectionTimeoutMillis: 2000 });
    expect(settings.config).not.toHaveProperty('schema');
    expect(settings.config).not.toHaveProperty('connection_limit');
    expect(settings).toMatchObject({ database: 'monitrax', schema: 'tenant', location: 'db.example:6543' });
  });

  it('puts the session in ?schema= (search_path), as the native engine does, escaping spaces for the startup options', () => {
    expect(parsePostgresUrl('postgresql://app@h/db?schema=tenant').config).toMatchObject({ options: '-c search_path="tenant"' });
    expect(parsePostgresUrl('postgresql://app@h/db?schema=my%20tenant&options=-c%20statement_timeout%3D5s').config).toMatchObject({
      options: '-c statement_timeout=5s -c search_path="my\\ tenant"',
    });
    expect(parsePostgresUrl('postgresql://app@h/db').config).not.toHaveProperty('options');
  });

  it('switches database without touching anything else (the shadow database)', () => {
    const main = parsePostgresUrl('postgres://app:pw@127.0.0.1:55432/main');
    const shadow = withDatabase(main, 'prisma_migrate_shadow_db_1');
    expect(shadow.config).toEqual({ ...main.config, database: 'prisma_migrate_shadow_db_1' });
    expect(shadow.database).toBe('prisma_migrate_shadow_db_1');
    expect(main.config.database).toBe('main');
  });

  it('defaults like PostgreSQL does and names socket directories as the location', () => {
    expect(parsePostgresUrl('postgresql://app@localhost').database).toBe('app');
    expect(parsePostgresUrl('postgresql://app@localhost/db').location).toBe('localhost:5432');
    expect(parsePostgresUrl('postgresql://app@/db?host=/var/run/postgresql').location).toBe('/var/run/postgresql');
  });

  it('refuses non-PostgreSQL URLs', () => {
    expect(() => parsePostgresUrl('mysql://h/db')).toThrow(/PostgreSQL only/);
  });

  it('quotes identifiers', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('"char" columns (OID 18)', () => {
  it('are turned into text for adapter-pg, then reported to the engine as Character', () => {
    const rows = [['p', 'users_pkey']];
    const pgResult = { fields: [{ dataTypeID: 18 }, { dataTypeID: 19 }], rows };
    markCharColumns(pgResult);
    // adapter-pg now sees text instead of throwing "Unsupported column type char".
    expect(pgResult.fields.map((field) => field.dataTypeID)).toEqual([25, 19]);
    // adapter-pg returns the same rows array, with its own column types.
    const fromAdapter = { columnNames: ['contype', 'conname'], columnTypes: [ColumnTypeEnum.Text, ColumnTypeEnum.Text], rows };
    expect(withCharacterColumns(fromAdapter).columnTypes).toEqual([ColumnTypeEnum.Character, ColumnTypeEnum.Text]);
    expect(withCharacterColumns(fromAdapter).rows).toBe(rows);
  });

  it('leaves other results alone', () => {
    const result = { fields: [{ dataTypeID: 25 }], rows: [['x']] };
    markCharColumns(result);
    const resultSet = { columnNames: ['a'], columnTypes: [ColumnTypeEnum.Text], rows: result.rows };
    expect(withCharacterColumns(resultSet)).toBe(resultSet);
    expect(markCharColumns(undefined)).toBeUndefined();
    expect(markCharColumns({ command: 'CREATE' })).toEqual({ command: 'CREATE' });
  });
});

describe('createOfflineAdapterFactory', () => {
  it('connects, answers the engine version probe, and fails anything else with a helpful message', async () => {
    const factory = createOfflineAdapterFactory();
    const adapter = await factory.connect();
    const probe = await adapter.queryRaw({
      sql: "SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version(), current_setting('server_version_num')::integer as numeric_version;",
      args: ['public'],
      argTypes: [{ scalarType: 'string', arity: 'scalar' }],
    });
    expect(probe.rows).toEqual([[true, OFFLINE_SERVER_VERSION.text, OFFLINE_SERVER_VERSION.number]]);
    await expect(adapter.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] })).rejects.toThrow(/DATABASE_URL/);
    await expect(factory.connectToShadowDb()).rejects.toThrow(/no datasource URL/);
    await adapter.dispose();
    await factory.close();
  });
});
