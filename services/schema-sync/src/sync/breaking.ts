// The `breaking` label: would the release still serving fail on this statement? On Render the schema sync runs while
// the previous release serves traffic, and it keeps serving until the new one is healthy, so a statement is judged
// against that release's Prisma client (client-view.ts: the schema it was synced with, as recorded in
// schema_history), whatever the tables hold. Rows decide data loss (classify.ts); they do not decide this.
//
// A value added to an enum is labelled too: the running client fails reading a row that holds a value it does not
// know, which happens as soon as the new release writes one while the old one still serves. Whether that refuses the
// deploy or only warns is a setting (SCHEMA_SYNC_NEW_ENUM_VALUES): it warns by default, because the window is the
// deploy's overlap and the failure is one request's, not the data's, and refusing would teach --allow-breaking,
// which lets everything through.
import type { ClientView } from './client-view.ts';
import type { BreakingReason, ClassifiedStatement, SchemaChange } from './classify.ts';

export type NewEnumValuesPolicy = 'warn' | 'refuse';
export const NEW_ENUM_VALUES_POLICIES: readonly NewEnumValuesPolicy[] = ['warn', 'refuse'];

/** Why the running release's client fails on `change`, or undefined when it does not. */
export function breakingReason(change: SchemaChange, running: ClientView): string | undefined {
  if (change.kind === 'enum-replace') {
    const removed = [...(running.enums.get(change.enumName) ?? [])].filter((value) => !change.values.includes(value));
    return removed.length > 0 ? `removes ${removed.join(', ')} from enum ${change.enumName}, which the running release reads and writes` : undefined;
  }
  if (change.kind === 'enum-add') {
    const known = running.enums.get(change.enumName);
    return known && !known.has(change.value)
      ? `adds ${change.value} to enum ${change.enumName}: the running release fails reading any row that holds it, once the new release writes one during the deploy`
      : undefined;
  }
  if (change.kind === 'set-default') return undefined;
  const columns = running.tables.get(change.table);
  if (!columns) return undefined; // a table the running release does not know is not in its way
  const name = 'column' in change ? `${change.table}.${change.column}` : change.table;
  switch (change.kind) {
    case 'drop-table':
      return `drops table ${change.table}, which the running release reads`;
    case 'drop-column':
      return columns.has(change.column) ? `drops column ${name}, which the running release reads` : undefined;
    case 'add-column':
      return change.required && !change.filled && !columns.has(change.column)
        ? `adds required column ${name} without a default, which the running release does not write: its inserts into ${change.table} fail`
        : undefined;
    case 'type-change':
      return columns.has(change.column) ? `changes the type of ${name}, which the running release reads and writes` : undefined;
    case 'drop-default': {
      const column = columns.get(change.column);
      return column?.required && column.filled ? `drops the default of ${name}, which the running release leaves to the database on insert` : undefined;
    }
    case 'set-not-null': {
      const column = columns.get(change.column);
      if (column?.required) return undefined;
      return `makes ${name} required, which the running release ${column ? 'may leave empty' : 'does not write'}`;
    }
  }
}

/**
 * The statements with their `breaking` reasons filled in from the running release's view. A default the plan drops
 * and sets again (Prisma's enum swap does) is not dropped for the running release: the plan applies in one transaction.
 */
export function labelBreaking(
  classified: readonly ClassifiedStatement[],
  running: ClientView,
  options: { newEnumValues?: NewEnumValuesPolicy } = {},
): ClassifiedStatement[] {
  const restored = new Set(
    classified.flatMap((statement) =>
      statement.findings.flatMap((finding) => (finding.change?.kind === 'set-default' ? [`${finding.change.table}.${finding.change.column}`] : [])),
    ),
  );
  return classified.map((statement) => ({
    ...statement,
    breaking: statement.findings.flatMap((finding): BreakingReason[] => {
      const change = finding.change;
      if (!change || (change.kind === 'drop-default' && restored.has(`${change.table}.${change.column}`))) return [];
      const reason = breakingReason(change, running);
      if (!reason) return [];
      return [{ reason, refuses: change.kind !== 'enum-add' || options.newEnumValues === 'refuse' }];
    }),
  }));
}

/** Printed with a refusal: how to make the same change in two releases that each run beside the other. */
export const EXPAND_CONTRACT_RECIPE = [
  'Make the change in two releases, each of which works against the schema of the other (expand, then contract):',
  '  - drop a field or model: release 1 makes the field optional and marks it @ignore (the model @@ignore), so its',
  '    client stops reading it; release 2 deletes it (db:sync still asks for --accept-data-loss if it holds data).',
  '  - rename: release 1 adds the new field (optional or with a @default) and writes both; backfill; release 2 reads',
  '    the new one and marks the old one @ignore; release 3 deletes it.',
  '  - new required field: add it with a @default (or optional first, then backfill and make it required next release).',
  '  - type change or removed enum value: add a new field (or keep the value) beside the old one, move the code over,',
  '    then remove the old one as above.',
  'Or accept errors while the previous release still serves: db:sync --allow-breaking.',
];
