// Step "classify" of the schema sync: what each planned statement does to existing data.
//   safe            creates things, or drops things that hold no data (indexes, constraints, types)
//   can-fail        applies whole or fails, and loses nothing either way (the sync applies a plan in one
//                   transaction): foreign keys, unique indexes and keys, SET NOT NULL, required columns without a
//                   default, enum values removed. Its `check` says which rows would make it fail; row-checks.ts
//                   counts them, and only rows that are there refuse it.
//   data-dependent  may change values depending on what rows exist: type changes
//   destructive     removes data: drops a table or a column
//   unknown         a statement these rules do not recognise: treated as risky
// A destructive or data-dependent statement only matters when its table has rows (blockersOf).
// biome-ignore-all lint/suspicious/noAssignInExpressions: one regex match per branch reads best as `if ((match = ...))`

import type { LintFinding } from './lint.ts';

export type Risk = 'safe' | 'can-fail' | 'data-dependent' | 'unknown' | 'destructive';

/** Which existing rows would make a can-fail statement fail (row-checks.ts counts them). */
export type RowCheck =
  | { kind: 'foreign-key'; table: string; columns: string[]; references: string; referencedColumns: string[] }
  /** A unique index or key; a primary key also fails on NULLs. */
  | { kind: 'unique'; table: string; columns: string[]; primaryKey: boolean }
  | { kind: 'not-null'; table: string; column: string }
  /** A required column without a default: every existing row fails it. */
  | { kind: 'every-row'; table: string }
  /** An enum replaced by one with only `remaining`: rows holding any other value fail the conversion. */
  | { kind: 'enum-values'; enumName: string; remaining: string[] };

/** What row-checks.ts found for a can-fail statement: the rows that would make it fail, and what to do about them. */
export interface Violations {
  count: number;
  /** A few of them, readably (their keys and values). */
  examples: string[];
  fix: string;
}

/** What a statement changes, in the terms the breaking-change check (breaking.ts) judges against a client. */
export type SchemaChange =
  | { kind: 'drop-table'; table: string }
  | { kind: 'drop-column'; table: string; column: string }
  | { kind: 'add-column'; table: string; column: string; required: boolean; filled: boolean }
  | { kind: 'type-change'; table: string; column: string }
  | { kind: 'set-not-null'; table: string; column: string }
  | { kind: 'drop-default'; table: string; column: string }
  /** Prisma restores a default it dropped around an enum swap in the same plan. */
  | { kind: 'set-default'; table: string; column: string }
  /** Prisma removes enum values by creating `<name>_new` with the values that remain and swapping it in. */
  | { kind: 'enum-replace'; enumName: string; values: string[] }
  | { kind: 'enum-add'; enumName: string; value: string };

export interface Finding {
  risk: Risk;
  reason: string;
  /** The table whose rows decide whether the risk is real (undefined: no particular table). */
  table?: string;
  change?: SchemaChange;
  /** can-fail: which rows would make it fail (undefined: these rules cannot say; it is tried, and fails whole). */
  check?: RowCheck;
  /** can-fail: what row-checks.ts counted (null: it could not count; undefined: not counted yet). */
  violations?: Violations | null;
  /** A drop of a table or enum no release's schema describes (undeclared.ts): refused whatever the rows. */
  undeclared?: boolean;
}

/** A reason the release still serving would fail on a statement; `refuses: false` only warns (a setting decides). */
export interface BreakingReason {
  reason: string;
  refuses: boolean;
}

export interface ClassifiedStatement {
  sql: string;
  findings: Finding[];
  /** The worst risk among the findings. */
  risk: Risk;
  /** Why the release still serving would fail on this statement (breaking.ts); empty when it would not. */
  breaking: BreakingReason[];
  /** Squawk's findings on it (lint.ts): locks, rewrites, scans. */
  lint: LintFinding[];
}

const RISK_ORDER: readonly Risk[] = ['safe', 'can-fail', 'data-dependent', 'unknown', 'destructive'];

const IDENT = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const QUALIFIED = String.raw`(?:${IDENT}\.)?(${IDENT})`;

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier.toLowerCase();
}

