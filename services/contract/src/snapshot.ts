// GET /api/portfolio/snapshot's data: what the API computes (services/api/src/portfolio/snapshot.ts) and the
// dashboard shows. Money is in dollars as JSON numbers, exact to the cent; percentages have 2 decimal places.

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
