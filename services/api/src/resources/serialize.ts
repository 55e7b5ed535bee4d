// Database row values -> the API's JSON, by the contract's field kinds: numbers for money and rates (exact for
// numeric(14,2)), YYYY-MM-DD for dates, null for an empty link, ISO 8601 (UTC) for the timestamps.
import { type FieldKind, fieldsOf, type ResourceKey, type ResourceRow } from '@monitrax/contract/resource-fields';

/** Prisma's Decimal (or anything with toString) -> JSON number; exact for numeric(14,2) values. */
export function toNumber(value: { toString(): string }): number {
  return Number(value.toString());
}

export function toDateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

function jsonValue(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case 'money':
    case 'signedMoney':
    case 'rate':
      return toNumber(value as { toString(): string });
    case 'date':
      return toDateOnly(value as Date);
    case 'link':
      return value ?? null;
    case 'text':
    case 'choice':
      return value;
  }
}

/** A resource's database row as the API returns it: id, its fields in the contract's order, the timestamps. */
export function serializeRow<K extends ResourceKey>(key: K, row: Readonly<Record<string, unknown>>): ResourceRow<K> {
  const json: Record<string, unknown> = { id: row.id };
  for (const [name, spec] of fieldsOf(key)) json[name] = jsonValue(spec.kind, row[name]);
  json.createdAt = (row.createdAt as Date).toISOString();
  json.updatedAt = (row.updatedAt as Date).toISOString();
  return json as ResourceRow<K>;
}
