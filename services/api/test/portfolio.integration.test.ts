import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/portfolio/snapshot', () => {
  it('is empty for a new user', async () => {
    const user = await t.register();
    const response = await request(t.app).get('/api/portfolio/snapshot').set(user.auth);
    expect(response.status).toBe(200);
    const data = expectEnvelope(response.body).data as { totals: Record<string, unknown>; properties: unknown[] };
    expect(data.totals).toMatchObject({ propertyValue: 0, netPosition: 0, portfolioLvr: null });
    expect(data.properties).toEqual([]);
  });

  it("totals the signed-in user's rows only", async () => {
    const user = await t.register();
    const other = await t.register();
    const post = (who: typeof user, path: string, body: object) => request(t.app).post(`/api/${path}`).set(who.auth).send(body);

    const home = (
      await post(user, 'properties', {
        name: 'Home',
        address: '1 Test St',
        type: 'HOME',
        purchasePrice: 500000,
        purchaseDate: '2015-01-01',
        currentValue: 800000,
      })
    ).body.data;
    const loan = (
      await post(user, 'loans', {
        lender: 'Bank',
        type: 'HOME',
        rateType: 'VARIABLE',
        interestRate: 6,
        principal: 450000,
        currentBalance: 600000,
        repaymentAmount: 1000,
        repaymentFrequency: 'FORTNIGHTLY',
        propertyId: home.id,
      })
    ).body.data;
    await post(user, 'accounts', { name: 'Offset', institution: 'Bank', type: 'OFFSET', balance: 50000, loanId: loan.id });
    await post(user, 'accounts', { name: 'Card', institution: 'Bank', type: 'CREDIT_CARD', balance: -2000 });
    await post(user, 'income', { source: 'Salary', type: 'SALARY', amount: 3000, frequency: 'FORTNIGHTLY' });
    await post(user, 'expenses', { payee: 'Council', category: 'Rates', amount: 2400, frequency: 'ANNUAL', propertyId: home.id });
    // Another user's rows must not count.
    await post(other, 'properties', {
      name: 'Theirs',
      address: '2 Test St',
      type: 'HOME',
      purchasePrice: 1,
      purchaseDate: '2015-01-01',
      currentValue: 9999999,
    });

    const response = await request(t.app).get('/api/portfolio/snapshot').set(user.auth);
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads figures at several depths of the JSON it got
    const data = expectEnvelope(response.body).data as Record<string, any>;
    expect(data.totals).toEqual({
      propertyValue: 800000,
      loanBalance: 600000,
      offsetBalance: 50000,
      savingsBalance: 0,
      transactionalBalance: 0,
      creditCardBalance: -2000,
      equity: 200000,
      netPosition: 248000,
      portfolioLvr: 75,
    });
    expect(data.monthly).toEqual({ income: 6500, expenses: 200, loanRepayments: 2166.67, netCashFlow: 4133.33 });
    expect(data.properties).toEqual([{ id: home.id, name: 'Home', currentValue: 800000, loanBalance: 600000, equity: 200000, lvr: 75 }]);
  });

  it('401 without a token', async () => {
    expect((await request(t.app).get('/api/portfolio/snapshot')).status).toBe(401);
  });
});
