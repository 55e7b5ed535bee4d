// --safe-only: which of a plan's statements go ahead when only safe ones may (a rollback's deploy), and which stay
// pending for a person. A statement goes only when it is safe and not breaking, and only with every statement of its
// unit (Prisma's BEGIN ... COMMIT around an enum swap must never run in part).
import type { ClassifiedStatement } from './classify.ts';
import type { SchemaPlan } from './plan.ts';

export interface SafeOnlySplit {
  apply: string[];
  pending: string[];
}

/** Units (statements Prisma runs in one transaction) whose every statement is safe and not breaking, and the rest. */
export function safeOnlySplit(plan: SchemaPlan, classified: readonly ClassifiedStatement[]): SafeOnlySplit {
  const unsafeUnits = new Set(
    plan.units.filter(
      (_, index) =>
        classified[index]!.risk !== 'safe' || classified[index]!.breaking.length > 0 || classified[index]!.lint.some((finding) => finding.level === 'refuse'),
    ),
  );
  const split: SafeOnlySplit = { apply: [], pending: [] };
  plan.statements.forEach((statement, index) => {
    (unsafeUnits.has(plan.units[index]!) ? split.pending : split.apply).push(statement);
  });
  return split;
}
