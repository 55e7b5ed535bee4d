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

/** A string argument, bare (`@map("x")`) or by name (`@map(name: "x")`). */
function unquoted(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/^"(.*)"$/, '$1');
  const keyed = value as { type?: string; key?: string; value?: unknown } | undefined;
  return keyed?.type === 'keyValue' && keyed.key === 'name' ? unquoted(keyed.value) : undefined;
}

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

/**
 * Prisma's implicit many-to-many tables (`_AToB`, or `_<relation name>`, columns A and B): a list relation field on
 * each side and no `fields:` on either. The client reads and writes them like any other table.
 */
function implicitJoinTables(blocks: readonly Block[], modelNames: ReadonlySet<string>): Set<string> {
  const lists: { model: string; other: string; name: string | undefined }[] = [];
  for (const block of blocks) {
    if (block.type !== 'model' || attribute(blockAttributes(block.properties), 'ignore')) continue;
    for (const property of block.properties) {
      if (property.type !== 'field') continue;
      const field = property as Field;
      const type = typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
      if (!field.array || !modelNames.has(type) || attribute(field.attributes, 'ignore')) continue;
      const relation = attribute(field.attributes, 'relation');
      const args = relation?.args ?? [];
      if (args.some((arg) => (arg.value as { type?: string; key?: string })?.key === 'fields')) continue;
      lists.push({ model: block.name, other: type, name: unquoted(args[0]?.value) });
    }
  }
  const tables = new Set<string>();
  for (const side of lists) {
    if (!lists.some((back) => back.model === side.other && back.other === side.model && back !== side)) continue;
    tables.add(`_${side.name ?? [side.model, side.other].sort().join('To')}`);
  }
  return tables;
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
  for (const table of implicitJoinTables(blocks, modelNames))
    tables.set(
      table,
      new Map([
        ['A', { required: true, filled: false }],
        ['B', { required: true, filled: false }],
      ]),
    );
  return { tables, enums };
}
