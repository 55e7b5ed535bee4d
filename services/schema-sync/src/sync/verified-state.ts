// The sync's memory of the last time Prisma confirmed the database matches the schema, so that a run with
// nothing to do can say so without starting the Prisma CLI (a child process and its schema engine: most of
// `make dev`'s restart time otherwise; docs/benchmarks.md).
//
// What was verified is a key of three parts; any change to one sends the next sync back to Prisma's diff:
//   schema hash         sha256 of prisma/schema.prisma
//   Prisma version      a new Prisma may render the same schema differently
//   catalog fingerprint sha256 of what PostgreSQL's catalog says about the schema Prisma compares (`public`, or
//                       the URL's ?schema=): tables, columns
//                       (type, nullability, default, identity, collation), constraints, indexes, enums and
//                       extensions; everything Prisma's diff compares, so a hand-made ALTER is noticed. The
//                       tables and enums the schema does not own (external-objects.ts) are left out, with what
//                       belongs to them (columns, constraints, indexes, owned sequences): Prisma does not compare
//                       them, and their owners may change them at will; their names are part of the key instead.
// The row lives in monitrax_ops (never compared by Prisma, like the history table). Only the `apply` mode
// reads or writes it: `--check` and `--dry-run` always ask Prisma, and change nothing. It is only a shortcut:
// sync.ts treats any error reading or writing it as "not verified" and goes on with Prisma.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { externalNamesIn } from '@monitrax/database/external-objects';
import { readRunningSchema } from './history.ts';
import { hashSchemaFile } from './plan.ts';
import { REPOSITORY_PROJECT, type PrismaProject } from './prisma-config.ts';

export const VERIFIED_TABLE = 'monitrax_ops.schema_verified';

export interface VerificationKey {
  schemaHash: string;
  prismaVersion: string;
  catalogFingerprint: string;
}

/** The installed Prisma CLI's version (the package that computes the diff). */
export function prismaCliVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('prisma/package.json') as { version: string }).version;
}

// One row per catalog fact, sorted, so the hash depends on the structure only (not on OIDs or creation order).
const CATALOG_FACTS = `
  SELECT 'relation' AS kind, c.relname AS name, c.relkind::text AS detail
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relname <> ALL ($2::text[])
     AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class o ON o.oid = d.refobjid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND o.relname = ANY ($2::text[]))
  UNION ALL
  SELECT 'column', c.relname || '.' || a.attname,
         concat_ws(' | ', format_type(a.atttypid, a.atttypmod), a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid),
                   a.attidentity::text, a.attgenerated::text, co.collname)
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> ALL ($2::text[])
  UNION ALL
  SELECT 'constraint', c.relname || '.' || con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relname <> ALL ($2::text[])
  UNION ALL
  SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> ALL ($2::text[])
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = $1 AND t.typname <> ALL ($3::text[]) GROUP BY t.typname
  UNION ALL
  SELECT 'extension', extname, extversion FROM pg_extension
  ORDER BY 1, 2, 3`;

/** The schema Prisma compares for this URL: `?schema=`, as Prisma reads it, or public. */
export function comparedSchemaOf(databaseUrl: string): string {
  return new URL(databaseUrl).searchParams.get('schema') || 'public';
}

export async function catalogFingerprint(client: pg.Client, schema: string, project: PrismaProject = REPOSITORY_PROJECT): Promise<string> {
  const tables = externalNamesIn(schema, project.externalTables).sort();
  const enums = externalNamesIn(schema, project.externalEnums).sort();
  const { rows } = await client.query<{ kind: string; name: string; detail: string | null }>(CATALOG_FACTS, [schema, tables, enums]);
  const hash = createHash('sha256').update(`schema\t${schema}\nexternal tables\t${tables.join(',')}\nexternal enums\t${enums.join(',')}\n`);
  for (const row of rows) hash.update(`${row.kind}\t${row.name}\t${row.detail ?? ''}\n`);
  return hash.digest('hex');
}

export async function verificationKey(
  client: pg.Client,
  schemaHash: string,
  schema: string,
  project: PrismaProject = REPOSITORY_PROJECT,
): Promise<VerificationKey> {
  return { schemaHash, prismaVersion: prismaCliVersion(), catalogFingerprint: await catalogFingerprint(client, schema, project) };
}

export const sameKey = (a: VerificationKey, b: VerificationKey) =>
  a.schemaHash === b.schemaHash && a.prismaVersion === b.prismaVersion && a.catalogFingerprint === b.catalogFingerprint;

