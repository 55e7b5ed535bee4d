// What a release's Prisma client reads and writes, from its schema.prisma text: the tables of its models and the
// columns of their scalar fields, with what the client can do about a missing value; the enums with their values.
// Models and fields marked @@ignore / @ignore are left out: the client neither reads nor writes them, which is what
// lets the expand/contract recipe drop them in the next release. Names are the database's (@@map, @map).
// Parsed with @mrleebo/prisma-ast (a maintained parser of the schema language; Prisma's own is not a public API).
import { type Attribute, type Block, type Enum, type Field, getSchema, type Model } from '@mrleebo/prisma-ast';

export interface ColumnView {
  /** A required field: the client always writes a value on create. */
  required: boolean;
  /** @default or @updatedAt: the client or the database fills it in when a create leaves it out. */
  filled: boolean;
}

export interface ClientView {
  /** table -> column -> how the client uses it */
  tables: ReadonlyMap<string, ReadonlyMap<string, ColumnView>>;
  /** database enum type name -> its database values */
  enums: ReadonlyMap<string, ReadonlySet<string>>;
}

const unquoted = (value: unknown) => (typeof value === 'string' ? value.replace(/^"(.*)"$/, '$1') : undefined);

function attribute(attributes: readonly { name: string; group?: string; args?: readonly { value: unknown }[] }[] | undefined, name: string) {
  return attributes?.find((candidate) => candidate.name === name && candidate.group === undefined);
}

/** @map("x") / @@map("x"): the first argument, as a string. */
function mappedName(attributes: Parameters<typeof attribute>[0], fallback: string): string {
  return unquoted(attribute(attributes, 'map')?.args?.[0]?.value) ?? fallback;
}

function blockAttributes(properties: Model['properties'] | Enum['enumerators']) {
  return properties.filter((property): property is Attribute & { kind: 'object' } => property.type === 'attribute' && property.kind === 'object');
}

export function clientViewOf(schemaText: string): ClientView {
  const blocks: Block[] = getSchema(schemaText).list;
  const enumBlocks = blocks.filter((block): block is Enum => block.type === 'enum');
  const modelNames = new Set(blocks.filter((block) => block.type === 'model').map((block) => (block as Model).name));

  const enums = new Map<string, Set<string>>();
  for (const block of enumBlocks) {
    const values = new Set<string>();
    for (const item of block.enumerators) if (item.type === 'enumerator') values.add(mappedName(item.attributes, item.name));
    enums.set(mappedName(blockAttributes(block.enumerators), block.name), values);
  }

  const tables = new Map<string, Map<string, ColumnView>>();
  for (const block of blocks) {
    if (block.type !== 'model') continue;
    const modelAttributes = blockAttributes(block.properties);
    if (attribute(modelAttributes, 'ignore')) continue;
    const columns = new Map<string, ColumnView>();
    for (const property of block.properties) {
      if (property.type !== 'field') continue;
      const field = property as Field;
      const type = typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
      // A relation field (another model's type) is no column; its foreign key is a scalar field of its own.
      if (modelNames.has(type) || attribute(field.attributes, 'ignore')) continue;
      const filled = Boolean(attribute(field.attributes, 'default') || attribute(field.attributes, 'updatedAt'));
      columns.set(mappedName(field.attributes, field.name), { required: !field.optional, filled });
    }
    tables.set(mappedName(modelAttributes, block.name), columns);
  }
  return { tables, enums };
}
