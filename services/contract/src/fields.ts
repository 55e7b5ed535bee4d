// Field rules shared by every resource's input (the API validates with them): money, rates, dates, text, ids. Money travels as a JSON
// number or a decimal string, is checked as text (so 0.1 + 0.2 style floats with stray digits are
// refused, not silently rounded) and is stored as a PostgreSQL numeric via Prisma's Decimal.
import { z } from 'zod';

const MONEY = /^-?\d{1,12}(\.\d{1,2})?$/;
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

/** Signed amount in dollars, up to 12 digits and 2 decimal places (e.g. an account balance). */
export const signedMoney = decimalText(MONEY, 'must be an amount with at most 2 decimal places, e.g. 1250.50');

/** An amount that cannot be negative (prices, balances owed, repayments, income). */
export const money = signedMoney.refine((text) => !text.startsWith('-'), 'must not be negative');

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
