// Whether a migration file may be applied: the same judgement as a planned push (classify, breaking, Squawk, the
// rows), with the file's markers in place of the command line's flags. At deploy the rows are the database's; in
// review (a pull request, `db:migration`) they are unknown, so whatever could lose data needs its marker, and a
// statement that can only fail is a note (the deploy counts its rows first).
import { blockersOf, type ClassifiedStatement } from '../sync/classify.ts';
import { breakingOf } from '../sync/judge.ts';
import type { MigrationFile } from './migrations.ts';

export interface MigrationVerdict {
  migration: string;
  /** Why it may not be applied as written; empty when it may. */
  refusals: string[];
  /** What it does that a reviewer should know, without stopping it. */
  notes: string[];
}

const marker = (kind: string) => `-- monitrax: ${kind}: <reason>`;

export function verdictFor(
  migration: MigrationFile,
  classified: readonly ClassifiedStatement[],
  rows: { known: true; tablesWithRows: ReadonlySet<string> } | { known: false },
  options: { breakingAllowed?: boolean } = {},
): MigrationVerdict {
  const { reasons, problems } = migration.markers;
  const refusals = problems.map((problem) => `${migration.name}: ${problem}`);
  const notes: string[] = [];

  const breaking = breakingOf(classified);
  if (breaking.length > 0) {
    if (reasons['allow-breaking']) notes.push(`breaking, allowed by its marker (${reasons['allow-breaking']}): ${breaking.join('; ')}`);
    else if (options.breakingAllowed) notes.push(`breaking, allowed here (no older release serves): ${breaking.join('; ')}`);
    else
      refusals.push(
        ...breaking.map((reason) => `${reason} (the release still serving fails on it; to accept that, mark the file: ${marker('allow-breaking')})`),
      );
  }

  const losses: string[] = [];
  if (rows.known) {
    for (const blocker of blockersOf(classified, rows.tablesWithRows)) {
      if (blocker.kind === 'fails') {
        refusals.push(`${blocker.reason}: ${blocker.violations!.count} row(s) stand in its way (no marker changes that); fix: ${blocker.violations!.fix}`);
        for (const example of blocker.violations!.examples) refusals.push(`  ${example}`);
      } else losses.push(blocker.reason);
    }
  } else {
    for (const statement of classified) {
      for (const finding of statement.findings) {
        if (finding.risk === 'can-fail') notes.push(`${finding.reason}: the deploy counts the rows in its way first`);
        else if (finding.risk !== 'safe') losses.push(finding.reason);
      }
    }
  }
  if (losses.length > 0) {
    if (reasons['accept-data-loss']) notes.push(`loses data, accepted by its marker (${reasons['accept-data-loss']}): ${losses.join('; ')}`);
    else refusals.push(...losses.map((loss) => `${loss} (loses data; to accept that, mark the file: ${marker('accept-data-loss')})`));
  }
  for (const statement of classified) {
    for (const reason of statement.breaking) if (!reason.refuses) notes.push(`breaking (warns): ${reason.reason}`);
    for (const finding of statement.lint) if (finding.level === 'warn') notes.push(`squawk ${finding.rule}: ${finding.message}`);
  }
  return { migration: migration.name, refusals, notes };
}
