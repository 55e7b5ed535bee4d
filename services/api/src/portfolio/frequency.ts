// Converting a recurring amount to its monthly equivalent, with the contract's occurrences per year.
import type { Frequency } from '@monitrax/contract/enums';
import { TIMES_PER_YEAR } from '@monitrax/contract/frequency';
import { Decimal } from 'decimal.js';

export function monthlyEquivalent(amount: Decimal.Value, frequency: Frequency): Decimal {
  return new Decimal(amount).times(TIMES_PER_YEAR[frequency]).dividedBy(12);
}
