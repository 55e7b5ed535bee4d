// GET /api/portfolio/snapshot's data: what the API computes (services/api/src/portfolio/snapshot.ts) and the
// dashboard shows. Money is in dollars as JSON numbers, exact to the cent; percentages have 2 decimal places.

/**
 * The largest loan-to-value ratio the snapshot states, in percent: what the history's numeric(8,2) column holds. A
 * larger one (a property valued at a cent with a real loan on it) says nothing a person can use, so it is null, as
 * when there is no value to divide by, instead of an overflow that would stop the daily snapshot.
 */
export const LVR_MAX_PERCENT = 999_999.99;

export interface PropertyPosition {
  id: string;
  name: string;
  currentValue: number;
  loanBalance: number;
  equity: number;
  /** Loan-to-value ratio in percent (2 dp); null when the property has no value to divide by, or beyond LVR_MAX_PERCENT. */
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
    /** All loans over all property value, percent (2 dp); null without property value, or beyond LVR_MAX_PERCENT. */
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

/** GET /api/portfolio/history?days=N: how far back (in days, counting today) by default and at most. */
export const HISTORY_DAYS = { default: 90, max: 3_650 } as const;

/** One day of a user's portfolio history (the worker's portfolio-snapshot job writes one per day). */
export interface HistoryPoint {
  /** YYYY-MM-DD, the calendar day in the worker's SNAPSHOT_TIME_ZONE. */
  date: string;
  netPosition: number;
  propertyValue: number;
  loanBalance: number;
  equity: number;
  lvr: number | null;
  monthlyCashFlow: number;
}
