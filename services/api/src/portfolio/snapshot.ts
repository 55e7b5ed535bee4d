// The portfolio snapshot: pure arithmetic over a user's sums (see SnapshotInput), in decimal (never binary floating point),
// rounded to cents only at the end. Definitions:
// - equity = property value - loan balances
// - netPosition = property value + account balances (signed; credit cards are negative) - loan balances
// - LVR per property = balance of loans secured on it / its current value, as a percentage
// - monthly figures normalise each frequency (weekly x 52 / 12, fortnightly x 26 / 12, ...)
import { Decimal } from 'decimal.js';
import type { AccountType, Frequency } from '@monitrax/contract/enums';
import { LVR_MAX_PERCENT, type PropertyPosition, type Snapshot } from '@monitrax/contract/snapshot';
import { monthlyEquivalent } from './frequency.ts';

type Amount = Decimal.Value | { toString(): string };

/**
 * What the snapshot is computed from: the database's sums and counts (SQL aggregates, grouped by frequency or type),
 * never every row, so the work stays the same for 10 rows or 10,000. Properties are listed one by one because the
 * snapshot shows each of them, with the balance of the loans secured on it summed by the database.
 */
export interface SnapshotInput {
  properties: ReadonlyArray<{ id: string; name: string; currentValue: Amount; securedBalance: Amount }>;
  /** Loans per repayment frequency: how many, their balances and their repayments summed. */
  loans: ReadonlyArray<{ frequency: Frequency; count: number; balance: Amount; repayments: Amount }>;
  accounts: ReadonlyArray<{ type: AccountType; count: number; balance: Amount }>;
  incomes: ReadonlyArray<{ frequency: Frequency; count: number; amount: Amount }>;
  expenses: ReadonlyArray<{ frequency: Frequency; count: number; amount: Amount }>;
}

const dec = (value: Amount) => new Decimal(value.toString());
const sum = (values: Iterable<Decimal>) => [...values].reduce((total, value) => total.plus(value), new Decimal(0));
const cents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
/** A ratio in percent (2 dp); null when there is nothing to divide by or it is beyond what the history can hold. */
function lvrPercent(part: Decimal, whole: Decimal): number | null {
  if (whole.isZero()) return null;
  const ratio = part.dividedBy(whole).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return ratio.greaterThan(LVR_MAX_PERCENT) ? null : ratio.toNumber();
}

const countOf = (groups: ReadonlyArray<{ count: number }>) => groups.reduce((total, group) => total + group.count, 0);
// Sums per frequency times the frequency's factor: the same decimal as converting each row, since multiplication
// distributes over the sum and nothing is rounded before the end.
const monthlyOf = (groups: ReadonlyArray<{ frequency: Frequency; total: Amount }>) =>
  sum(groups.map((group) => monthlyEquivalent(dec(group.total), group.frequency)));

export function computeSnapshot(input: SnapshotInput): Snapshot {
  const propertyValue = sum(input.properties.map((property) => dec(property.currentValue)));
  const loanBalance = sum(input.loans.map((group) => dec(group.balance)));
  const balanceOf = (type: AccountType) => sum(input.accounts.filter((group) => group.type === type).map((group) => dec(group.balance)));
  const accountsTotal = sum(input.accounts.map((group) => dec(group.balance)));

  const monthlyIncome = monthlyOf(input.incomes.map((group) => ({ frequency: group.frequency, total: group.amount })));
  const monthlyExpenses = monthlyOf(input.expenses.map((group) => ({ frequency: group.frequency, total: group.amount })));
  const monthlyRepayments = monthlyOf(input.loans.map((group) => ({ frequency: group.frequency, total: group.repayments })));

  const properties = input.properties.map((property): PropertyPosition => {
    const value = dec(property.currentValue);
    const secured = dec(property.securedBalance);
    return {
      id: property.id,
      name: property.name,
      currentValue: cents(value),
      loanBalance: cents(secured),
      equity: cents(value.minus(secured)),
      lvr: lvrPercent(secured, value),
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
      portfolioLvr: lvrPercent(loanBalance, propertyValue),
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
      loans: countOf(input.loans),
      accounts: countOf(input.accounts),
      incomes: countOf(input.incomes),
      expenses: countOf(input.expenses),
    },
  };
}
