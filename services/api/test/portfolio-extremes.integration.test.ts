// The largest values the forms accept, entered through the API, then the worker's portfolio-snapshot job: nothing a
// user can enter stops anyone's day. Amounts beyond the contract's bound are refused with the bound in the message;
// a user at every bound (a property valued at a cent under a full loan, the row limit filled with the largest
// amounts) gets a row like everyone else; and a user whose rows overflow the history anyway (written before the bound
// existed, or with a raised row limit) is the only one without a row, counted and named with PostgreSQL's reason.
import { DEFAULT_MAX_ROWS_PER_RESOURCE, MONEY_MAX } from '@monitrax/contract/fields';
import { runPortfolioSnapshot, type UserFailure } from '@monitrax/worker/jobs/portfolio-snapshot';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp, type TestUser } from './support/test-app.ts';

let t: TestApp;
const post = (who: TestUser, path: string, body: object) => request(t.app).post(`/api/${path}`).set(who.auth).send(body);
const property = (currentValue: number | string) => ({
  name: 'Place',
  address: '1 Edge St',
  type: 'INVESTMENT',
  purchasePrice: 1,
  purchaseDate: '2020-01-01',
  currentValue,
});
const loan = (amount: number, propertyId: string | null) => ({
  lender: 'Bank',
  type: 'INVESTMENT',
  rateType: 'VARIABLE',
  interestRate: 100,
  principal: amount,
  currentBalance: amount,
  repaymentAmount: amount,
  repaymentFrequency: 'WEEKLY',
  propertyId,
});
const created = async (response: request.Response) => {
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return expectEnvelope(response.body).data as { id: string };
};

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('amounts at the bound', () => {
  it('refuses an amount beyond the bound, saying the bound, and stores nothing', async () => {
    const user = await t.register();
    for (const [path, body, field, message] of [
      ['properties', property('999999999999.99'), 'currentValue', 'must be at most 99,999,999.99'],
      [
        'accounts',
        { name: 'Card', institution: 'Bank', type: 'CREDIT_CARD', balance: -100000000, loanId: null },
        'balance',
        'must be between -99,999,999.99 and 99,999,999.99',
      ],
      ['income', { source: 'Job', type: 'SALARY', amount: 100000000, frequency: 'WEEKLY', propertyId: null }, 'amount', 'must be at most 99,999,999.99'],
    ] as const) {
      const response = await post(user, path, body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.issues).toEqual([{ field, message }]);
    }
    expect(await t.db.prisma.property.count({ where: { userId: user.id } })).toBe(0);
    const accepted = await created(await post(user, 'properties', property(MONEY_MAX)));
    expect(expectEnvelope((await request(t.app).get(`/api/properties/${accepted.id}`).set(user.auth)).body).data).toMatchObject({ currentValue: MONEY_MAX });
  });
});

