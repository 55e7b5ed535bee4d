// The driver-adapter factory that the WebAssembly schema engine uses to reach PostgreSQL.
//
// It is `@prisma/adapter-pg` (PrismaPg) with three fixes, each one reproduced against PostgreSQL 17:
//
// 1. PostgreSQL's internal `"char"` type (OID 18) is rejected by adapter-pg ("Column type 'char'
//    could not be deserialized"), yet the schema engine's catalog queries return it
//    (pg_constraint.contype, pg_class.relkind, ...). We let node-postgres parse it as text and
//    report the column as a Character column, which is what the engine reads those fields as.
// 2. adapter-pg opens the shadow database as `{ connectionString, database }`, and node-postgres
//    lets the connection string win, so the "shadow" connection is the MAIN database. We connect
//    with discrete host/port/user/password/database settings instead (see connection-config.ts).
// 3. adapter-pg drops the shadow database while its own pool is still connected to it, which
//    PostgreSQL refuses (`database ... is being accessed by other users`) and leaves the database
//    behind. We close the shadow pool first, then `DROP DATABASE ... WITH (FORCE)`.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, DriverAdapterError } from '@prisma/driver-adapter-utils';
import type {
  ColumnType,
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { parsePostgresUrl, quoteIdentifier, withDatabase } from './connection-config.ts';
import type { PgConnectionSettings } from './connection-config.ts';

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * Marks, on a result's `rows` array, which columns were PostgreSQL `"char"`. adapter-pg hands the
 * very same `rows` array back from queryRaw, so the mark survives to `withCharacterColumns`.
 */
const CHAR_COLUMNS = Symbol('monitrax.pgCharColumns');

interface MarkedRows extends Array<unknown[]> {
  [CHAR_COLUMNS]?: number[];
}

interface PgField {
  dataTypeID: number;
}

/**
 * Rewrites `"char"` fields to text (quirk 1). Rows have already been parsed when this runs, and
 * node-postgres has no parser for OID 18, so the values are plain one-character strings.
 */
export function markCharColumns<T>(result: T): T {
  const candidate = result as { fields?: PgField[]; rows?: MarkedRows } | null;
  if (!candidate || !Array.isArray(candidate.fields) || !Array.isArray(candidate.rows)) return result;
  const indexes: number[] = [];
  candidate.fields.forEach((field, index) => {
    if (field.dataTypeID === CHAR_OID) {
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    }
  });
  if (indexes.length > 0) {
    Object.defineProperty(candidate.rows, CHAR_COLUMNS, { value: indexes, enumerable: false });
  }
  return result;
}

/** Reports the columns marked by `markCharColumns` as Character instead of Text (quirk 1). */
export function withCharacterColumns(resultSet: SqlResultSet): SqlResultSet {
  const indexes = (resultSet.rows as MarkedRows)[CHAR_COLUMNS];
  if (!indexes) return resultSet;
  const columnTypes: ColumnType[] = [...resultSet.columnTypes];
  for (const index of indexes) columnTypes[index] = ColumnTypeEnum.Character;
  return { ...resultSet, columnTypes };
}

/**
 * A node-postgres Client whose query results go through `markCharColumns`. Installed as the pool's
 * Client class so that both pooled queries and transaction connections are covered.
 */
class CharTolerantClient extends pg.Client {
  // node-postgres' query() has many overloads. Pool.query() calls it with a trailing callback,
  // a checked-out client (transactions) with the promise form; both are post-processed, and
  // anything else (submittable Query objects) passes through untouched.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => (callback as (e: unknown, r: unknown) => void)(error, error ? result : markCharColumns(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) return result.then(markCharColumns) as never;
    return result as never;
  }
}

/** Wraps a transaction so that its queryRaw also reports `"char"` columns as Character. */
function wrapTransaction(inner: Transaction): Transaction {
  const wrapped: Transaction = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: async (query: SqlQuery) => withCharacterColumns(await inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => inner.executeRaw(query),
    commit: () => inner.commit(),
    rollback: () => inner.rollback(),
  };
  if (inner.createSavepoint) wrapped.createSavepoint = (name) => inner.createSavepoint!(name);
  if (inner.rollbackToSavepoint) wrapped.rollbackToSavepoint = (name) => inner.rollbackToSavepoint!(name);
  if (inner.releaseSavepoint) wrapped.releaseSavepoint = (name) => inner.releaseSavepoint!(name);
  return wrapped;
}

