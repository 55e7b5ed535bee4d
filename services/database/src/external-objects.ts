// Tables and enums in the database that prisma/schema.prisma does not own: older admin or import tables, tables
// another service keeps. Declared here, they are handed to Prisma as its externally managed tables and enums
// (prisma.config.ts: `tables.external`, `enums.external`, a Preview feature), so that neither `prisma db push`,
// `migrate diff` nor the schema sync plans to drop or change them, and the sync's drift check leaves them out.
// Names are schema-qualified, as Prisma wants them: 'public.legacy_imports'. A table may also be modelled in
// schema.prisma (to query it through the client) and still be declared here: Prisma then reads it and never
// migrates it. `make db-sync ARGS=--check` and `make doctor` list the undeclared ones with the lines to add.
// `make check` holds prisma.config.ts to these lists.

/** Tables the schema does not own, e.g. 'public.legacy_imports'. */
export const EXTERNAL_TABLES: readonly string[] = [];

/** Enums the schema does not own (the types of external tables' columns), e.g. 'public.legacy_kind'. */
export const EXTERNAL_ENUMS: readonly string[] = [];

/** The declared names that live in `schema` (unqualified), for the catalog questions asked of one schema. */
export function externalNamesIn(schema: string, declared: readonly string[]): string[] {
  return declared.flatMap((name) => {
    const dot = name.lastIndexOf('.');
    if (dot === -1) return schema === 'public' ? [name] : [];
    return name.slice(0, dot) === schema ? [name.slice(dot + 1)] : [];
  });
}