/** `("a", "b")` -> ['a', 'b']; undefined when an entry is not a plain column (an expression, an operator class). */
function columnList(text: string): string[] | undefined {
  const inner = /^\((.*)\)$/s.exec(text.trim())?.[1];
  if (inner === undefined) return undefined;
  const columns: string[] = [];
  for (const part of splitTopLevel(inner)) {
    const match = new RegExp(`^(${IDENT})(?:\\s+(?:ASC|DESC))?(?:\\s+NULLS\\s+(?:FIRST|LAST))?$`, 'i').exec(part);
    if (!match) return undefined;
    columns.push(unquote(match[1]!));
  }
  return columns;
}

/** Splits "a, b (c, d), e" at top-level commas (outside parentheses and quotes). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function alterTableAction(table: string, action: string): Finding {
  const column = (pattern: string) => new RegExp(`^${pattern}\\s+(?:COLUMN\\s+)?(?:IF EXISTS\\s+)?(${IDENT})`, 'i').exec(action);
  let match: RegExpExecArray | null;
  if ((match = column('DROP'))) {
    if (/^DROP\s+CONSTRAINT/i.test(action)) return { risk: 'safe', reason: `drops a constraint on ${table}` };
    const name = unquote(match[1]!);
    return { risk: 'destructive', reason: `drops column ${table}.${name} and its values`, table, change: { kind: 'drop-column', table, column: name } };
  }
  if ((match = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${IDENT})\\s+(.*)$`, 'is').exec(action))) {
    const column = unquote(match[1]!);
    const name = `${table}.${column}`;
    const change = match[2]!;
    // Prisma's enum swap moves the column to `<enum>_new`; the CREATE TYPE before it carries the check of its rows.
    if (/^(SET\s+DATA\s+)?TYPE\s+"?\w+_new"?/i.test(change)) return { risk: 'safe', reason: `moves ${name} to the replaced enum (judged with it)` };
    if (/^(SET\s+DATA\s+)?TYPE\b/i.test(change))
      return { risk: 'data-dependent', reason: `changes the type of ${name} (values may not convert)`, table, change: { kind: 'type-change', table, column } };
    if (/^SET\s+NOT\s+NULL/i.test(change))
      return {
        risk: 'can-fail',
        reason: `makes ${name} required (fails if a row has no value)`,
        table,
        change: { kind: 'set-not-null', table, column },
        check: { kind: 'not-null', table, column },
      };
    if (/^DROP\s+DEFAULT/i.test(change)) return { risk: 'safe', reason: `drops the default of ${name}`, change: { kind: 'drop-default', table, column } };
    if (/^SET\s+DEFAULT/i.test(change)) return { risk: 'safe', reason: `sets the default of ${name}`, change: { kind: 'set-default', table, column } };
    return { risk: 'safe', reason: `alters ${name} (${change.split(/\s+/).slice(0, 3).join(' ')})` };
  }
  // An unnamed constraint (ADD PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK / EXCLUDE) is no column; Prisma names its own.
  if (/^ADD\s+(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK|EXCLUDE)\b/i.test(action)) {
    return { risk: 'unknown', reason: `unnamed constraint on ${table}: ${action.slice(0, 80)}`, table };
  }
  if ((match = new RegExp(`^ADD\\s+(?:COLUMN\\s+)?(?:IF NOT EXISTS\\s+)?(${IDENT})\\s+(.*)$`, 'is').exec(action)) && !/^ADD\s+CONSTRAINT/i.test(action)) {
    const column = unquote(match[1]!);
    const name = `${table}.${column}`;
    const definition = match[2]!;
    const required = /\bNOT\s+NULL\b/i.test(definition);
    const filled = /\bDEFAULT\b/i.test(definition) || /\b(SERIAL|GENERATED)\b/i.test(definition);
    const added = { kind: 'add-column', table, column, required, filled } as const;
    if (required && !filled) {
      return {
        risk: 'can-fail',
        reason: `adds required column ${name} without a default (fails on existing rows)`,
        table,
        change: added,
        check: { kind: 'every-row', table },
      };
    }
    return { risk: 'safe', reason: `adds column ${name}`, change: added };
  }
  const constraint = new RegExp(`^ADD\\s+CONSTRAINT\\s+${IDENT}\\s+(UNIQUE|PRIMARY\\s+KEY|FOREIGN\\s+KEY)\\s*(\\([^)]*\\))(.*)$`, 'is').exec(action);
  if (constraint) {
    const kind = constraint[1]!.toUpperCase().replace(/\s+/g, ' ');
    const columns = columnList(constraint[2]!);
    if (kind === 'FOREIGN KEY') {
      const target = new RegExp(`^\\s*REFERENCES\\s+${QUALIFIED}\\s*(\\([^)]*\\))`, 'is').exec(constraint[3]!);
      const referencedColumns = target ? columnList(target[2]!) : undefined;
      return {
        risk: 'can-fail',
        reason: `adds a foreign key on ${table} (fails if rows do not match)`,
        table,
        ...(columns && target && referencedColumns
          ? { check: { kind: 'foreign-key', table, columns, references: unquote(target[1]!), referencedColumns } as const }
          : {}),
      };
    }
    const primaryKey = kind === 'PRIMARY KEY';
    return {
      risk: 'can-fail',
      reason: primaryKey ? `adds a primary key on ${table} (fails on duplicates or nulls)` : `adds a unique constraint on ${table} (fails on duplicates)`,
      table,
      ...(columns ? { check: { kind: 'unique', table, columns, primaryKey } as const } : {}),
    };
  }
  if (/^RENAME\s+CONSTRAINT/i.test(action)) return { risk: 'safe', reason: `renames a constraint on ${table}` };
  return { risk: 'unknown', reason: `unrecognised change to ${table}: ${action.slice(0, 80)}`, table };
}

export function classifyStatement(sql: string): ClassifiedStatement {
  const text = sql.trim().replace(/\s+/g, ' ');
  const findings: Finding[] = [];
  let match: RegExpExecArray | null;

  if ((match = new RegExp(`^DROP TABLE (?:IF EXISTS )?${QUALIFIED}`, 'i').exec(text))) {
    const table = unquote(match[1]!);
    findings.push({ risk: 'destructive', reason: `drops table ${table} and every row in it`, table, change: { kind: 'drop-table', table } });
  } else if ((match = new RegExp(`^ALTER TABLE (?:ONLY )?(?:IF EXISTS )?${QUALIFIED} (.*)$`, 'is').exec(text))) {
    const table = unquote(match[1]!);
    for (const action of splitTopLevel(match[2]!)) findings.push(alterTableAction(table, action));
  } else if (
    (match = new RegExp(
      `^CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${IDENT} ON (?:ONLY )?${QUALIFIED}\\s*(?:USING \\w+\\s*)?(\\(.*\\))`,
      'i',
    ).exec(text))
  ) {
    const table = unquote(match[1]!);
    const columns = columnList(match[2]!);
    findings.push({
      risk: 'can-fail',
      reason: `adds a unique index on ${table} (fails on duplicates)`,
      table,
      ...(columns ? { check: { kind: 'unique', table, columns, primaryKey: false } as const } : {}),
    });
  } else if ((match = new RegExp(`^CREATE TYPE ${QUALIFIED}`, 'i').exec(text)) && /_new"?$/.test(match[1]!)) {
    const enumName = unquote(match[1]!).replace(/_new$/, '');
    const values = [...(/AS ENUM \((.*)\)/i.exec(text)?.[1] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((value) => value[1]!.replace(/''/g, "'"));
    findings.push({
      risk: 'can-fail',
      reason: `replaces enum ${enumName} to remove values (fails if rows hold them)`,
      change: { kind: 'enum-replace', enumName, values },
      check: { kind: 'enum-values', enumName, remaining: values },
    });
  } else if ((match = new RegExp(`^ALTER TYPE ${QUALIFIED} ADD VALUE (?:IF NOT EXISTS )?'((?:[^']|'')*)'`, 'i').exec(text))) {
    const enumName = unquote(match[1]!);
    const value = match[2]!.replace(/''/g, "'");
    findings.push({ risk: 'safe', reason: `adds ${value} to enum ${enumName}`, change: { kind: 'enum-add', enumName, value } });
  } else if (
    /^(CREATE (TABLE|INDEX|TYPE|SCHEMA|EXTENSION|SEQUENCE)|ALTER TYPE \S+ (ADD VALUE|RENAME)|ALTER INDEX \S+ RENAME|ALTER SEQUENCE|COMMENT ON)\b/i.test(text)
  ) {
    findings.push({ risk: 'safe', reason: text.split(' ').slice(0, 3).join(' ').toLowerCase() });
  } else if (/^DROP (INDEX|TYPE|SEQUENCE)\b/i.test(text)) {
    findings.push({ risk: 'safe', reason: `${text.split(' ').slice(0, 2).join(' ').toLowerCase()} (holds no rows)` });
  } else {
    findings.push({ risk: 'unknown', reason: `unrecognised statement: ${text.slice(0, 80)}` });
  }

  const risk = findings.reduce<Risk>((worst, finding) => (RISK_ORDER.indexOf(finding.risk) > RISK_ORDER.indexOf(worst) ? finding.risk : worst), 'safe');
  return { sql, findings, risk, breaking: [], lint: [] };
}

/** The table a statement acts on (ALTER/DROP TABLE, CREATE INDEX ... ON), when it acts on one. */
export function targetTable(sql: string): string | undefined {
  const text = sql.trim().replace(/\s+/g, ' ');
  const match =
    new RegExp(`^(?:ALTER|DROP|CREATE) TABLE (?:ONLY |IF EXISTS |IF NOT EXISTS )*${QUALIFIED}`, 'i').exec(text) ??
    new RegExp(`^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${IDENT} ON (?:ONLY )?${QUALIFIED}`, 'i').exec(text);
  return match ? unquote(match[1]!) : undefined;
}

