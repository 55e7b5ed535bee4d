// Converting a recurring amount to its monthly equivalent: a year has 52 weeks, 26 fortnights,
// 12 months, 4 quarters. (Multiplying by 4.33 per week, a common shortcut, drifts by ~0.1%.)
import type { Frequency } from '@monitrax/contract/enums';
import { Decimal } from 'decimal.js';

export type { Frequency };

export const TIMES_PER_YEAR: Readonly<Record<Frequency, number>> = {
  WEEKLY: 52,
  FORTNIGHTLY: 26,
  MONTHLY: 12,
  QUARTERLY: 4,
  ANNUAL: 1,
};

export function monthlyEquivalent(amount: Decimal.Value, frequency: Frequency): Decimal {
  return new Decimal(amount).times(TIMES_PER_YEAR[frequency]).dividedBy(12);
}
