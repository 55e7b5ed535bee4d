// Options for the selects of linked rows ("Property": None + the user's properties, by the field that names each).
import 'server-only';
import { listAll } from './data';
import { type Option, RESOURCES, type ResourceDef } from './resources';

export async function linkOptionsFor(def: ResourceDef, token: string): Promise<Record<string, Option[]>> {
  const options: Record<string, Option[]> = {};
  await Promise.all(
    def.fields
      .filter((field) => field.kind === 'link' && field.linkTo)
      .map(async (field) => {
        const target = field.linkTo!;
        const { labelField } = RESOURCES[target];
        const rows = await listAll(target, token);
        options[field.name] = rows
          .map((row) => ({ value: row.id, label: String(row[labelField] ?? row.id) }))
          .sort((a, b) => a.label.localeCompare(b.label, 'en-AU'));
      }),
  );
  return options;
}
