// Names of backup files and restore databases. Both carry a UTC timestamp so they sort by time and
// never depend on the machine's timezone.

/** 2026-11-25T11:22:33.456Z -> 20261125T112233Z */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Keeps a name safe as one path segment on any filesystem. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_');
}

/** `<database>-<UTC yyyymmddThhmmssZ>-<label>.dump` */
export function backupFileName(database: string, label: string, date: Date): string {
  const safeLabel = fileSafe(label.trim()) || 'manual';
  return `${fileSafe(database) || 'database'}-${utcStamp(date)}-${safeLabel}.dump`;
}

/** PostgreSQL truncates identifiers to 63 bytes, which would silently restore into another name. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * `<db>_restore_<timestamp>`, lower-cased: unquoted SQL folds names to lower case, so a name someone
 * later types as `DROP DATABASE monitrax_restore_...` must already be lower case to match.
 */
export function restoreDatabaseName(database: string, date: Date): string {
  const suffix = `_restore_${utcStamp(date)}`.toLowerCase();
  let base = database.toLowerCase();
  while (Buffer.byteLength(base + suffix) > MAX_IDENTIFIER_BYTES) base = base.slice(0, -1);
  return base + suffix;
}

/** How tables are named in results: bare in `public` (where the app's tables live), else schema.table. */
export function tableName(schema: string, table: string): string {
  return schema === 'public' ? table : `${schema}.${table}`;
}
