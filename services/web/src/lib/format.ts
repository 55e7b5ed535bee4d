// Display formatting for people in Australia: money in AUD, dates like "18 Mar 2017", percentages with
// two decimals. Pure functions, shared by server components and the chart (client).

/** Shown where a value does not exist (e.g. the LVR of a property worth $0). */
export const NO_VALUE = '—';

const aud = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' });
const audCompact = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD', notation: 'compact', maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-AU', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Rounds to cents and turns -0 into 0, so "-$0.00" never shows. */
function cents(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** 1045000 -> "$1,045,000.00"; -1864.2 -> "-$1,864.20"; null -> "—". */
export function formatAUD(value: number | null | undefined): string {
  return isNumber(value) ? aud.format(cents(value)) : NO_VALUE;
}

/** Short axis labels for charts: 12500 -> "$12.5K". */
export function formatAUDCompact(value: number | null | undefined): string {
  return isNumber(value) ? audCompact.format(cents(value)) : NO_VALUE;
}

/** A calendar date ("2017-03-18") or an ISO timestamp -> "18 Mar 2017". Calendar dates never shift by time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return NO_VALUE;
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(value);
  return Number.isNaN(date.getTime()) ? NO_VALUE : dateFormat.format(date);
}

/** An ISO timestamp -> "25 Nov 2026, 11:46:37 am UTC". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return NO_VALUE;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? NO_VALUE : `${dateTimeFormat.format(date)} UTC`;
}

/** A percentage that is already in percent units: 75 -> "75.00%"; null -> "—". */
export function formatPercent(value: number | null | undefined, decimals: { min?: number; max?: number } = {}): string {
  if (!isNumber(value)) return NO_VALUE;
  const min = decimals.min ?? 2;
  const max = Math.max(min, decimals.max ?? 2);
  const number = new Intl.NumberFormat('en-AU', { minimumFractionDigits: min, maximumFractionDigits: max });
  return `${number.format(Object.is(value, -0) ? 0 : value)}%`;
}

/** Interest rates keep up to 3 decimals (the API accepts 5.875): 6.14 -> "6.14%", 5.875 -> "5.875%". */
export function formatRate(value: number | null | undefined): string {
  return formatPercent(value, { min: 2, max: 3 });
}

/** Money for an edit form's input: 1045000 -> "1045000.00" (no symbol or grouping, so it round-trips). */
export function moneyInputValue(value: number | null | undefined): string {
  return isNumber(value) ? cents(value).toFixed(2) : '';
}
