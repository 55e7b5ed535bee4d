// Counts the rows that would make a can-fail statement fail (classify.ts: foreign keys, unique indexes and keys,
// SET NOT NULL, required columns without a default, enum values removed), so that the sync refuses only what rows
// really stand in the way of, says how many and which, and what to change. A statement whose rows cannot be
// counted is tried: the plan applies in one transaction, so a failure changes nothing.
//
// What a column added in the same plan holds is known without asking: NULL everywhere when it has no default (a
// foreign key or unique index on it cannot fail; a primary key or NOT NULL fails on every row), and the same value
// everywhere when it has one (not counted: the default is an expression this does not evaluate).
import pg from 'pg';
import type { ClassifiedStatement, RowCheck, Violations } from './classify.ts';

const EXAMPLES = 5;

/** What the plan itself creates: tables (empty when created) and columns (NULL or their default on every row). */
export interface PlanContext {
  newTables: ReadonlySet<string>;
  /** `table.column` -> whether the column is filled by a default. */
  newColumns: ReadonlyMap<string, { filled: boolean }>;
}

export function planContextOf(classified: readonly ClassifiedStatement[]): PlanContext {
  const newTables = new Set<string>();
  const newColumns = new Map<string, { filled: boolean }>();
  for (const statement of classified) {
    const created = /^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"(?:[^"]|"")+"\.)?"((?:[^"]|"")+)"/i.exec(statement.sql);
    if (created) newTables.add(created[1]!.replace(/""/g, '"'));
    for (const finding of statement.findings) {
      if (finding.change?.kind === 'add-column') newColumns.set(`${finding.change.table}.${finding.change.column}`, { filled: finding.change.filled });
    }
  }
  return { newTables, newColumns };
}

const ident = (name: string) => pg.escapeIdentifier(name);

class RowCounter {
  private readonly client: pg.Client;
  private readonly schema: string;
  private readonly context: PlanContext;

  constructor(client: pg.Client, schema: string, context: PlanContext) {
    this.client = client;
    this.schema = schema;
    this.context = context;
  }

  private qualified(table: string) {
    return `${ident(this.schema)}.${ident(table)}`;
  }

  private newColumn(table: string, column: string) {
    return this.context.newColumns.get(`${table}.${column}`);
  }

  /** The primary key's columns of an existing table (to name violating rows), else none. */
  private async keyColumns(table: string): Promise<string[]> {
    const { rows } = await this.client.query<{ column: string }>(
      `SELECT a.attname AS column
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass($1) AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)`,
      [this.qualified(table)],
    );
    return rows.map((row) => row.column);
  }

  private async rowCount(table: string): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.qualified(table)}`);
    return rows[0]?.n ?? 0;
  }

  /** Rows of `table` matching `where`: how many, and a few of them by their key (plus `shown` columns). */
  private async matching(table: string, where: string, shown: readonly string[], values: unknown[] = []): Promise<{ count: number; examples: string[] }> {
    const key = await this.keyColumns(table);
    const columns = [...new Set([...key, ...shown])];
    const select = columns.length > 0 ? columns.map((column) => `${ident(column)}::text AS ${ident(column)}`).join(', ') : 'ctid::text AS row';
    const [counted, sample] = await Promise.all([
      this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.qualified(table)} WHERE ${where}`, values),
      this.client.query<Record<string, string | null>>(`SELECT ${select} FROM ${this.qualified(table)} WHERE ${where} LIMIT ${EXAMPLES}`, values),
    ]);
    const examples = sample.rows.map((row) =>
      Object.entries(row)
        .map(([column, value]) => `${column}=${value === null ? 'NULL' : value}`)
        .join(', '),
    );
    return { count: counted.rows[0]?.n ?? 0, examples };
  }

  async count(check: RowCheck): Promise<Violations | null> {
    switch (check.kind) {
      case 'every-row': {
        if (this.context.newTables.has(check.table)) return none();
        const { count, examples } = await this.matching(check.table, 'true', []);
        return {
          count,
          examples,
          fix: `give the new column a @default (or make it optional, backfill, and make it required in the next release)`,
        };
      }
      case 'not-null': {
        if (this.context.newTables.has(check.table)) return none();
        const added = this.newColumn(check.table, check.column);
        if (added) return added.filled ? none() : { count: await this.rowCount(check.table), examples: [], fix: 'give the column a @default' };
        const { count, examples } = await this.matching(check.table, `${ident(check.column)} IS NULL`, []);
        return {
          count,
          examples,
          fix: `fill ${check.table}.${check.column} in these rows (UPDATE ... SET ${ident(check.column)} = ...) or keep the field optional`,
        };
      }
      case 'unique':
        return this.unique(check);
      case 'foreign-key':
        return this.foreignKey(check);
      case 'enum-values':
        return this.enumValues(check);
    }
  }

  private async unique(check: Extract<RowCheck, { kind: 'unique' }>): Promise<Violations | null> {
    if (this.context.newTables.has(check.table)) return none();
    const added = check.columns.map((column) => this.newColumn(check.table, column));
    if (added.some((column) => column?.filled)) return null;
    const list = check.columns.map(ident).join(', ');
    if (added.some((column) => column !== undefined)) {
      // NULL in every row: distinct for a unique index, a failure for a primary key.
      return check.primaryKey ? { count: await this.rowCount(check.table), examples: [], fix: 'give the key a @default' } : none();
    }
    const nonNull = check.columns.map((column) => `${ident(column)} IS NOT NULL`).join(' AND ');
    const duplicated = `(${list}) IN (SELECT ${list} FROM ${this.qualified(check.table)} WHERE ${nonNull} GROUP BY ${list} HAVING count(*) > 1)`;
    const where = check.primaryKey ? `(${duplicated}) OR NOT (${nonNull})` : duplicated;
    const { count, examples } = await this.matching(check.table, where, check.columns);
    return {
      count,
      examples,
      fix: `make ${check.table}.(${check.columns.join(', ')}) unique in these rows first (UPDATE or DELETE the duplicates${check.primaryKey ? ', fill the NULLs' : ''})`,
    };
  }

  private async foreignKey(check: Extract<RowCheck, { kind: 'foreign-key' }>): Promise<Violations | null> {
    if (this.context.newTables.has(check.table)) return none();
    const added = check.columns.map((column) => this.newColumn(check.table, column));
    // A new column without a default is NULL in every row, and a foreign key ignores NULLs.
    if (added.some((column) => column && !column.filled)) return none();
    if (added.some((column) => column?.filled)) return null;
    if (check.referencedColumns.some((column) => this.newColumn(check.references, column))) return null;
    const nonNull = check.columns.map((column) => `${ident(column)} IS NOT NULL`).join(' AND ');
    const orphan = this.context.newTables.has(check.references)
      ? nonNull
      : `${nonNull} AND NOT EXISTS (SELECT 1 FROM ${this.qualified(check.references)} r WHERE ${check.columns
          .map((column, index) => `r.${ident(check.referencedColumns[index]!)} = ${ident(check.table)}.${ident(column)}`)
          .join(' AND ')})`;
    const { count, examples } = await this.matching(check.table, orphan, check.columns);
    return {
      count,
      examples,
      fix: `point these rows' ${check.columns.join(', ')} at an existing ${check.references} (or set them to NULL, or delete the rows) first`,
    };
  }

  private async enumValues(check: Extract<RowCheck, { kind: 'enum-values' }>): Promise<Violations> {
    const type = await this.client.query<{ oid: number; labels: string[] }>(
      `SELECT t.oid::int AS oid, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = $1 AND t.typname = $2 GROUP BY t.oid`,
      [this.schema, check.enumName],
    );
    const found = type.rows[0];
    const removed = found ? found.labels.filter((label) => !check.remaining.includes(label)) : [];
    if (!found || removed.length === 0) return none();
    const columns = await this.client.query<{ table: string; column: string; array: boolean }>(
      `SELECT c.relname AS table, a.attname AS column, (a.atttypid <> $1) AS array
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.atttypid = $1 OR a.atttypid = (SELECT typarray FROM pg_type WHERE oid = $1))`,
      [found.oid, this.schema],
    );
    let count = 0;
    const examples: string[] = [];
    for (const { table, column, array } of columns.rows) {
      const where = array
        ? `EXISTS (SELECT 1 FROM unnest(${ident(column)}) AS v WHERE v::text = ANY ($1::text[]))`
        : `${ident(column)}::text = ANY ($1::text[])`;
      const matched = await this.matching(table, where, [column], [removed]);
      count += matched.count;
      if (matched.count > 0) examples.push(`${table}.${column}: ${matched.count} row(s), e.g. ${matched.examples.slice(0, 2).join('; ')}`);
    }
    return {
      count,
      examples,
      fix: [
        `no flag can make this pass while rows hold ${removed.join(', ')}: the conversion fails. Move them first, in two releases:`,
        `expand: keep ${removed.join(', ')} in the enum beside the value(s) taking over, and move the rows (UPDATE ... SET column = 'NEW' WHERE column = 'OLD') with code that writes only the new value;`,
        `contract: remove ${removed.join(', ')} in the next release, when no row holds them.`,
      ].join(' '),
    };
  }
}

const none = (): Violations => ({ count: 0, examples: [], fix: '' });

/**
 * The plan's statements with every can-fail finding's violations counted (null where they cannot be). Counting
 * never fails the sync: an error is said and the finding stays uncounted-but-tried (null).
 */
export async function countViolations(
  client: pg.Client,
  schema: string,
  classified: readonly ClassifiedStatement[],
  log: (line: string) => void,
): Promise<ClassifiedStatement[]> {
  const counter = new RowCounter(client, schema, planContextOf(classified));
  const counted: ClassifiedStatement[] = [];
  for (const statement of classified) {
    const findings = [];
    for (const finding of statement.findings) {
      if (finding.risk !== 'can-fail') {
        findings.push(finding);
        continue;
      }
      let violations: Violations | null = null;
      if (finding.check) {
        try {
          violations = await counter.count(finding.check);
        } catch (error) {
          log(`note: could not count the rows for "${finding.reason}" (${error instanceof Error ? error.message : String(error)}); it is tried as planned`);
        }
      }
      findings.push({ ...finding, violations });
    }
    counted.push({ ...statement, findings });
  }
  return counted;
}
