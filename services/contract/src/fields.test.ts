import { describe, expect, it } from 'vitest';
import { calendarDate, MONEY_MAX, money, ratePercent, signedMoney } from './fields.ts';

describe('money', () => {
  it.each([
    [1250.5, '1250.5'],
    ['1250.50', '1250.50'],
    [0, '0'],
    ['99999999.99', '99999999.99'],
    [MONEY_MAX, '99999999.99'],
    ['00099999999.99', '00099999999.99'],
  ])('accepts %j', (input, stored) => {
    expect(money.parse(input)).toBe(stored);
  });
  it.each([
    [-1],
    ['-0.01'],
    [0.1 + 0.2],
    [1e21],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['12,000'],
    ['1e5'],
    [''],
    [true],
    [null],
    ['1000000000000'],
    ['100000000'],
    ['999999999999.99'],
  ])('refuses %j', (input) => {
    expect(money.safeParse(input).success).toBe(false);
  });
  it('allows negative balances where they mean something', () => {
    expect(signedMoney.parse(-1800.75)).toBe('-1800.75');
    expect(signedMoney.parse(-MONEY_MAX)).toBe('-99999999.99');
  });
  it('says the bound when an amount is beyond it, and only that', () => {
    const messages = (schema: typeof money, input: unknown) => schema.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(messages(money, 100000000)).toEqual(['must be at most 99,999,999.99']);
    expect(messages(money, '-100000000')).toEqual(['must not be negative']);
    expect(messages(signedMoney, -100000000)).toEqual(['must be between -99,999,999.99 and 99,999,999.99']);
    expect(messages(money, '1.234')).toEqual(['must be an amount with at most 2 decimal places, e.g. 1250.50']);
  });
});

describe('ratePercent', () => {
  it('accepts rates up to 100 with 3 decimals and refuses the rest', () => {
    expect(ratePercent.parse(6.19)).toBe('6.19');
    expect(ratePercent.parse('5.875')).toBe('5.875');
    expect(ratePercent.safeParse(100.5).success).toBe(false);
    expect(ratePercent.safeParse(-1).success).toBe(false);
    expect(ratePercent.safeParse('6.1234').success).toBe(false);
  });
});

describe('calendarDate', () => {
  it('accepts real dates', () => {
    expect(calendarDate.parse('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
  it.each(['2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', '1899-12-31', '2024-01-01T00:00:00Z', 'yesterday'])('refuses %s', (input) => {
    expect(calendarDate.safeParse(input).success).toBe(false);
  });
});
