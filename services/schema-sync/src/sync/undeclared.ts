// Tables and enums in the database that no release's schema describes and external-objects.ts does not declare:
// an older admin or import table, another service's. Prisma's plan drops whatever the schema does not describe, so
// such a drop is judged apart from the schema's own drops: it is refused whatever the table holds (an empty table
// may still be someone's), and the refusal, `--check` and `make doctor` say which lines keep it.
// "No release's schema": not in the schema of the release still serving (monitrax_ops.schema_history). Without a
// recorded release, every planned drop of a table or enum is treated so.
import type { ClassifiedStatement, Finding } from './classify.ts';
import type { ClientView } from './client-view.ts';

const DECLARATIONS = 'services/database/src/external-objects.ts';

const unquote = (name: string) => name.replace(/^"(.*)"$/, '$1').replace(/""/g, '"');

/** The enum a statement drops (not Prisma's `<name>_old` of an enum swap). */
function droppedEnum(sql: string): string | undefined {
  const match = /^\s*DROP\s+TYPE\s+(?:IF\s+EXISTS\s+)?(?:"(?:[^"]|"")+"\.)?("(?:[^"]|"")+"|\w+)/i.exec(sql);
  const name = match ? unquote(match[1]!) : undefined;
  return name && !name.endsWith('_old') ? name : undefined;
}

/** Marks the drops of tables and enums the running release does not describe: destructive, refused whatever the rows. */
export function markUndeclaredDrops(classified: readonly ClassifiedStatement[], running: ClientView | undefined): ClassifiedStatement[] {
  return classified.map((statement) => {
    const findings = statement.findings.map((finding): Finding => {
      if (finding.change?.kind === 'drop-table' && !running?.tables.has(finding.change.table)) {
        const table = finding.change.table;
        return { ...finding, undeclared: true, reason: `drops table ${table}, which no release's schema describes (not declared in ${DECLARATIONS})` };
      }
      const enumName = droppedEnum(statement.sql);
      if (enumName && !running?.enums.has(enumName)) {
        return {
          risk: 'destructive',
          reason: `drops enum ${enumName}, which no release's schema describes (not declared in ${DECLARATIONS})`,
          undeclared: true,
          table: enumName,
        };
      }
      return finding;
    });
    return findings.some((finding, index) => finding !== statement.findings[index]) ? { ...statement, findings, risk: 'destructive' } : statement;
  });
}

/** The undeclared tables and enums a plan would drop. */
export function undeclaredIn(classified: readonly ClassifiedStatement[]): { tables: string[]; enums: string[] } {
  const tables: string[] = [];
  const enums: string[] = [];
  for (const statement of classified) {
    for (const finding of statement.findings) {
      if (!finding.undeclared) continue;
      if (finding.change?.kind === 'drop-table') tables.push(finding.change.table);
      else if (finding.table) enums.push(finding.table);
    }
  }
  return { tables, enums };
}

/** The lines that keep them: what to add to external-objects.ts. */
export function declarationAdvice(
  undeclared: { tables: string[]; enums: string[] },
  schema: string,
  declared: { tables: readonly string[]; enums: readonly string[] },
): string[] {
  if (undeclared.tables.length === 0 && undeclared.enums.length === 0) return [];
  const list = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ');
  const qualified = (names: string[]) => names.map((name) => `${schema}.${name}`);
  const lines = [`To keep them, declare them in ${DECLARATIONS} (prisma.config.ts hands the lists to Prisma as its external tables and enums):`];
  if (undeclared.tables.length > 0)
    lines.push(`  export const EXTERNAL_TABLES: readonly string[] = [${list([...declared.tables, ...qualified(undeclared.tables)])}];`);
  if (undeclared.enums.length > 0)
    lines.push(`  export const EXTERNAL_ENUMS: readonly string[] = [${list([...declared.enums, ...qualified(undeclared.enums)])}];`);
  return lines;
}
