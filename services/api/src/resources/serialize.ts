// Database row values -> the API's JSON: numbers for money (exact for numeric(14,2)), YYYY-MM-DD for dates.

/** Prisma's Decimal (or anything with toString) -> JSON number; exact for numeric(14,2) values. */
export function toNumber(value: { toString(): string }): number {
  return Number(value.toString());
}

export function toDateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}