/**
 * What stands in the way of applying a plan as it is:
 *   loses-data  a statement drops or may change values that rows hold (or is not understood); it goes ahead only
 *               when --accept-data-loss names it (`name`), so that nothing the operator did not see is lost
 *   fails       rows make a can-fail statement fail; no flag helps, the rows must change first (`fix` says how)
 */
export interface Blocker {
  statement: string;
  reason: string;
  table?: string;
  kind: 'loses-data' | 'fails';
  /** What --accept-data-loss names to let it through (loses-data only): a table, `table.column`, or `statement-N`. */
  name?: string;
  violations?: Violations;
}

/** The name --accept-data-loss uses for a finding that loses data. */
function lossName(finding: Finding, statementNumber: number): string {
  const change = finding.change;
  if (change && 'column' in change && (change.kind === 'drop-column' || change.kind === 'type-change')) return `${change.table}.${change.column}`;
  return finding.table ?? `statement-${statementNumber}`;
}

/**
 * The findings that would lose data or fail, given which tables hold rows and what row-checks.ts counted. A
 * destructive or data-dependent finding on an empty (or new) table is harmless; one we do not understand blocks
 * regardless. A can-fail finding blocks only when rows violate it; when they could not be counted it is tried (the
 * plan applies whole or not at all).
 */