describe('the portfolio-snapshot job with the largest values the API accepts', () => {
  let ordinary: TestUser;
  let tiny: TestUser;
  let full: TestUser;
  let overflowing: TestUser;

  beforeAll(async () => {
    ordinary = await t.register();
    await created(await post(ordinary, 'properties', property(650000)));

    // A property valued at a cent with the largest loan on it: an LVR of about 10^12 %, which no column holds.
    tiny = await t.register();
    const cent = await created(await post(tiny, 'properties', property(0.01)));
    await created(await post(tiny, 'loans', loan(MONEY_MAX, cent.id)));
    await created(await post(tiny, 'income', { source: 'Job', type: 'SALARY', amount: MONEY_MAX, frequency: 'WEEKLY', propertyId: null }));

    // Every resource at the row limit with the largest amounts, the worst that sums: one of each through the API,
    // the rest copied in bulk (the same values the API accepted).
    full = await t.register();
    const first = await created(await post(full, 'properties', property(MONEY_MAX)));
    await created(await post(full, 'loans', loan(MONEY_MAX, first.id)));
    await created(await post(full, 'accounts', { name: 'Card', institution: 'Bank', type: 'CREDIT_CARD', balance: -MONEY_MAX, loanId: null }));
    await created(await post(full, 'expenses', { payee: 'Shop', category: 'Living', amount: MONEY_MAX, frequency: 'WEEKLY', propertyId: null }));
    const more = DEFAULT_MAX_ROWS_PER_RESOURCE - 1;
    const { prisma } = t.db;
    const [p, l, a, e] = await Promise.all([
      prisma.property.findFirstOrThrow({ where: { userId: full.id } }),
      prisma.loan.findFirstOrThrow({ where: { userId: full.id } }),
      prisma.account.findFirstOrThrow({ where: { userId: full.id } }),
      prisma.expense.findFirstOrThrow({ where: { userId: full.id } }),
    ]);
    const copies = <Row extends { id: string }>(row: Row) => Array.from({ length: more }, () => ({ ...row, id: crypto.randomUUID() }));
    await prisma.property.createMany({ data: copies(p) });
    await prisma.loan.createMany({ data: copies(l) });
    await prisma.account.createMany({ data: copies(a) });
    await prisma.expense.createMany({ data: copies(e) });

    // Rows the API no longer accepts (an older release's bound): their sum is beyond numeric(14,2).
    overflowing = await t.register();
    await prisma.property.createMany({
      data: [1, 2].map(() => ({ userId: overflowing.id, ...property('999999999999.99'), purchaseDate: new Date('2020-01-01'), type: 'INVESTMENT' as const })),
    });
  });

  const dayOf = (user: TestUser) => t.db.prisma.portfolioDay.findFirst({ where: { userId: user.id, date: new Date('2026-12-01T00:00:00Z') } });

  it('writes every row the API could have led to, with an LVR beyond the column as null', async () => {
    const result = await runPortfolioSnapshot(t.db, { timeZone: 'Australia/Sydney', date: '2026-12-01', batchSize: 1_000 });
    expect(result.failures.map((failure) => failure.userId)).toEqual([overflowing.id]);
    for (const user of [ordinary, tiny, full]) expect(await dayOf(user), user.email).not.toBeNull();

    const tinyDay = await dayOf(tiny);
    expect(tinyDay?.lvr).toBeNull();
    const snapshot = expectEnvelope((await request(t.app).get('/api/portfolio/snapshot').set(tiny.auth)).body).data as {
      totals: { portfolioLvr: number | null };
      properties: { lvr: number | null }[];
    };
    expect(snapshot.totals.portfolioLvr).toBeNull();
    expect(snapshot.properties[0]?.lvr).toBeNull();

    // The worst sums, exact: values less loans, and a month of weekly expenses and repayments.
    const fullDay = await dayOf(full);
    const rows = DEFAULT_MAX_ROWS_PER_RESOURCE;
    expect(fullDay?.netPosition.toFixed(2)).toBe((-rows * MONEY_MAX).toFixed(2));
    expect(Number(fullDay?.monthlyCashFlow)).toBeCloseTo((-2 * rows * MONEY_MAX * 52) / 12, -1);
  });

  it("leaves out only the user whose rows overflow, counting them and giving PostgreSQL's reason", async () => {
    const told: UserFailure[] = [];
    const result = await runPortfolioSnapshot(t.db, {
      timeZone: 'Australia/Sydney',
      date: '2026-12-02',
      batchSize: 1_000,
      onUserFailed: (failure) => told.push(failure),
    });
    expect(result).toMatchObject({ users: result.written + 1, usersFailed: 1, alreadyThere: 0 });
    expect(result.failures).toEqual([{ userId: overflowing.id, reason: expect.stringMatching(/^22003 numeric field overflow/) }]);
    expect(told).toEqual(result.failures);
    const days = await t.db.prisma.portfolioDay.count({ where: { date: new Date('2026-12-02T00:00:00Z') } });
    expect(days).toBe(result.users - 1);
  });
});
