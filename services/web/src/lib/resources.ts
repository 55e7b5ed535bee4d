// One description per resource drives every CRUD screen: list columns, form fields, labels and messages.
// Field names and choice values come from the contract (@monitrax/contract), which takes them from the API's
// input schemas and prisma/schema.prisma: a renamed field is a type error here, and a value added to an enum
// appears in the form's select with no edit here (labelled from its name until a label is written).
// Plain data (no functions), so server and client components can both import it; only the contract's enums
// (plain objects) and types are imported, so no validation code reaches the browser.
import { AccountType, Frequency, IncomeType, LoanType, PropertyType, RateType, RepaymentFrequency } from '@monitrax/contract/enums';
import type { InputField, ResourceKey, ResourceRow } from '@monitrax/contract/resources';

export type { ResourceKey };

export interface Option {
  value: string;
  label: string;
}

/** text: trimmed string; money: >= 0 amount; signedMoney: amount that may be negative; rate: percent;
 * date: YYYY-MM-DD; choice: one of `options`; link: another of the user's rows or none (null). */
export type FieldKind = 'text' | 'money' | 'signedMoney' | 'rate' | 'date' | 'choice' | 'link';

export interface FieldDef<Name extends string = string> {
  name: Name;
  label: string;
  kind: FieldKind;
  options?: readonly Option[];
  /** For `link` fields: which resource the select lists. */
  linkTo?: 'properties' | 'loans';
  hint?: string;
  autoComplete?: string;
}

export type ColumnFormat = 'text' | 'money' | 'rate' | 'date' | 'choice' | 'link';

export interface ColumnDef<Field extends string = string> {
  header: string;
  field: Field;
  format: ColumnFormat;
}

/** What the screens read: any resource's description. */
export interface ResourceDef {
  key: ResourceKey;
  path: `/${ResourceKey}`;
  /** Plural title, e.g. "Properties" (h1 of the list). */
  title: string;
  /** Singular, lower case, e.g. "property" ("Add property", "Edit property"). */
  singular: string;
  /** The field that names a row in links, buttons and dialogs ("Edit Family home"). */
  labelField: string;
  fields: readonly FieldDef[];
  columns: readonly ColumnDef[];
}

/** One resource's description as written below, held to the contract: its fields are the API's input fields
 * (each once: resources.test.ts), its columns and label are fields of the API's rows. */
interface ResourceDefOf<K extends ResourceKey> extends ResourceDef {
  key: K;
  path: `/${K}`;
  labelField: keyof ResourceRow<K> & string;
  fields: readonly FieldDef<InputField<K>>[];
  columns: readonly ColumnDef<keyof ResourceRow<K> & string>[];
}

/** "CREDIT_CARD" -> "Credit card": the label of an enum value nobody has labelled yet. */
export function labelFromValue(value: string): string {
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An enum's values (the schema's, in its order) as options; `labels` may only name values that exist. */
function choices<Values extends Record<string, string>>(values: Values, labels: Partial<Record<Values[keyof Values], string>>): readonly Option[] {
  return Object.values(values).map((value) => ({ value, label: labels[value as Values[keyof Values]] ?? labelFromValue(value) }));
}

const PROPERTY_TYPES = choices(PropertyType, { HOME: 'Home', INVESTMENT: 'Investment' });
const LOAN_TYPES = choices(LoanType, { HOME: 'Home', INVESTMENT: 'Investment' });
const RATE_TYPES = choices(RateType, { VARIABLE: 'Variable', FIXED: 'Fixed' });
const REPAYMENT_FREQUENCIES = choices(RepaymentFrequency, { WEEKLY: 'Weekly', FORTNIGHTLY: 'Fortnightly', MONTHLY: 'Monthly' });
const FREQUENCIES = choices(Frequency, { WEEKLY: 'Weekly', FORTNIGHTLY: 'Fortnightly', MONTHLY: 'Monthly', QUARTERLY: 'Quarterly', ANNUAL: 'Annual' });
const ACCOUNT_TYPES = choices(AccountType, { OFFSET: 'Offset', SAVINGS: 'Savings', TRANSACTIONAL: 'Transactional', CREDIT_CARD: 'Credit card' });
const INCOME_TYPES = choices(IncomeType, { SALARY: 'Salary', RENTAL: 'Rental', INVESTMENT: 'Investment', OTHER: 'Other' });

const propertyLink = { name: 'propertyId', label: 'Property', kind: 'link', linkTo: 'properties' } as const satisfies FieldDef;

