// The user-owned resources: what each accepts (zod shapes the API validates with and the web's forms follow)
// and what each returns (the JSON row types the web renders). Enum fields take their values from the Prisma
// schema (./enums.ts), so a value added there is accepted here, and offered by the web's forms, with no other edit.
import { z } from 'zod';
import { AccountType, Frequency, IncomeType, LoanType, PropertyType, RateType, RepaymentFrequency } from './enums.ts';
import { calendarDate, money, optionalLink, ratePercent, signedMoney, text } from './fields.ts';

export const RESOURCE_KEYS = ['properties', 'loans', 'accounts', 'income', 'expenses'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/** Fields as they are created and replaced (PUT); PATCH accepts any non-empty subset. */
export const RESOURCE_INPUTS = {
  properties: {
    name: text(120),
    address: text(300),
    type: z.enum(PropertyType),
    purchasePrice: money,
    purchaseDate: calendarDate,
    currentValue: money,
  },
  loans: {
    lender: text(120),
    type: z.enum(LoanType),
    rateType: z.enum(RateType),
    interestRate: ratePercent,
    principal: money,
    currentBalance: money,
    repaymentAmount: money,
    repaymentFrequency: z.enum(RepaymentFrequency),
    propertyId: optionalLink,
  },
  // Balances are signed: what the account holds. A credit card owing $2,000 has balance -2000.
  accounts: {
    name: text(120),
    institution: text(120),
    type: z.enum(AccountType),
    balance: signedMoney,
    loanId: optionalLink,
  },
  income: {
    source: text(120),
    type: z.enum(IncomeType),
    amount: money,
    frequency: z.enum(Frequency),
    propertyId: optionalLink,
  },
  expenses: {
    payee: text(120),
    category: text(60),
    amount: money,
    frequency: z.enum(Frequency),
    propertyId: optionalLink,
  },
} as const satisfies Record<ResourceKey, z.ZodRawShape>;

/** The field names each resource accepts. */
export type InputField<K extends ResourceKey> = keyof (typeof RESOURCE_INPUTS)[K] & string;

interface Stamps {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** Rows as the API returns them: money and rates as JSON numbers, dates as YYYY-MM-DD, links as ids or null. */
export interface ResourceRows {
  properties: Stamps & { name: string; address: string; type: PropertyType; purchasePrice: number; purchaseDate: string; currentValue: number };
  loans: Stamps & {
    lender: string;
    type: LoanType;
    rateType: RateType;
    interestRate: number;
    principal: number;
    currentBalance: number;
    repaymentAmount: number;
    repaymentFrequency: RepaymentFrequency;
    propertyId: string | null;
  };
  accounts: Stamps & { name: string; institution: string; type: AccountType; balance: number; loanId: string | null };
  income: Stamps & { source: string; type: IncomeType; amount: number; frequency: Frequency; propertyId: string | null };
  expenses: Stamps & { payee: string; category: string; amount: number; frequency: Frequency; propertyId: string | null };
}

export type ResourceRow<K extends ResourceKey = ResourceKey> = ResourceRows[K];

export function isResourceKey(key: string): key is ResourceKey {
  return (RESOURCE_KEYS as readonly string[]).includes(key);
}
