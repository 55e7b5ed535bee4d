// One description per resource drives every CRUD screen: list columns, form fields, labels and messages. What a
// field is (its kind, the values of a choice, the resource a link points at) comes from the contract's
// resource-fields.ts, which the API validates with; here only what a person reads: titles, labels, hints, which
// columns a list shows. A renamed field is a type error here, and a value added to an enum appears in the form's
// select with no edit here (labelled from its name). Plain data (no functions), so server and client components can
// both import it; only the contract's plain data and types are imported, so no validation code reaches the browser.
import { type FieldKind, fieldsOf, type InputField, RESOURCE_KEYS, type ResourceKey, type ResourceRow } from '@monitrax/contract/resource-fields';

export type { FieldKind, ResourceKey };

export interface Option {
  value: string;
  label: string;
}

export interface FieldDef<Name extends string = string> {
  name: Name;
  label: string;
  kind: FieldKind;
  options?: readonly Option[];
  /** For `link` fields: which resource the select lists. */
  linkTo?: ResourceKey;
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
  /** Plural title, e.g. "Properties" (h1 of the list, the navigation's link). */
  title: string;
  /** Singular, lower case, e.g. "property" ("Add property", "Edit property"). */
  singular: string;
  /** The field that names a row in links, buttons and dialogs ("Edit Family home"). */
  labelField: string;
  fields: readonly FieldDef[];
  columns: readonly ColumnDef[];
}

/** What a person reads about one resource's fields: a label per field (the form's order is the contract's). */
interface FieldText {
  label: string;
  hint?: string;
  autoComplete?: string;
}

/** What is written here per resource, held to the contract: every input field labelled, columns and the row's
 * label field are fields of the API's rows. */
interface ResourceText<K extends ResourceKey> {
  title: string;
  singular: string;
  labelField: keyof ResourceRow<K> & string;
  fields: { readonly [Name in InputField<K>]: FieldText };
  /** The list's columns, in order; the header is the field's label unless given. */
  columns: ReadonlyArray<InputField<K> | { field: InputField<K>; header: string }>;
}

/** "CREDIT_CARD" -> "Credit card": an enum value's label. */
export function labelFromValue(value: string): string {
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const TEXT: { readonly [K in ResourceKey]: ResourceText<K> } = {
  properties: {
    title: 'Properties',
    singular: 'property',
    labelField: 'name',
    fields: {
      name: { label: 'Name' },
      address: { label: 'Address', autoComplete: 'street-address' },
      type: { label: 'Type' },
      purchasePrice: { label: 'Purchase price' },
      purchaseDate: { label: 'Purchase date' },
      currentValue: { label: 'Current value' },
    },
    columns: ['name', 'address', 'type', 'purchasePrice', 'purchaseDate', 'currentValue'],
  },
  loans: {
    title: 'Loans',
    singular: 'loan',
    labelField: 'lender',
    fields: {
      lender: { label: 'Lender' },
      type: { label: 'Type' },
      rateType: { label: 'Rate type' },
      interestRate: { label: 'Interest rate (%)', hint: 'Per year, e.g. 6.14' },
      principal: { label: 'Principal' },
      currentBalance: { label: 'Current balance' },
      repaymentAmount: { label: 'Repayment amount' },
      repaymentFrequency: { label: 'Repayment frequency' },
      propertyId: { label: 'Property' },
    },
    columns: [
      'lender',
      'type',
      'rateType',
      { field: 'interestRate', header: 'Interest rate' },
      'currentBalance',
      { field: 'repaymentAmount', header: 'Repayment' },
      { field: 'repaymentFrequency', header: 'Frequency' },
      'propertyId',
    ],
  },
  accounts: {
    title: 'Accounts',
    singular: 'account',
    labelField: 'name',
    fields: {
      name: { label: 'Name' },
      institution: { label: 'Institution' },
      type: { label: 'Type' },
      balance: { label: 'Balance', hint: 'Negative for money owed, e.g. -1800.00 on a credit card' },
      loanId: { label: 'Loan' },
    },
    columns: ['name', 'institution', 'type', 'balance', 'loanId'],
  },
  income: {
    title: 'Income',
    singular: 'income',
    labelField: 'source',
    fields: {
      source: { label: 'Source' },
      type: { label: 'Type' },
      amount: { label: 'Amount' },
      frequency: { label: 'Frequency' },
      propertyId: { label: 'Property' },
    },
    columns: ['source', 'type', 'amount', 'frequency', 'propertyId'],
  },
  expenses: {
    title: 'Expenses',
    singular: 'expense',
    labelField: 'payee',
    fields: {
      payee: { label: 'Payee' },
      category: { label: 'Category', hint: 'What the money is for, e.g. insurance' },
      amount: { label: 'Amount' },
      frequency: { label: 'Frequency' },
      propertyId: { label: 'Property' },
    },
    columns: ['payee', 'category', 'amount', 'frequency', 'propertyId'],
  },
};

const FORMAT_OF: Record<FieldKind, ColumnFormat> = {
  text: 'text',
  money: 'money',
  signedMoney: 'money',
  rate: 'rate',
  date: 'date',
  choice: 'choice',
  link: 'link',
};

function describeResource<K extends ResourceKey>(key: K): ResourceDef {
  const text: ResourceText<K> = TEXT[key];
  const specs = new Map(fieldsOf(key));
  const fields = fieldsOf(key).map(([name, spec]): FieldDef => {
    const { label, hint, autoComplete } = text.fields[name];
    return {
      name,
      label,
      kind: spec.kind,
      ...(spec.kind === 'choice' ? { options: Object.values(spec.values).map((value) => ({ value, label: labelFromValue(value) })) } : {}),
      ...(spec.kind === 'link' ? { linkTo: spec.to } : {}),
      ...(hint ? { hint } : {}),
      ...(autoComplete ? { autoComplete } : {}),
    };
  });
  const columns = text.columns.map((column): ColumnDef => {
    const { field, header } = typeof column === 'string' ? { field: column, header: text.fields[column as InputField<K>].label } : column;
    return { field, header, format: FORMAT_OF[specs.get(field as InputField<K>)!.kind] };
  });
  return { key, path: `/${key}`, title: text.title, singular: text.singular, labelField: text.labelField, fields, columns };
}

export const RESOURCES: { readonly [K in ResourceKey]: ResourceDef } = Object.fromEntries(RESOURCE_KEYS.map((key) => [key, describeResource(key)])) as {
  readonly [K in ResourceKey]: ResourceDef;
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
