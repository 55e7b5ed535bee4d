// Form data <-> API bodies for the generic resource forms. Pure and unit-tested.
// - text: trimmed (an empty one is sent, so the API answers "is required" next to the field);
// - money and rates: "$1,250.50" -> 1250.5 (a JSON number); text that is not a plain decimal is sent as
//   typed so the API's own message explains what is wrong;
// - dates: YYYY-MM-DD (what <input type=date> gives; "18/03/2017" typed by hand is converted);
// - choices: the option value; links: "" (None) -> null.
// Empty required numbers, dates and choices get "is required" here, because the API can only say
// "must be a number" about a missing field.
import { moneyInputValue } from './format';
import type { FieldDef, ResourceDef } from './resources';

export const REQUIRED_MESSAGE = 'is required';

export type FormValues = Record<string, string>;

export interface BodyResult {
  body: Record<string, unknown>;
  /** Problems found before asking the API, by field name. */
  issues: Record<string, string>;
  /** What was submitted, as text, to put back into the form when it is shown again. */
  values: FormValues;
}

type FormSource = { get(name: string): FormDataEntryValue | null } | Record<string, unknown>;

function read(source: FormSource, name: string): string {
  const raw = typeof (source as FormData).get === 'function' ? (source as FormData).get(name) : (source as Record<string, unknown>)[name];
  return typeof raw === 'string' ? raw : raw === null || raw === undefined ? '' : String(raw);
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const AU_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** "$1,250.50" -> 1250.5; "-1,800" -> -1800; "abc" -> "abc" (left for the API to refuse). */
export function toAmount(text: string): number | string {
  const compact = text
    .replace(/[\s,]/g, '')
    .replace(/^(-?)\$/, '$1')
    .replace(/^\$(-)/, '$1');
  return PLAIN_DECIMAL.test(compact) ? Number(compact) : text;
}

/** "2017-03-18" stays; "18/03/2017" -> "2017-03-18"; anything else is sent as typed. */
export function toIsoDate(text: string): string {
  const match = AU_DATE.exec(text);
  if (!match) return text;
  return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

function convert(field: FieldDef, text: string): { value?: unknown; issue?: string } {
  switch (field.kind) {
    case 'text':
      return { value: text };
    case 'money':
    case 'signedMoney':
    case 'rate':
      return text === '' ? { issue: REQUIRED_MESSAGE } : { value: toAmount(text) };
    case 'date':
      return text === '' ? { issue: REQUIRED_MESSAGE } : { value: toIsoDate(text) };
    case 'choice':
      return text === '' ? { issue: REQUIRED_MESSAGE } : { value: text };
    case 'link':
      return { value: text === '' ? null : text };
  }
}

/** Form data -> the body for POST/PUT, plus any problem already known here. Unknown form entries are ignored. */
export function formToBody(def: ResourceDef, source: FormSource): BodyResult {
  const body: Record<string, unknown> = {};
  const issues: Record<string, string> = {};
  const values: FormValues = {};
  for (const field of def.fields) {
    const text = read(source, field.name).trim();
    values[field.name] = text;
    const { value, issue } = convert(field, text);
    if (issue) issues[field.name] = issue;
    else body[field.name] = value;
  }
  return { body, issues, values };
}

/** An API row -> the text each input starts with on the edit form. */
export function valuesFromItem(def: ResourceDef, item: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of def.fields) {
    const value = item[field.name];
    if (value === null || value === undefined) values[field.name] = '';
    else if ((field.kind === 'money' || field.kind === 'signedMoney') && typeof value === 'number') values[field.name] = moneyInputValue(value);
    else values[field.name] = String(value);
  }
  return values;
}

/** What a new form starts with: choices on their first option, everything else empty (links: None). */
export function emptyValues(def: ResourceDef): FormValues {
  const values: FormValues = {};
  for (const field of def.fields) values[field.name] = field.kind === 'choice' ? (field.options?.[0]?.value ?? '') : '';
  return values;
}

/** Field errors to show: ours for empty fields, the API's for the rest; only fields the form has. */
export function mergeFieldErrors(def: ResourceDef, local: Record<string, string>, api: Readonly<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const field of def.fields) {
    const message = local[field.name] ?? api[field.name];
    if (message) merged[field.name] = message;
  }
  return merged;
}
