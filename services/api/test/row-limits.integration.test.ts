// Bounded work per user: each resource holds at most MAX_ROWS_PER_RESOURCE rows per user (1,000 by default).
// Beyond it a create is refused with CONFLICT in the envelope, and nothing already there is touched.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

const LIMIT = 3;
const property = (n: number) => ({
  name: `House ${n}`,
  address: `${n} Banksia Street, Brunswick VIC 3056`,
  type: 'HOME',
  purchasePrice: 500000,
  purchaseDate: '2017-03-18',
  currentValue: 600000,
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { ...testConfig, maxRowsPerResource: LIMIT } });
});
afterAll(async () => {
  await t?.close();
});

describe('rows per resource per user', () => {
  it('refuses the create past the limit with CONFLICT and a clear message; the rows stay', async () => {
    const user = await t.register();
    for (let n = 1; n <= LIMIT; n += 1) expect((await request(t.app).post('/api/properties').set(user.auth).send(property(n))).status).toBe(201);
    const refused = await request(t.app).post('/api/properties').set(user.auth).send(property(99));
    expect(refused.status).toBe(409);
    const body = expectEnvelope(refused.body);
    expect(body.error).toMatchObject({
      code: 'CONFLICT',
      message: `You have reached the limit of ${LIMIT} properties; delete some to add more`,
      details: { limit: LIMIT, resource: 'properties' },
    });
    const list = await request(t.app).get('/api/properties').set(user.auth);
    expect(list.body.meta.pagination.total).toBe(LIMIT);
    // Another resource, and another user, have budgets of their own.
    expect(
      (await request(t.app).post('/api/accounts').set(user.auth).send({ name: 'Everyday', institution: 'Bank', type: 'TRANSACTIONAL', balance: 10 })).status,
    ).toBe(201);
    const other = await t.register();
    expect((await request(t.app).post('/api/properties').set(other.auth).send(property(1))).status).toBe(201);
  });

  it('holds under concurrent creates: never more than the limit', async () => {
    const user = await t.register();
    const answers = await Promise.all(Array.from({ length: LIMIT + 4 }, (_, n) => request(t.app).post('/api/properties').set(user.auth).send(property(n))));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(LIMIT);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(4);
    expect(await t.db.prisma.property.count({ where: { userId: user.id } })).toBe(LIMIT);
  });

  it('lets a row in again once one is deleted', async () => {
    const user = await t.register();
    const ids: string[] = [];
    for (let n = 1; n <= LIMIT; n += 1) ids.push((await request(t.app).post('/api/properties').set(user.auth).send(property(n))).body.data.id);
    expect((await request(t.app).delete(`/api/properties/${ids[0]}`).set(user.auth)).status).toBe(200);
    expect((await request(t.app).post('/api/properties').set(user.auth).send(property(7))).status).toBe(201);
  });
});
