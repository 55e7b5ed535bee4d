// The portfolio snapshot: pure arithmetic over a user's rows, in decimal (never binary floating point),
// rounded to cents only at the end. Definitions:
// - equity = property value - loan balances
// - netPosition = property value + account balances (signed; credit cards are negative) - loan balances
// - LVR per property = balance of loans secured on it / its current value, as a percentage
// - monthly figures normalise each frequency (weekly x 52 / 12, fortnightly x 26 / 12, ...)
import { Decimal } from 'decimal.js';
import { monthlyEquivalent, type Frequency } from './frequency.ts';

type Amount = Decimal.Value | { toString(): string };

export interface SnapshotInput {
  properties: ReadonlyArray<{ id: string; name: string; currentValue: Amount }>;
  loans: ReadonlyArray<{ id: string; propertyId: string | null; currentBalance: Amount; repaymentAmount: Amount; repaymentFrequency: Frequency }>;
  accounts: ReadonlyArray<{ type: 'OFFSET' | 'SAVINGS' | 'TRANSACTIONAL' | 'CREDIT_CARD'; balance: Amount; loanId: string | null }>;
  incomes: ReadonlyArray<{ amount: Amount; frequency: Frequency }>;
  expenses: ReadonlyArray<{ amount: Amount; frequency: Frequency }>;
}

export interface PropertyPosition {
  id: string;
  name: string;
  currentValue: number;
  loanBalance: number;
  equity: number;
  /** Loan-to-value ratio in percent (2 dp); null when the property has no value to divide by. */
  lvr: number | null;
}

export interface Snapshot {
  totals: {
    propertyValue: number;
    loanBalance: number;
    offsetBalance: number;
    savingsBalance: number;
    transactionalBalance: number;
    creditCardBalance: number;
    equity: number;
    netPosition: number;
    /** All loans over all property value, percent (2 dp); null without property value. */
    portfolioLvr: number | null;
  };
  monthly: {
    income: number;
    expenses: number;
    loanRepayments: number;
    /** income - expenses - loan repayments */
    netCashFlow: number;
  };
  properties: PropertyPosition[];
  counts: { properties: number; loans: number; accounts: number; incomes: number; expenses: number };
}

const dec = (value: Amount) => new Decimal(value.toString());
const sum = (values: Iterable<Decimal>) => [...values].reduce((total, value) => total.plus(value), new Decimal(0));
const cents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
const percent = (part: Decimal, whole: Decimal) => (whole.isZero() ? null : cents(part.dividedBy(whole).times(100)));

export function computeSnapshot(input: SnapshotInput): Snapshot {
  const propertyValue = sum(input.properties.map((property) => dec(property.currentValue)));
  const loanBalance = sum(input.loans.map((loan) => dec(loan.currentBalance)));
  const balanceOf = (type: SnapshotInput['accounts'][number]['type']) =>
    sum(input.accounts.filter((account) => account.type === type).map((account) => dec(account.balance)));
  const accountsTotal = sum(input.accounts.map((account) => dec(account.balance)));

  const monthlyIncome = sum(input.incomes.map((item) => monthlyEquivalent(dec(item.amount), item.frequency)));
  const monthlyExpenses = sum(input.expenses.map((item) => monthlyEquivalent(dec(item.amount), item.frequency)));
  const monthlyRepayments = sum(input.loans.map((loan) => monthlyEquivalent(dec(loan.repaymentAmount), loan.repaymentFrequency)));

  const properties = input.properties.map((property): PropertyPosition => {
    const value = dec(property.currentValue);
    const secured = sum(input.loans.filter((loan) => loan.propertyId === property.id).map((loan) => dec(loan.currentBalance)));
    return {
      id: property.id,
      name: property.name,
      currentValue: cents(value),
      loanBalance: cents(secured),
      equity: cents(value.minus(secured)),
      lvr: percent(secured, value),
    };
  });

  return {
    totals: {
      propertyValue: cents(propertyValue),
      loanBalance: cents(loanBalance),
      offsetBalance: cents(balanceOf('OFFSET')),
      savingsBalance: cents(balanceOf('SAVINGS')),
      transactionalBalance: cents(balanceOf('TRANSACTIONAL')),
      creditCardBalance: cents(balanceOf('CREDIT_CARD')),
      equity: cents(propertyValue.minus(loanBalance)),
      netPosition: cents(propertyValue.plus(accountsTotal).minus(loanBalance)),
      portfolioLvr: percent(loanBalance, propertyValue),
    },
    monthly: {
      income: cents(monthlyIncome),
      expenses: cents(monthlyExpenses),
      loanRepayments: cents(monthlyRepayments),
      netCashFlow: cents(monthlyIncome.minus(monthlyExpenses).minus(monthlyRepayments)),
    },
    properties,
    counts: {
      properties: input.properties.length,
      loans: input.loans.length,
      accounts: input.accounts.length,
      incomes: input.incomes.length,
      expenses: input.expenses.length,
    },
  };
}
