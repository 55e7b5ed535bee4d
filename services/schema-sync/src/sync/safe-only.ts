// --safe-only: which of a plan's statements go ahead when only safe ones may (a rollback's deploy), and which stay
// pending for a person. A statement is held back when the running release would fail on it (breaking, refusing),
// Squawk refuses it, or it would lose data or fail on the rows there are (blockersOf: a data-dependent statement on
// an empty or new table goes ahead). Then whatever depends on a held statement is held too, until nothing changes:
// every statement of its unit (Prisma's BEGIN ... COMMIT around an enum swap never runs in part), every statement on
// the same table that names something the held one names (a DROP CONSTRAINT whose re-creation waits, an index on a
// column not added), every statement that refers to the held one's table (a foreign key to a key not yet made), and
// every DROP INDEX (its table is not in the statement, and a rollback never needs one).
//
// The plan is judged action by action: Prisma writes one ALTER TABLE with several actions for a table
// (`DROP COLUMN "note", ADD COLUMN "label" TEXT`), and a rollback must be able to add the one while the other waits.
import { blockersOf, splitTopLevel, targetTable, type ClassifiedStatement } from './classify.ts';
import type { SchemaPlan } from './plan.ts';

export interface SafeOnlySplit {
  apply: string[];
  pending: string[];
}

/**
 * The plan with each multi-action ALTER TABLE written as one statement per action. A piece keeps its statement's
 * unit when that unit holds other statements (Prisma's BEGIN ... COMMIT); otherwise each piece is a unit of its own.
 */
export function splitActions(plan: SchemaPlan): SchemaPlan {
  const statements: string[] = [];
  const units: number[] = [];
  let nextUnit = Math.max(-1, ...plan.units) + 1;
  plan.statements.forEach((statement, index) => {
    const unit = plan.units[index]!;
    const head = /^\s*(ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:"(?:[^"]|"")+"\.)?"(?:[^"]|"")+")\s+/is.exec(statement);
    const actions = head ? splitTopLevel(statement.slice(head[0].length)) : [];
    if (!head || actions.length < 2) {
      statements.push(statement);
      units.push(unit);
      return;
    }
    const shared = plan.units.filter((other) => other === unit).length > 1;
    for (const action of actions) {
      statements.push(`${head[1]} ${action}`);
      units.push(shared ? unit : nextUnit++);
    }
  });
  return { ...plan, statements, units };
}

/** The quoted names a statement mentions (Prisma quotes every identifier). */
function namesIn(statement: string): Set<string> {
  return new Set([...statement.matchAll(/"((?:[^"]|"")+)"/g)].map((match) => match[1]!.replace(/""/g, '"')));
}

function heldOnItsOwn(statement: ClassifiedStatement, tablesWithRows: ReadonlySet<string>): boolean {
  return (
    statement.breaking.some((reason) => reason.refuses) ||
    statement.lint.some((finding) => finding.level === 'refuse') ||
    blockersOf([statement], tablesWithRows).length > 0
  );
}

export function safeOnlySplit(plan: SchemaPlan, classified: readonly ClassifiedStatement[], tablesWithRows: ReadonlySet<string>): SafeOnlySplit {
  const tables = plan.statements.map(targetTable);
  const names = plan.statements.map((statement, index) => {
    const found = namesIn(statement);
    const table = tables[index];
    if (table) found.delete(table);
    return found;
  });
  const dependsOn = (index: number, heldIndex: number) => {
    const table = tables[index];
    const heldTable = tables[heldIndex];
    if (heldTable !== undefined && table !== heldTable && names[index]!.has(heldTable)) return true;
    if (table === undefined || table !== heldTable) return false;
    for (const name of names[index]!) if (names[heldIndex]!.has(name)) return true;
    return false;
  };
  const held = new Set(plan.statements.flatMap((_, index) => (heldOnItsOwn(classified[index]!, tablesWithRows) ? [index] : [])));
  for (let grew = held.size > 0; grew; ) {
    grew = false;
    const heldUnits = new Set([...held].map((index) => plan.units[index]));
    plan.statements.forEach((statement, index) => {
      if (held.has(index)) return;
      if (heldUnits.has(plan.units[index]) || /^DROP INDEX\b/i.test(statement.trim()) || [...held].some((heldIndex) => dependsOn(index, heldIndex))) {
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
