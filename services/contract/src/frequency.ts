// How often a recurring amount falls in a year: a year has 52 weeks, 26 fortnights, 12 months, 4 quarters.
// (Multiplying by 4.33 per week, a common shortcut, drifts by ~0.1%.) The API's snapshot maths and the worker's
// snapshot SQL both convert with these.
import type { Frequency } from './enums.ts';

export const TIMES_PER_YEAR: Readonly<Record<Frequency, number>> = {
  WEEKLY: 52,
  FORTNIGHTLY: 26,
  MONTHLY: 12,
  QUARTERLY: 4,
  ANNUAL: 1,
};
