// The worker's portfolio-snapshot job (run here as a function, on the test database) and GET /api/portfolio/history:
// the job's row for a user equals what the snapshot endpoint reports, a second run writes nothing, and each user
// sees only their own points, with bad `days` refused in the envelope.
import { HISTORY_DAYS } from '@monitrax/contract/snapshot';
import { runPortfolioSnapshot } from '@monitrax/worker/jobs/portfolio-snapshot';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp, type TestUser } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let other: TestUser;

const post = (who: TestUser, path: string, body: object) => request(t.app).post(`/api/${path}`).set(who.auth).send(body);

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.register();
  other = await t.register();
  const home = (
    await post(owner, 'properties', {
      name: 'Home',
      address: '1 Test St',
      type: 'HOME',
      purchasePrice: 500000,
      purchaseDate: '2015-01-01',
      currentValue: 812345.67,
    })
  ).body.data;
  await post(owner, 'loans', {
    lender: 'Bank',
    type: 'HOME',
    rateType: 'VARIABLE',
    interestRate: 6.1,
    principal: 600000,
    currentBalance: 455321.09,
    repaymentAmount: 1234.56,
    repaymentFrequency: 'FORTNIGHTLY',
    propertyId: home.id,
  });
  await post(owner, 'accounts', { name: 'Offset', institution: 'Bank', type: 'OFFSET', balance: 25000.01, loanId: null });
  await post(owner, 'accounts', { name: 'Card', institution: 'Bank', type: 'CREDIT_CARD', balance: -1800.5, loanId: null });
  await post(owner, 'income', { source: 'Salary', type: 'SALARY', amount: 4321.1, frequency: 'FORTNIGHTLY', propertyId: null });
  await post(owner, 'expenses', { payee: 'Insurer', category: 'Insurance', amount: 1840, frequency: 'ANNUAL', propertyId: home.id });
  await post(owner, 'expenses', { payee: 'Shop', category: 'Groceries', amount: 260.35, frequency: 'WEEKLY', propertyId: null });
  await post(other, 'properties', {
    name: 'Unit',
    address: '2 Other St',
    type: 'INVESTMENT',
    purchasePrice: 400000,
    purchaseDate: '2020-01-01',
    currentValue: 450000,
  });
});
afterAll(async () => {
  await t?.close();
});

const history = (who: TestUser, query = '') => request(t.app).get(`/api/portfolio/history${query}`).set(who.auth);

describe('the portfolio-snapshot job', () => {
  it("writes each user's row for the day with the snapshot endpoint's totals", async () => {
    const result = await runPortfolioSnapshot(t.db, { timeZone: 'Australia/Sydney', date: '2026-11-30', batchSize: 1 });
    expect(result).toMatchObject({ date: '2026-11-30', written: result.users, alreadyThere: 0, batches: result.users });
    const snapshot = expectEnvelope((await request(t.app).get('/api/portfolio/snapshot').set(owner.auth)).body).data as {
      totals: { netPosition: number; propertyValue: number; loanBalance: number; equity: number; portfolioLvr: number | null };
      monthly: { netCashFlow: number };
    };
    const points = expectEnvelope((await history(owner)).body).data;
    expect(points).toEqual([
      {
        date: '2026-11-30',
        netPosition: snapshot.totals.netPosition,
        propertyValue: snapshot.totals.propertyValue,
        loanBalance: snapshot.totals.loanBalance,
        equity: snapshot.totals.equity,
        lvr: snapshot.totals.portfolioLvr,
        monthlyCashFlow: snapshot.monthly.netCashFlow,
      },
    ]);
  });

  it('writes nothing on a second run of the same day', async () => {
    const again = await runPortfolioSnapshot(t.db, { timeZone: 'Australia/Sydney', date: '2026-11-30' });
    expect(again.written).toBe(0);
    expect(again.alreadyThere).toBe(again.users);
    expect(await t.db.prisma.portfolioDay.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("takes today's date in the time zone it is given", async () => {
    const result = await runPortfolioSnapshot(t.db, { timeZone: 'Pacific/Kiritimati' });
    const expected = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(result.date).toBe(expected);
    await t.db.prisma.portfolioDay.deleteMany({ where: { date: new Date(`${expected}T00:00:00Z`) } });
  });
});

describe('GET /api/portfolio/history', () => {
  it("lists the days oldest first, only the signed-in user's", async () => {
    await runPortfolioSnapshot(t.db, { timeZone: 'Australia/Sydney', date: '2026-12-01' });
    const mine = expectEnvelope((await history(owner)).body);
    expect((mine.data as { date: string }[]).map((point) => point.date)).toEqual(['2026-11-30', '2026-12-01']);
    expect(mine.meta.days).toBe(HISTORY_DAYS.default);
    const theirs = expectEnvelope((await history(other)).body).data as { propertyValue: number }[];
    expect(theirs.map((point) => point.propertyValue)).toEqual([450000, 450000]);
    const last = expectEnvelope((await history(owner, '?days=1')).body).data as { date: string }[];
    expect(last.map((point) => point.date)).toEqual(['2026-12-01']);
  });

  it('is empty for a user the job has not seen yet', async () => {
    const newcomer = await t.register();
    expect(expectEnvelope((await history(newcomer)).body).data).toEqual([]);
  });

  it.each(['?days=0', '?days=abc', '?days=99999', '?days=1.5', '?days=7&extra=1'])('refuses %s with VALIDATION_ERROR', async (query) => {
    const response = await history(owner, query);
    expect(response.status).toBe(400);
    expect(expectEnvelope(response.body).error?.code).toBe('VALIDATION_ERROR');
  });

  it('needs a session', async () => {
    expect((await request(t.app).get('/api/portfolio/history')).status).toBe(401);
  });
});
