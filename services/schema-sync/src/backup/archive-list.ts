// Reads the table of contents that `pg_restore --list` prints for a custom-format archive.
import { tableName } from './naming.ts';

// An entry line is `<dumpId>; <tableoid> <oid> <DESC> <schema> <name> <owner>`, where DESC may be
// several words (TABLE DATA, TABLE ATTACH). Comment lines start with ';'.
const TABLE_ENTRY = /^\d+;\s+\d+\s+\d+\s+TABLE\s+(?!DATA\s|ATTACH\s)(\S+)\s+(.+)\s+(\S+)$/;

/** The tables an archive defines (TABLE entries), as `name` in public and `schema.name` elsewhere. */
export function tablesInArchiveList(listing: string): string[] {
  const tables: string[] = [];
  for (const line of listing.split('\n')) {
    const match = TABLE_ENTRY.exec(line.trim());
    if (match) tables.push(tableName(match[1]!, match[2]!));
  }
  return tables;
}
