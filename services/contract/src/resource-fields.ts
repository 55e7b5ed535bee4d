// The user-owned resources and their fields, as plain data: each field's kind (what it holds and how it travels),
// from which the rest is derived, never restated: the API's input schemas (resources.ts), the JSON row types, the
// API's one serializer, the web's forms, columns and formats, the hostile-input suite's valid bodies. Enum fields take
// their values from the Prisma schema (./enums.ts), so a value added there is accepted, offered and labelled with
// no other edit. No zod here: client components import this.
import { AccountType, Frequency, IncomeType, LoanType, PropertyType, RateType, RepaymentFrequency } from './enums.ts';

export const RESOURCE_KEYS = ['properties', 'loans', 'accounts', 'income', 'expenses'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/**
 * text: trimmed, 1..max characters; money: an amount >= 0 with at most 2 decimals (a JSON number in rows);
 * signedMoney: the same, may be negative; rate: a percentage 0..100 with at most 3 decimals; date: YYYY-MM-DD;
 * choice: one of an enum's values; link: the id of another of the user's rows (`to`), or null.
 */
export type FieldSpec =
  | { readonly kind: 'text'; readonly max: number }
  | { readonly kind: 'money' | 'signedMoney' | 'rate' | 'date' }
  | { readonly kind: 'choice'; readonly values: Readonly<Record<string, string>> }
  | { readonly kind: 'link'; readonly to: ResourceKey };

export type FieldKind = FieldSpec['kind'];

const text = (max: number) => ({ kind: 'text', max }) as const;
const money = { kind: 'money' } as const;
const signedMoney = { kind: 'signedMoney' } as const;
const rate = { kind: 'rate' } as const;
const date = { kind: 'date' } as const;
const choice = <Values extends Readonly<Record<string, string>>>(values: Values) => ({ kind: 'choice', values }) as const;
const link = <To extends ResourceKey>(to: To) => ({ kind: 'link', to }) as const;

/** Fields as they are created and replaced (PUT); PATCH accepts any non-empty subset. */
export const RESOURCE_FIELDS = {
  properties: { name: text(120), address: text(300), type: choice(PropertyType), purchasePrice: money, purchaseDate: date, currentValue: money },
  loans: {
    lender: text(120),
    type: choice(LoanType),
    rateType: choice(RateType),
    interestRate: rate,
    principal: money,
    currentBalance: money,
    repaymentAmount: money,
    repaymentFrequency: choice(RepaymentFrequency),
    propertyId: link('properties'),
  },
  // Balances are signed: what the account holds. A credit card owing $2,000 has balance -2000.
  accounts: { name: text(120), institution: text(120), type: choice(AccountType), balance: signedMoney, loanId: link('loans') },
  income: { source: text(120), type: choice(IncomeType), amount: money, frequency: choice(Frequency), propertyId: link('properties') },
  expenses: { payee: text(120), category: text(60), amount: money, frequency: choice(Frequency), propertyId: link('properties') },
} as const satisfies { readonly [K in ResourceKey]: Readonly<Record<string, FieldSpec>> };

type Fields<K extends ResourceKey> = (typeof RESOURCE_FIELDS)[K];

/** The field names each resource accepts. */
export type InputField<K extends ResourceKey> = keyof Fields<K> & string;

/** How a field of each kind appears in a row the API returns. */
type RowValue<Spec> = Spec extends { kind: 'text' | 'date' }
  ? string
  : Spec extends { kind: 'money' | 'signedMoney' | 'rate' }
    ? number
    : Spec extends { kind: 'choice'; values: infer Values }
      ? Values[keyof Values]
      : Spec extends { kind: 'link' }
        ? string | null
        : never;

interface Stamps {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** Rows as the API returns them: money and rates as JSON numbers, dates as YYYY-MM-DD, links as ids or null. */
export type ResourceRow<K extends ResourceKey = ResourceKey> = Stamps & { -readonly [Name in InputField<K>]: RowValue<Fields<K>[Name]> };

export function isResourceKey(key: string): key is ResourceKey {
  return (RESOURCE_KEYS as readonly string[]).includes(key);
}

/** Each field of a resource with its spec, in the order written above. */
export function fieldsOf<K extends ResourceKey>(key: K): Array<[InputField<K>, FieldSpec]> {
  return Object.entries(RESOURCE_FIELDS[key]) as Array<[InputField<K>, FieldSpec]>;
}
