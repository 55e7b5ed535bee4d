// Step "classify" of the schema sync: what each planned statement does to existing data.
//   safe            creates things, or drops things that hold no data (indexes, constraints, types)
//   destructive     removes data: drops a table or column, removes enum values in use
//   data-dependent  may fail or change data depending on what rows exist: type changes, SET NOT NULL,
//                   new unique constraints, required columns without a default, foreign keys
//   unknown         a statement these rules do not recognise: treated as risky
// A risky statement only matters when its table has rows; planDecision() applies that.
// biome-ignore-all lint/suspicious/noAssignInExpressions: one regex match per branch reads best as `if ((match = ...))`

import type { LintFinding } from './lint.ts';

export type Risk = 'safe' | 'destructive' | 'data-dependent' | 'unknown';

/** What a statement changes, in the terms the breaking-change check (breaking.ts) judges against a client. */
export type SchemaChange =
  | { kind: 'drop-table'; table: string }
  | { kind: 'drop-column'; table: string; column: string }
  | { kind: 'add-column'; table: string; column: string; required: boolean; filled: boolean }
  | { kind: 'type-change'; table: string; column: string }
  | { kind: 'set-not-null'; table: string; column: string }
  | { kind: 'drop-default'; table: string; column: string }
  /** Prisma removes enum values by creating `<name>_new` with the values that remain and swapping it in. */
  | { kind: 'enum-replace'; enumName: string; values: string[] };

export interface Finding {
  risk: Risk;
  reason: string;
  /** The table whose rows decide whether the risk is real (undefined: no particular table). */
  table?: string;
  change?: SchemaChange;
}

export interface ClassifiedStatement {
  sql: string;
  findings: Finding[];
  /** The worst risk among the findings. */
  risk: Risk;
  /** Why the release still serving would fail on this statement (breaking.ts); empty when it would not. */
  breaking: string[];
  /** Squawk's findings on it (lint.ts): locks, rewrites, scans. */
  lint: LintFinding[];
}

const RISK_ORDER: readonly Risk[] = ['safe', 'data-dependent', 'unknown', 'destructive'];

const IDENT = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const QUALIFIED = String.raw`(?:${IDENT}\.)?(${IDENT})`;

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier.toLowerCase();
}

/** Splits "a, b (c, d), e" at top-level commas (outside parentheses and quotes). */
function splitTopLevel(text: string): string[] {
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
    if (/^(SET\s+DATA\s+)?TYPE\s+"?\w+_new"?/i.test(change)) return { risk: 'destructive', reason: `removes enum values used by ${name}`, table };
    if (/^(SET\s+DATA\s+)?TYPE\b/i.test(change))
      return { risk: 'data-dependent', reason: `changes the type of ${name} (values may not convert)`, table, change: { kind: 'type-change', table, column } };
    if (/^SET\s+NOT\s+NULL/i.test(change))
      return { risk: 'data-dependent', reason: `makes ${name} required (fails if a row has no value)`, table, change: { kind: 'set-not-null', table, column } };
    if (/^DROP\s+DEFAULT/i.test(change)) return { risk: 'safe', reason: `drops the default of ${name}`, change: { kind: 'drop-default', table, column } };
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
      return { risk: 'data-dependent', reason: `adds required column ${name} without a default (fails on existing rows)`, table, change: added };
    }
    return { risk: 'safe', reason: `adds column ${name}`, change: added };
  }
  if (/^ADD\s+CONSTRAINT\s+\S+\s+UNIQUE/i.test(action))
    return { risk: 'data-dependent', reason: `adds a unique constraint on ${table} (fails on duplicates)`, table };
  if (/^ADD\s+CONSTRAINT\s+\S+\s+FOREIGN\s+KEY/i.test(action))
    return { risk: 'data-dependent', reason: `adds a foreign key on ${table} (fails if rows do not match)`, table };
  if (/^ADD\s+CONSTRAINT\s+\S+\s+PRIMARY\s+KEY/i.test(action))
    return { risk: 'data-dependent', reason: `adds a primary key on ${table} (fails on duplicates or nulls)`, table };
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
  } else if ((match = new RegExp(`^CREATE UNIQUE INDEX (?:IF NOT EXISTS )?${IDENT} ON (?:ONLY )?${QUALIFIED}`, 'i').exec(text))) {
    const table = unquote(match[1]!);
    findings.push({ risk: 'data-dependent', reason: `adds a unique index on ${table} (fails on duplicates)`, table });
  } else if ((match = new RegExp(`^CREATE TYPE ${QUALIFIED}`, 'i').exec(text)) && /_new"?$/.test(match[1]!)) {
    const enumName = unquote(match[1]!).replace(/_new$/, '');
    const values = [...(/AS ENUM \((.*)\)/i.exec(text)?.[1] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((value) => value[1]!.replace(/''/g, "'"));
    findings.push({ risk: 'destructive', reason: `replaces enum ${enumName} to remove values`, change: { kind: 'enum-replace', enumName, values } });
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

export interface Blocker {
  statement: string;
  reason: string;
  table?: string;
}

/**
 * The findings that would lose data or may fail given which tables hold rows. A risky finding on an
 * empty (or new) table is harmless; one we do not understand blocks regardless.
 */
export function blockersOf(classified: readonly ClassifiedStatement[], tablesWithRows: ReadonlySet<string>): Blocker[] {
  const blockers: Blocker[] = [];
  for (const statement of classified) {
    for (const finding of statement.findings) {
      if (finding.risk === 'safe') continue;
      const real = finding.risk === 'unknown' || (finding.table !== undefined && tablesWithRows.has(finding.table));
      if (real) blockers.push({ statement: statement.sql, reason: finding.reason, ...(finding.table ? { table: finding.table } : {}) });
    }
  }
  return blockers;
}

/** Tables whose row content decides whether a risky statement is real. */
export function tablesAtRisk(classified: readonly ClassifiedStatement[]): string[] {
  const tables = new Set<string>();
  for (const statement of classified) for (const finding of statement.findings) if (finding.risk !== 'safe' && finding.table) tables.add(finding.table);
  return [...tables];
}