export const RESOURCES: { readonly [K in ResourceKey]: ResourceDefOf<K> } = {
  properties: {
    key: 'properties',
    path: '/properties',
    title: 'Properties',
    singular: 'property',
    labelField: 'name',
    fields: [
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'address', label: 'Address', kind: 'text', autoComplete: 'street-address' },
      { name: 'type', label: 'Type', kind: 'choice', options: PROPERTY_TYPES },
      { name: 'purchasePrice', label: 'Purchase price', kind: 'money' },
      { name: 'purchaseDate', label: 'Purchase date', kind: 'date' },
      { name: 'currentValue', label: 'Current value', kind: 'money' },
    ],
    columns: [
      { header: 'Name', field: 'name', format: 'text' },
      { header: 'Address', field: 'address', format: 'text' },
      { header: 'Type', field: 'type', format: 'choice' },
      { header: 'Purchase price', field: 'purchasePrice', format: 'money' },
      { header: 'Purchase date', field: 'purchaseDate', format: 'date' },
      { header: 'Current value', field: 'currentValue', format: 'money' },
    ],
  },
  loans: {
    key: 'loans',
    path: '/loans',
    title: 'Loans',
    singular: 'loan',
    labelField: 'lender',
    fields: [
      { name: 'lender', label: 'Lender', kind: 'text' },
      { name: 'type', label: 'Type', kind: 'choice', options: LOAN_TYPES },
      { name: 'rateType', label: 'Rate type', kind: 'choice', options: RATE_TYPES },
      { name: 'interestRate', label: 'Interest rate (%)', kind: 'rate', hint: 'Per year, e.g. 6.14' },
      { name: 'principal', label: 'Principal', kind: 'money' },
      { name: 'currentBalance', label: 'Current balance', kind: 'money' },
      { name: 'repaymentAmount', label: 'Repayment amount', kind: 'money' },
      { name: 'repaymentFrequency', label: 'Repayment frequency', kind: 'choice', options: REPAYMENT_FREQUENCIES },
      propertyLink,
    ],
    columns: [
      { header: 'Lender', field: 'lender', format: 'text' },
      { header: 'Type', field: 'type', format: 'choice' },
      { header: 'Rate type', field: 'rateType', format: 'choice' },
      { header: 'Interest rate', field: 'interestRate', format: 'rate' },
      { header: 'Current balance', field: 'currentBalance', format: 'money' },
      { header: 'Repayment', field: 'repaymentAmount', format: 'money' },
      { header: 'Frequency', field: 'repaymentFrequency', format: 'choice' },
      { header: 'Property', field: 'propertyId', format: 'link' },
    ],
  },
  accounts: {
    key: 'accounts',
    path: '/accounts',
    title: 'Accounts',
    singular: 'account',
    labelField: 'name',
    fields: [
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'institution', label: 'Institution', kind: 'text' },
      { name: 'type', label: 'Type', kind: 'choice', options: ACCOUNT_TYPES },
      { name: 'balance', label: 'Balance', kind: 'signedMoney', hint: 'Negative for money owed, e.g. -1800.00 on a credit card' },
      { name: 'loanId', label: 'Loan', kind: 'link', linkTo: 'loans' },
    ],
    columns: [
      { header: 'Name', field: 'name', format: 'text' },
      { header: 'Institution', field: 'institution', format: 'text' },
      { header: 'Type', field: 'type', format: 'choice' },
      { header: 'Balance', field: 'balance', format: 'money' },
      { header: 'Loan', field: 'loanId', format: 'link' },
    ],
  },
  income: {
    key: 'income',
    path: '/income',
    title: 'Income',
    singular: 'income',
    labelField: 'source',
    fields: [
      { name: 'source', label: 'Source', kind: 'text' },
      { name: 'type', label: 'Type', kind: 'choice', options: INCOME_TYPES },
      { name: 'amount', label: 'Amount', kind: 'money' },
      { name: 'frequency', label: 'Frequency', kind: 'choice', options: FREQUENCIES },
      propertyLink,
    ],
    columns: [
      { header: 'Source', field: 'source', format: 'text' },
      { header: 'Type', field: 'type', format: 'choice' },
      { header: 'Amount', field: 'amount', format: 'money' },
      { header: 'Frequency', field: 'frequency', format: 'choice' },
      { header: 'Property', field: 'propertyId', format: 'link' },
    ],
  },
  expenses: {
    key: 'expenses',
    path: '/expenses',
    title: 'Expenses',
    singular: 'expense',
    labelField: 'payee',
    fields: [
      { name: 'payee', label: 'Payee', kind: 'text' },
      { name: 'category', label: 'Category', kind: 'text', hint: 'What the money is for, e.g. insurance' },
      { name: 'amount', label: 'Amount', kind: 'money' },
      { name: 'frequency', label: 'Frequency', kind: 'choice', options: FREQUENCIES },
      propertyLink,
    ],
    columns: [
      { header: 'Payee', field: 'payee', format: 'text' },
      { header: 'Category', field: 'category', format: 'text' },
      { header: 'Amount', field: 'amount', format: 'money' },
      { header: 'Frequency', field: 'frequency', format: 'choice' },
      { header: 'Property', field: 'propertyId', format: 'link' },
    ],
  },
};

export function resourceFor(key: string): ResourceDef | undefined {
  return Object.hasOwn(RESOURCES, key) ? RESOURCES[key as ResourceKey] : undefined;
}

/** "property" -> "Property" (for "Property saved"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The row's name for links, buttons and dialogs ("Family home"); falls back to the singular. */
export function itemLabel(def: ResourceDef, item: Record<string, unknown>): string {
  const value = item[def.labelField];
  return typeof value === 'string' && value.trim() ? value : def.singular;
}

export function fieldByName(def: ResourceDef, name: string): FieldDef | undefined {
  return def.fields.find((field) => field.name === name);
}

export function optionLabel(def: ResourceDef, fieldName: string, value: unknown): string | undefined {
  return fieldByName(def, fieldName)?.options?.find((option) => option.value === value)?.label;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