/**
 * Maps a node-postgres error the way adapter-pg does for errors it has no special case for, so the
 * engine shows PostgreSQL's own message and code.
 */
function toDriverAdapterError(error: unknown): unknown {
  const e = error as { code?: unknown; severity?: unknown; message?: unknown; detail?: string; column?: string; hint?: string };
  if (typeof e?.code !== 'string' || typeof e.severity !== 'string') return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: e.code,
    severity: e.severity,
    message: String(e.message),
    detail: e.detail,
    column: e.column,
    hint: e.hint,
    originalCode: e.code,
    originalMessage: String(e.message),
  });
}

type InnerAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/** One open connection pool, seen by the engine as a driver adapter. */
class PgAdapter implements SqlDriverAdapter {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  private readonly inner: InnerAdapter;
  private readonly pool: pg.Pool;
  private readonly onDispose: () => Promise<void>;
  private readonly schema: string | undefined;
  private disposed: Promise<void> | undefined;

  constructor(inner: InnerAdapter, pool: pg.Pool, schema: string | undefined, onDispose: () => Promise<void>) {
    this.inner = inner;
    this.pool = pool;
    this.schema = schema;
    this.onDispose = onDispose;
    this.adapterName = inner.adapterName;
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return withCharacterColumns(await this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  // adapter-pg's executeScript splits the script on every `;` and runs the pieces one by one,
  // which breaks any statement with a `;` inside a string literal, a comment or a function body
  // (e.g. `DEFAULT 'a;b'` in a migration). PostgreSQL's simple query protocol runs a whole
  // multi-statement script in one round trip, as the native schema engine does.
  // The schema `?schema=` names may not exist yet (the native engine creates it too before applying).
  async executeScript(script: string): Promise<void> {
    try {
      await this.pool.query(this.schema ? `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)};\n${script}` : script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return wrapTransaction(await this.inner.startTransaction(isolationLevel));
  }

  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo();
  }

  dispose(): Promise<void> {
    this.disposed ??= this.onDispose();
    return this.disposed;
  }
}

export interface PgAdapterFactoryOptions {
  /** The datasource URL (prisma.config.ts `datasource.url`). */
  url: string;
  /** prisma.config.ts `datasource.shadowDatabaseUrl`, when the project configures one. */
  shadowDatabaseUrl?: string | undefined;
}

export interface ClosableMigrationAwareFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes every pool still open and drops any shadow database still alive. Idempotent. */
  close(): Promise<void>;
}

/** Opens a pool with the `"char"` fix installed and wraps it in adapter-pg. */
async function openAdapter(settings: PgConnectionSettings, afterClose: () => Promise<void>): Promise<PgAdapter> {
  // One connection, like the native engine: the engine relies on session state such as the
  // migration advisory lock (`pg_advisory_lock` is taken again later in the same run and must land
  // on the session that holds it, or it waits forever). The engine issues its queries one at a
  // time and uses no transactions in push/migrate/diff/pull, so one connection is enough.
  const pool = new pg.Pool({ ...settings.config, max: 1, Client: CharTolerantClient });
  // An idle pooled connection that dies (server restart) must not crash the engine process.
  pool.on('error', () => {});
  const factory = new PrismaPg(pool, settings.schema ? { schema: settings.schema } : undefined);
  const inner = await factory.connect();
  return new PgAdapter(inner, pool, settings.schema, async () => {
    try {
      await pool.end();
    } finally {
      await afterClose();
    }
  });
}

/** Runs one statement on a short-lived connection of its own. */
async function runOnce(settings: PgConnectionSettings, sql: string): Promise<void> {
  const client = new pg.Client(settings.config);
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function createPgAdapterFactory(options: PgAdapterFactoryOptions): ClosableMigrationAwareFactory {
  const main = parsePostgresUrl(options.url);
  // Every adapter handed to the engine, so that close() can release what the engine did not.
  const open = new Set<PgAdapter>();

  const openTracked = async (settings: PgConnectionSettings, afterClose: () => Promise<void>): Promise<PgAdapter> => {
    const adapter: PgAdapter = await openAdapter(settings, async () => {
      open.delete(adapter);
      await afterClose();
    });
    open.add(adapter);
    return adapter;
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',

    connect: () => openTracked(main, async () => {}),

    async connectToShadowDb() {
      if (options.shadowDatabaseUrl) {
        // A configured shadow database is never created or dropped, but it must start empty: the
        // engine replays every migration into it. The native engine resets it first; the wasm
        // engine does not (a second `migrate dev` then fails with "relation ... already exists").
        const shadow = parsePostgresUrl(options.shadowDatabaseUrl);
        if (sameDatabase(shadow, main)) {
          throw new Error('The shadow database you configured appears to be the same as the main database. Please specify another shadow database.');
        }
        await resetDatabase(shadow);
        return openTracked(shadow, async () => {});
      }
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await runOnce(main, `CREATE DATABASE ${quoteIdentifier(name)}`);
      const drop = () => dropDatabase(main, name);
      try {
        // Quirk 2: discrete settings with the shadow database's name, never a connection string.
        // Quirk 3: the pool is closed before the database is dropped (see openAdapter).
        return await openTracked(withDatabase(main, name), drop);
      } catch (error) {
        await drop().catch(() => {});
        throw error;
      }
    },

    async close() {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}

function sameDatabase(a: PgConnectionSettings, b: PgConnectionSettings): boolean {
  return a.location === b.location && a.database === b.database;
}

/** Drops every user schema of a database and recreates the one Prisma uses (a configured shadow database). */
async function resetDatabase(settings: PgConnectionSettings): Promise<void> {
  const client = new pg.Client(settings.config);
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    const script = rows.map((row) => `DROP SCHEMA ${quoteIdentifier(row.nspname)} CASCADE;`);
    script.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(settings.schema ?? 'public')};`);
    await client.query(script.join('\n'));
  } finally {
    await client.end();
  }
}

/** Drops a database even if a connection we do not own is still attached (quirk 3). */
async function dropDatabase(settings: PgConnectionSettings, name: string): Promise<void> {
  try {
    await runOnce(settings, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } catch (error) {
    // `WITH (FORCE)` exists since PostgreSQL 13; older servers reject it as a syntax error.
    if ((error as { code?: string }).code !== '42601') throw error;
    await runOnce(settings, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
  }
}

/**
 * The one query the engine runs even for diffs that need no database (`migrate diff --from-empty
 * --to-schema ...`): a probe for the server version, to pick SQL features.
 */
const VERSION_PROBE = /^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/;

/** The PostgreSQL release assumed when there is no database to ask (the one this project targets). */
export const OFFLINE_SERVER_VERSION = { text: 'PostgreSQL 17.0 (assumed: no datasource URL given)', number: 170000 };

/**
 * The factory used when the CLI gave no datasource (e.g. `migrate diff --from-empty --to-schema`
 * without DATABASE_URL). The engine connects at start-up, so connecting must succeed. The engine's
 * version probe is answered with OFFLINE_SERVER_VERSION (the native engine likewise assumes a
 * recent PostgreSQL when it has no connection); any other query fails with a message saying what
 * is missing.
 */
export function createOfflineAdapterFactory(): ClosableMigrationAwareFactory {
  const fail = async (): Promise<never> => {
    throw new Error('This command needs a database, but the Prisma config has no datasource URL (prisma.config.ts reads it from DATABASE_URL).');
  };
  const adapter: SqlDriverAdapter = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (!VERSION_PROBE.test(query.sql)) return fail();
      return {
        columnNames: ['exists', 'version', 'numeric_version'],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, OFFLINE_SERVER_VERSION.text, OFFLINE_SERVER_VERSION.number]],
      };
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => adapter,
    connectToShadowDb: fail,
    close: async () => {},
  };
}