/** True when Prisma last confirmed this very schema, with this Prisma, against this very catalog. */
export async function wasVerified(client: pg.Client, key: VerificationKey): Promise<boolean> {
  const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [VERIFIED_TABLE]);
  if (!exists.rows[0]?.exists) return false;
  const { rows } = await client.query(`SELECT 1 FROM ${VERIFIED_TABLE} WHERE schema_hash = $1 AND prisma_version = $2 AND catalog_fingerprint = $3`, [
    key.schemaHash,
    key.prismaVersion,
    key.catalogFingerprint,
  ]);
  return rows.length > 0;
}

/** Remembers that Prisma's diff came back empty for this key. */
export async function rememberVerified(client: pg.Client, key: VerificationKey): Promise<void> {
  await client.query(`
    CREATE SCHEMA IF NOT EXISTS monitrax_ops;
    CREATE TABLE IF NOT EXISTS ${VERIFIED_TABLE} (
      only_row            boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
      schema_hash         text        NOT NULL,
      prisma_version      text        NOT NULL,
      catalog_fingerprint text        NOT NULL,
      verified_at         timestamptz NOT NULL DEFAULT now()
    );`);
  await client.query(
    `INSERT INTO ${VERIFIED_TABLE} (schema_hash, prisma_version, catalog_fingerprint) VALUES ($1, $2, $3)
     ON CONFLICT (only_row) DO UPDATE SET schema_hash = EXCLUDED.schema_hash, prisma_version = EXCLUDED.prisma_version,
       catalog_fingerprint = EXCLUDED.catalog_fingerprint, verified_at = now()`,
    [key.schemaHash, key.prismaVersion, key.catalogFingerprint],
  );
}

export interface VerificationStatus {
  /** Prisma's last empty diff was for this schema file, this Prisma and this very catalog. */
  verified: boolean;
  schemaHash: string;
  /** When that diff ran (if the row exists at all). */
  verifiedAt: Date | undefined;
  /** Statements the newest sync of this very schema left pending (--safe-only); 0 when none. */
  pending: number;
}

/**
 * For the serving API's health: reads the catalog fingerprint and monitrax_ops.schema_verified over one short
 * connection, and starts no Prisma CLI. The sync records the key after every empty diff (after its push too), so
 * "not verified" means the schema file, Prisma or the catalog changed since: an out-of-band ALTER, a release
 * whose sync has not run yet, or a failed one. `make db-sync ARGS=--check` lists the statements; `make db-sync`
 * re-verifies and, when Prisma finds nothing to change, records the new key.
 */
export async function readVerification(databaseUrl: string, schemaPath: string, project: PrismaProject = REPOSITORY_PROJECT): Promise<VerificationStatus> {
  // Bounded, so a database that stops answering cannot hold the check (and every later one) forever.
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
    statement_timeout: 10_000,
    application_name: 'monitrax-schema-check',
  });
  // A connection that breaks mid-check (a restart, pg_terminate_backend) must fail this check, not the process:
  // without a listener, pg's 'error' event would be an uncaught exception in the serving API.
  client.on('error', () => {});
  await client.connect();
  try {
    const schemaHash = await hashSchemaFile(schemaPath);
    const key = await verificationKey(client, schemaHash, comparedSchemaOf(databaseUrl), project);
    const exists = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [VERIFIED_TABLE]);
    const recorded = exists.rows[0]?.exists
      ? (
          await client.query<{ schema_hash: string; prisma_version: string; catalog_fingerprint: string; verified_at: Date }>(
            `SELECT schema_hash, prisma_version, catalog_fingerprint, verified_at FROM ${VERIFIED_TABLE}`,
          )
        ).rows[0]
      : undefined;
    const verified =
      recorded !== undefined &&
      sameKey(key, { schemaHash: recorded.schema_hash, prismaVersion: recorded.prisma_version, catalogFingerprint: recorded.catalog_fingerprint });
    if (verified) return { verified, schemaHash, verifiedAt: recorded.verified_at, pending: 0 };
    // Not verified: say so more precisely when this schema's own sync left statements out on purpose.
    const running = await readRunningSchema(client);
    const pending = running?.schemaHash === schemaHash ? running.pending.length : 0;
    return { verified, schemaHash, verifiedAt: recorded?.verified_at, pending };
  } finally {
    await client.end().catch(() => {});
  }
}
