import { describe, expect, it } from 'vitest';
import { LVR_MAX_PERCENT } from '@monitrax/contract/snapshot';
import { monthlyEquivalent } from './frequency.ts';
import { computeSnapshot, type SnapshotInput } from './snapshot.ts';

const empty: SnapshotInput = { properties: [], loans: [], accounts: [], incomes: [], expenses: [] };

describe('monthlyEquivalent', () => {
  it.each([
    ['WEEKLY', '100', '433.33'],
    ['FORTNIGHTLY', '100', '216.67'],
    ['MONTHLY', '100', '100.00'],
    ['QUARTERLY', '300', '100.00'],
    ['ANNUAL', '1200', '100.00'],
  ] as const)('%s %s -> %s a month', (frequency, amount, monthly) => {
    expect(monthlyEquivalent(amount, frequency).toFixed(2)).toBe(monthly);
  });
});

describe('computeSnapshot', () => {
  it('is all zeros with null ratios for a new user', () => {
    const snapshot = computeSnapshot(empty);
    expect(snapshot.totals).toEqual({
      propertyValue: 0,
      loanBalance: 0,
      offsetBalance: 0,
      savingsBalance: 0,
      transactionalBalance: 0,
      creditCardBalance: 0,
      equity: 0,
      netPosition: 0,
      portfolioLvr: null,
    });
    expect(snapshot.monthly).toEqual({ income: 0, expenses: 0, loanRepayments: 0, netCashFlow: 0 });
    expect(snapshot.properties).toEqual([]);
  });

  it('computes equity, net position, LVR and cash flow for a small portfolio', () => {
    // The rows behind it: loans l1 (home, 510000, 1500 fortnightly), l2 (unit, 416000.40, 2400 monthly),
    // l3 (no property, 10000, 100 weekly); incomes 4200 fortnightly + 550 weekly; expenses 2400 a year,
    // 450 a quarter, 600 a month. The database hands over their sums per frequency.
    const snapshot = computeSnapshot({
      properties: [
        { id: 'home', name: 'Home', currentValue: '850000', securedBalance: '510000' },
        { id: 'unit', name: 'Unit', currentValue: '520000.50', securedBalance: '416000.40' },
        { id: 'land', name: 'Land', currentValue: '0', securedBalance: '0' },
      ],
      loans: [
        { frequency: 'FORTNIGHTLY', count: 1, balance: '510000', repayments: '1500' },
        { frequency: 'MONTHLY', count: 1, balance: '416000.40', repayments: '2400' },
        { frequency: 'WEEKLY', count: 1, balance: '10000', repayments: '100' },
      ],
      accounts: [
        { type: 'OFFSET', count: 1, balance: '42000' },
        { type: 'SAVINGS', count: 1, balance: '15000.25' },
        { type: 'TRANSACTIONAL', count: 1, balance: '2500' },
        { type: 'CREDIT_CARD', count: 1, balance: '-1800.75' },
      ],
      incomes: [
        { frequency: 'FORTNIGHTLY', count: 1, amount: '4200' },
        { frequency: 'WEEKLY', count: 1, amount: '550' },
      ],
      expenses: [
        { frequency: 'ANNUAL', count: 1, amount: '2400' },
        { frequency: 'QUARTERLY', count: 1, amount: '450' },
        { frequency: 'MONTHLY', count: 1, amount: '600' },
      ],
    });
    // 850000 + 520000.50 + 0 = 1370000.50; loans 936000.40
    expect(snapshot.totals.propertyValue).toBe(1370000.5);
    expect(snapshot.totals.loanBalance).toBe(936000.4);
    expect(snapshot.totals.equity).toBe(434000.1);
    // accounts: 42000 + 15000.25 + 2500 - 1800.75 = 57699.50
    expect(snapshot.totals.netPosition).toBe(491699.6);
    expect(snapshot.totals.offsetBalance).toBe(42000);
    expect(snapshot.totals.creditCardBalance).toBe(-1800.75);
    expect(snapshot.totals.portfolioLvr).toBe(68.32); // 936000.40 / 1370000.50
    expect(snapshot.properties).toEqual([
      { id: 'home', name: 'Home', currentValue: 850000, loanBalance: 510000, equity: 340000, lvr: 60 },
      { id: 'unit', name: 'Unit', currentValue: 520000.5, loanBalance: 416000.4, equity: 104000.1, lvr: 80 },
      { id: 'land', name: 'Land', currentValue: 0, loanBalance: 0, equity: 0, lvr: null },
    ]);
    // income: 4200*26/12 + 550*52/12 = 9100 + 2383.333 = 11483.33
    expect(snapshot.monthly.income).toBe(11483.33);
    // expenses: 200 + 150 + 600 = 950
    expect(snapshot.monthly.expenses).toBe(950);
    // repayments: 1500*26/12 + 2400 + 100*52/12 = 3250 + 2400 + 433.333 = 6083.33
    expect(snapshot.monthly.loanRepayments).toBe(6083.33);
    expect(snapshot.monthly.netCashFlow).toBe(4450);
    expect(snapshot.counts).toEqual({ properties: 3, loans: 3, accounts: 4, incomes: 2, expenses: 3 });
  });

  it('adds cents exactly where binary floating point would not', () => {
    const snapshot = computeSnapshot({
      ...empty,
      accounts: [
        { type: 'SAVINGS', count: 1, balance: '0.1' },
        { type: 'SAVINGS', count: 1, balance: '0.2' },
      ],
    });
    expect(snapshot.totals.savingsBalance).toBe(0.3);
  });

  it('converts a sum per frequency to the same cents as converting each amount', () => {
    // Three weekly incomes of 100.01: each is 433.3766... a month; together 1300.13.
    const grouped = computeSnapshot({ ...empty, incomes: [{ frequency: 'WEEKLY', count: 3, amount: '300.03' }] });
    expect(grouped.monthly.income).toBe(1300.13);
    expect(grouped.counts.incomes).toBe(3);
  });

  it('states an LVR up to what the history holds, and null beyond it', () => {
    const at = (currentValue: string, securedBalance: string) =>
      computeSnapshot({ ...empty, properties: [{ id: 'p', name: 'P', currentValue, securedBalance }] }).properties[0]!.lvr;
    expect(at('1000', '9999999.9')).toBe(LVR_MAX_PERCENT);
    expect(at('0.01', '100')).toBeNull(); // 1,000,000 %: a property valued at a cent says nothing
    expect(at('0.01', '99999999.99')).toBeNull();
    const portfolio = computeSnapshot({
      ...empty,
      properties: [{ id: 'p', name: 'P', currentValue: '0.01', securedBalance: '100' }],
      loans: [{ frequency: 'MONTHLY', count: 1, balance: '100', repayments: '1' }],
    });
    expect(portfolio.totals.portfolioLvr).toBeNull();
  });
});
