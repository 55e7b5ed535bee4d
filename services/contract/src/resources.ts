// What each user-owned resource accepts, as the zod schemas the API validates with: one rule per field kind
// (fields.ts), applied to the fields resource-fields.ts describes. Server-side only (zod); the web's client code
// imports resource-fields.ts.
import { z } from 'zod';
import { calendarDate, money, optionalLink, ratePercent, signedMoney, text } from './fields.ts';
import { type FieldSpec, fieldsOf, RESOURCE_KEYS, type ResourceKey } from './resource-fields.ts';

export type { InputField, ResourceKey, ResourceRow } from './resource-fields.ts';
export { isResourceKey, RESOURCE_KEYS } from './resource-fields.ts';

/** The input rule for a field of each kind. */
export function inputRule(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'text':
      return text(spec.max);
    case 'money':
      return money;
    case 'signedMoney':
      return signedMoney;
    case 'rate':
      return ratePercent;
    case 'date':
      return calendarDate;
    case 'choice':
      return z.enum(spec.values);
    case 'link':
      return optionalLink;
  }
}

/** Fields as they are created and replaced (PUT); PATCH accepts any non-empty subset. */
export const RESOURCE_INPUTS = Object.fromEntries(
  RESOURCE_KEYS.map((key) => [key, Object.fromEntries(fieldsOf(key).map(([name, spec]) => [name, inputRule(spec)]))]),
) as { readonly [K in ResourceKey]: Readonly<Record<string, z.ZodType>> };
