import { describe, expect, it } from 'vitest';
import { formatAUD, formatAUDCompact, formatDate, formatDateTime, formatPercent, formatRate, moneyInputValue, NO_VALUE } from './format';

describe('formatAUD', () => {
  it.each([
    [1045000, '$1,045,000.00'],
    [-1864.2, '-$1,864.20'],
    [0, '$0.00'],
    [0.1 + 0.2, '$0.30'],
    [999999999999.99, '$999,999,999,999.99'],
  ])('%d -> %s', (value, text) => {
    expect(formatAUD(value)).toBe(text);
  });
  it('never shows a negative zero', () => {
    expect(formatAUD(-0)).toBe('$0.00');
    expect(formatAUD(-0.004)).toBe('$0.00');
  });
  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY])('%s -> a dash', (value) => {
    expect(formatAUD(value)).toBe(NO_VALUE);
  });
  it('has a compact form for chart axes', () => {
    expect(formatAUDCompact(12500)).toBe('$12.5K');
    expect(formatAUDCompact(-2000)).toBe('-$2K');
  });
});

describe('formatDate', () => {
  it('formats calendar dates the Australian way without shifting the day', () => {
    expect(formatDate('2017-03-18')).toBe('18 Mar 2017');
    expect(formatDate('2024-02-29')).toBe('29 Feb 2024');
    expect(formatDate('2021-01-01')).toBe('1 Jan 2021');
  });
  it('formats timestamps by their UTC day', () => {
    expect(formatDate('2026-11-25T23:30:00.000Z')).toBe('25 Nov 2026');
  });
  it.each([null, undefined, '', 'not a date'])('%j -> a dash', (value) => {
    expect(formatDate(value)).toBe(NO_VALUE);
  });
  it('formats timestamps with time and zone', () => {
    expect(formatDateTime('2026-11-25T11:46:37.000Z')).toBe('25 Nov 2026, 11:46:37 am UTC');
    expect(formatDateTime(undefined)).toBe(NO_VALUE);
  });
});

describe('formatPercent', () => {
  it.each([
    [75, '75.00%'],
    [68.32, '68.32%'],
    [0, '0.00%'],
    [100, '100.00%'],
    [1234.5, '1,234.50%'],
  ])('%d -> %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });
  it('shows a dash for a missing ratio', () => {
    expect(formatPercent(null)).toBe(NO_VALUE);
  });
  it('keeps up to three decimals for interest rates', () => {
    expect(formatRate(6.14)).toBe('6.14%');
    expect(formatRate(5.875)).toBe('5.875%');
    expect(formatRate(6)).toBe('6.00%');
  });
});

describe('moneyInputValue', () => {
  it('gives a plain decimal an input can send back unchanged', () => {
    expect(moneyInputValue(1045000)).toBe('1045000.00');
    expect(moneyInputValue(-1864.2)).toBe('-1864.20');
    expect(moneyInputValue(null)).toBe('');
  });
});
