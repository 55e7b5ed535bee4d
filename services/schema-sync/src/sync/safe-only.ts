// --safe-only: which of a plan's statements go ahead when only safe ones may (a rollback's deploy), and which stay
// pending for a person. A statement is held back when the running release would fail on it (breaking), Squawk
// refuses it, or it could lose data or fail on the rows there are (blockersOf: a data-dependent statement on an
// empty or new table goes ahead). Then whatever depends on a held statement is held too, until nothing changes:
// every statement of its unit (Prisma's BEGIN ... COMMIT around an enum swap never runs in part), every other
// statement on the same table (a DROP CONSTRAINT whose re-creation waits, an index on a column not added), and every
// DROP INDEX (its table is not in the statement, and a rollback never needs one).
import { blockersOf, targetTable, type ClassifiedStatement } from './classify.ts';
import type { SchemaPlan } from './plan.ts';

export interface SafeOnlySplit {
  apply: string[];
  pending: string[];
}

function heldOnItsOwn(statement: ClassifiedStatement, tablesWithRows: ReadonlySet<string>): boolean {
  return statement.breaking.length > 0 || statement.lint.some((finding) => finding.level === 'refuse') || blockersOf([statement], tablesWithRows).length > 0;
}

export function safeOnlySplit(plan: SchemaPlan, classified: readonly ClassifiedStatement[], tablesWithRows: ReadonlySet<string>): SafeOnlySplit {
  const tables = plan.statements.map(targetTable);
  const held = new Set(plan.statements.flatMap((_, index) => (heldOnItsOwn(classified[index]!, tablesWithRows) ? [index] : [])));
  for (let grew = held.size > 0; grew; ) {
    grew = false;
    const heldUnits = new Set([...held].map((index) => plan.units[index]));
    const heldTables = new Set([...held].flatMap((index) => (tables[index] ? [tables[index]] : [])));
    plan.statements.forEach((statement, index) => {
      if (held.has(index)) return;
      const table = tables[index];
      if (heldUnits.has(plan.units[index]) || (table !== undefined && heldTables.has(table)) || /^DROP INDEX\b/i.test(statement.trim())) {
        held.add(index);
        grew = true;
      }
    });
  }
  const split: SafeOnlySplit = { apply: [], pending: [] };
  plan.statements.forEach((statement, index) => {
    (held.has(index) ? split.pending : split.apply).push(statement);
  });
  return split;
}
