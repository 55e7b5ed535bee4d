// The contract's money bound against the history's columns as prisma/schema.prisma declares them: with the default
// row limit, the largest sums a user can build from amounts the API accepts fit every PortfolioDay column, and the
// LVR the snapshot states fits its own. Raising MONEY_MAX, the row limit or a factor, or narrowing a column, fails here
// before it can stop the daily snapshot.
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_ROWS_PER_RESOURCE, MONEY_MAX } from '@monitrax/contract/fields';
import { TIMES_PER_YEAR } from '@monitrax/contract/frequency';
import { LVR_MAX_PERCENT } from '@monitrax/contract/snapshot';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { describe, expect, it } from 'vitest';

/** Each PortfolioDay column's largest absolute value, from its @db.Decimal(precision, scale). */
function historyColumnLimits(): Record<string, number> {
  const model = /model PortfolioDay \{([\s\S]*?)\n\}/.exec(readFileSync(SCHEMA_PATH, 'utf8'))?.[1] ?? '';
  const limits: Record<string, number> = {};
  for (const [, name, precision, scale] of model.matchAll(/^\s*(\w+)\s+Decimal\??\s+@db\.Decimal\((\d+),\s*(\d+)\)/gm)) {
    limits[name!] = 10 ** (Number(precision) - Number(scale)) - 10 ** -Number(scale);
  }
  return limits;
}

describe("the history's columns hold every sum the API's bounds allow", () => {
  const limits = historyColumnLimits();
  const rows = DEFAULT_MAX_ROWS_PER_RESOURCE;
  const mostPerMonth = rows * MONEY_MAX * (Math.max(...Object.values(TIMES_PER_YEAR)) / 12);

  it('finds the columns', () => {
    expect(Object.keys(limits).sort()).toEqual(['equity', 'loanBalance', 'lvr', 'monthlyCashFlow', 'netPosition', 'propertyValue']);
  });

  it.each([
    ['propertyValue', rows * MONEY_MAX],
    ['loanBalance', rows * MONEY_MAX],
    ['equity (values, or loans alone)', rows * MONEY_MAX],
    ['netPosition (values and balances, or balances owed and loans)', 2 * rows * MONEY_MAX],
    ['monthlyCashFlow (weekly income; or weekly expenses and repayments)', 2 * mostPerMonth],
  ])('%s', (label, worst) => {
    const column = label.split(' ')[0]!;
    expect(worst).toBeLessThanOrEqual(limits[column]!);
    // Exact to the cent as a JSON number, as the API and the history endpoint send it.
    expect(worst * 100).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  it('lvr holds the largest ratio the snapshot states', () => {
    expect(LVR_MAX_PERCENT).toBe(limits.lvr);
  });
});
