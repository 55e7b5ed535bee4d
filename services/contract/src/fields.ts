// Field rules shared by every resource's input (the API validates with them): money, rates, dates, text, ids. Money travels as a JSON
// number or a decimal string, is checked as text (so 0.1 + 0.2 style floats with stray digits are
// refused, not silently rounded) and is stored as a PostgreSQL numeric via Prisma's Decimal.
import { z } from 'zod';

const MONEY = /^-?\d{1,20}(\.\d{1,2})?$/;
const RATE = /^\d{1,3}(\.\d{1,3})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function decimalText(pattern: RegExp, message: string) {
  return z.union([z.number(), z.string()], { error: 'must be a number' }).transform((value, ctx) => {
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
    if (!pattern.test(text)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return text;
  });
}

/**
 * The largest amount one field holds: 8 digits before the point, 99,999,999.99 dollars. Chosen so that every sum
 * built from one user's rows fits the portfolio history's numeric(14,2) columns and stays exact to the cent as a JSON
 * number: with the default of DEFAULT_MAX_ROWS_PER_RESOURCE rows per resource, a month of weekly expenses and weekly
 * repayments (x 52 / 12 each), or property and account values less loans, stays below 10^12 (the worker's
 * history-bounds test holds the arithmetic to the schema). A stray digit in a form is refused with this bound; what a
 * raised row limit could still overflow, the snapshot job isolates to that one user.
 */
export const MONEY_MAX_DIGITS = 8;
export const MONEY_MAX = 10 ** MONEY_MAX_DIGITS - 0.01;
const MONEY_MAX_TEXT = new Intl.NumberFormat('en-AU', { minimumFractionDigits: 2 }).format(MONEY_MAX);

/** Most rows of one resource one user may hold unless the API's MAX_ROWS_PER_RESOURCE says otherwise. */
export const DEFAULT_MAX_ROWS_PER_RESOURCE = 1_000;

const integerDigits = (text: string) =>
  text
    .replace(/^-/, '')
    .split('.')[0]!
    .replace(/^0+(?=\d)/, '').length;

/** Signed amount in dollars, within +-MONEY_MAX, with at most 2 decimal places (e.g. an account balance). */
export const signedMoney = decimalText(MONEY, 'must be an amount with at most 2 decimal places, e.g. 1250.50').refine(
  (text) => integerDigits(text) <= MONEY_MAX_DIGITS,
  `must be between -${MONEY_MAX_TEXT} and ${MONEY_MAX_TEXT}`,
);

/** An amount from 0 to MONEY_MAX (prices, balances owed, repayments, income). */
export const money = decimalText(MONEY, 'must be an amount with at most 2 decimal places, e.g. 1250.50')
  .refine((text) => !text.startsWith('-'), { message: 'must not be negative', abort: true })
  .refine((text) => integerDigits(text) <= MONEY_MAX_DIGITS, `must be at most ${MONEY_MAX_TEXT}`);

/** Interest rate as a percentage per annum, 0 to 100, up to 3 decimal places (e.g. 6.19). */
export const ratePercent = decimalText(RATE, 'must be a percentage with at most 3 decimal places, e.g. 6.19').refine(
  (text) => Number(text) <= 100,
  'must be at most 100',
);

/** A calendar date as YYYY-MM-DD, checked to exist (no 2025-02-30). */
export const calendarDate = z.string({ error: 'must be a date as YYYY-MM-DD' }).transform((text, ctx) => {
  const match = ISO_DATE.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== text || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2100) {
    ctx.addIssue({ code: 'custom', message: 'must be a real date between 1900-01-01 and 2100-12-31, as YYYY-MM-DD' });
    return z.NEVER;
  }
  return date;
});

export const text = (max: number) => z.string({ error: 'must be text' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const uuid = z.uuid({ error: 'must be an id (UUID)' });

/** An optional link to another of the user's rows; null unlinks it. */
export const optionalLink = uuid.nullable().optional();