export function blockersOf(classified: readonly ClassifiedStatement[], tablesWithRows: ReadonlySet<string>): Blocker[] {
  const blockers: Blocker[] = [];
  classified.forEach((statement, index) => {
    for (const finding of statement.findings) {
      if (finding.risk === 'safe') continue;
      const base = { statement: statement.sql, reason: finding.reason, ...(finding.table ? { table: finding.table } : {}) };
      if (finding.risk === 'can-fail') {
        const counted = finding.violations;
        if (counted && counted.count > 0) blockers.push({ ...base, kind: 'fails', violations: counted });
        // Not counted (a unit test, or a check these rules cannot express): judged like a data-dependent finding.
        else if (counted === undefined && (finding.table === undefined || tablesWithRows.has(finding.table)))
          blockers.push({ ...base, kind: 'loses-data', name: lossName(finding, index + 1) });
        continue;
      }
      const real = finding.risk === 'unknown' || finding.undeclared || (finding.table !== undefined && tablesWithRows.has(finding.table));
      if (real) blockers.push({ ...base, kind: 'loses-data', name: lossName(finding, index + 1) });
    }
  });
  return blockers;
}

/** Tables whose row content decides whether a destructive or data-dependent statement is real. */
export function tablesAtRisk(classified: readonly ClassifiedStatement[]): string[] {
  const tables = new Set<string>();
  for (const statement of classified) for (const finding of statement.findings) if (finding.risk !== 'safe' && finding.table) tables.add(finding.table);
  return [...tables];
}
