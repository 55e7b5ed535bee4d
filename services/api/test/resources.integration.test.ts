// CRUD, validation and cross-user isolation for every user-owned resource, through the real app.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOwnedRows } from '../src/db/owned-rows.ts';
import { RESOURCE_KEYS } from '@monitrax/contract/resource-fields';
import { resources } from '../src/resources/index.ts';
import { serializeRow } from '../src/resources/serialize.ts';
import { expectEnvelope, startTestApp, type TestApp, type TestUser } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let intruder: TestUser;
let ownerPropertyId: string;
let intruderPropertyId: string;

const property = {
  name: 'Brunswick house',
  address: '14 Banksia Street, Brunswick VIC 3056',
  type: 'HOME',
  purchasePrice: 720000,
  purchaseDate: '2017-03-18',
  currentValue: '1045000.50',
};

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.register();
  intruder = await t.register();
  ownerPropertyId = (await request(t.app).post('/api/properties').set(owner.auth).send(property)).body.data.id;
  intruderPropertyId = (await request(t.app).post('/api/properties').set(intruder.auth).send(property)).body.data.id;
});
afterAll(async () => {
  await t?.close();
});

interface Case {
  path: string;
  valid: () => Record<string, unknown>;
  expected: Record<string, unknown>;
  patch: Record<string, unknown>;
  invalid: Record<string, unknown>;
  invalidFields: string[];
  /** A field that links to a property; pointing it at another user's row must fail. */
  propertyLink?: string;
}

const cases: Case[] = [
  {
    path: 'properties',
    valid: () => property,
    expected: { ...property, purchasePrice: 720000, currentValue: 1045000.5 },
    patch: { currentValue: 1100000 },
    invalid: { name: '', type: 'CASTLE', purchasePrice: -5, purchaseDate: '2023-02-30', currentValue: 'lots' },
    invalidFields: ['name', 'type', 'purchasePrice', 'purchaseDate', 'currentValue', 'address'],
  },
  {
    path: 'loans',
    valid: () => ({
      lender: 'Commonwealth Bank',
      type: 'HOME',
      rateType: 'VARIABLE',
      interestRate: 6.14,
      principal: 576000,
      currentBalance: 498250.35,
      repaymentAmount: 1745,
      repaymentFrequency: 'FORTNIGHTLY',
      propertyId: ownerPropertyId,
    }),
    expected: { lender: 'Commonwealth Bank', interestRate: 6.14, currentBalance: 498250.35, repaymentFrequency: 'FORTNIGHTLY' },
    patch: { currentBalance: '497000.00', rateType: 'FIXED' },
    invalid: {
      lender: 'X',
      type: 'HOME',
      rateType: 'SOMETIMES',
      interestRate: 101,
      principal: 1,
      currentBalance: 1,
      repaymentAmount: 1,
      repaymentFrequency: 'DAILY',
    },
    invalidFields: ['rateType', 'interestRate', 'repaymentFrequency'],
    propertyLink: 'propertyId',
  },
  {
    path: 'accounts',
    valid: () => ({ name: 'Rewards card', institution: 'Amex', type: 'CREDIT_CARD', balance: -1864.2 }),
    expected: { name: 'Rewards card', type: 'CREDIT_CARD', balance: -1864.2, loanId: null },
    patch: { balance: -100 },
    invalid: { name: 'Offset', institution: 'CBA', type: 'OFFSET', balance: 10.555, loanId: 'not-a-uuid' },
    invalidFields: ['balance', 'loanId'],
  },
  {
    path: 'income',
    valid: () => ({ source: 'Rent', type: 'RENTAL', amount: 620, frequency: 'WEEKLY', propertyId: ownerPropertyId }),
    expected: { source: 'Rent', type: 'RENTAL', amount: 620, frequency: 'WEEKLY' },
    patch: { amount: 650 },
    invalid: { source: 'Rent', type: 'LOTTERY', amount: 1, frequency: 'HOURLY' },
    invalidFields: ['type', 'frequency'],
    propertyLink: 'propertyId',
  },
  {
    path: 'expenses',
    valid: () => ({ payee: 'Council', category: 'Rates', amount: 1980, frequency: 'ANNUAL', propertyId: ownerPropertyId }),
    expected: { payee: 'Council', category: 'Rates', amount: 1980, frequency: 'ANNUAL' },
    patch: { amount: '2010.40' },
    invalid: { payee: 'x'.repeat(500), category: 'Rates', amount: '1e9', frequency: 'ANNUAL' },
    invalidFields: ['payee', 'amount'],
    propertyLink: 'propertyId',
  },
];

it('has a case for every resource of the contract', () => {
  expect(cases.map((c) => c.path).sort()).toEqual([...RESOURCE_KEYS].sort());
});

describe.each(cases)('/api/$path', (c) => {
  const url = `/api/${c.path}`;

  it('creates, reads, lists, replaces, patches and deletes', async () => {
    const created = await request(t.app).post(url).set(owner.auth).send(c.valid());
    expect(created.status).toBe(201);
    const row = expectEnvelope(created.body).data as Record<string, unknown>;
    expect(row).toMatchObject(c.expected);
    expect(created.headers.location).toBe(`${url}/${row.id}`);

    const fetched = await request(t.app).get(`${url}/${row.id}`).set(owner.auth);
    expect(fetched.status).toBe(200);
    expect(fetched.body.data).toEqual(row);

    const listed = await request(t.app).get(url).set(owner.auth);
    expect(listed.status).toBe(200);
    expect((listed.body.data as { id: string }[]).map((item) => item.id)).toContain(row.id);
    expect(listed.body.meta.pagination).toMatchObject({ page: 1, pageSize: 20 });

    const replaced = await request(t.app)
      .put(`${url}/${row.id}`)
      .set(owner.auth)
      .send({ ...c.valid(), ...c.patch });
    expect(replaced.status).toBe(200);
    const patched = await request(t.app).patch(`${url}/${row.id}`).set(owner.auth).send(c.patch);
    expect(patched.status).toBe(200);
    for (const [field, value] of Object.entries(c.patch)) {
      expect(String(patched.body.data[field])).toBe(String(Number.isNaN(Number(value)) ? value : Number(value)));
    }

    const deleted = await request(t.app).delete(`${url}/${row.id}`).set(owner.auth);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: row.id, deleted: true });
    expect((await request(t.app).get(`${url}/${row.id}`).set(owner.auth)).status).toBe(404);
    expect((await request(t.app).delete(`${url}/${row.id}`).set(owner.auth)).status).toBe(404);
  });

  it('reports every invalid field and refuses unknown ones, writing nothing', async () => {
    const before = await request(t.app).get(url).set(owner.auth);
    const response = await request(t.app)
      .post(url)
      .set(owner.auth)
      .send({ ...c.invalid, userId: intruder.id, hacked: 1 });
    expect(response.status).toBe(400);
    const { error } = expectEnvelope(response.body);
    expect(error?.code).toBe('VALIDATION_ERROR');
    const fields = (error!.details as { issues: { field: string; message: string }[] }).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining([...c.invalidFields, 'userId,hacked']));
    const after = await request(t.app).get(url).set(owner.auth);
    expect(after.body.meta.pagination.total).toBe(before.body.meta.pagination.total);
  });

  it('the list query (db/owned-rows.ts) returns exactly the rows and values findMany does', async () => {
    const resource = resources.find((candidate) => candidate.key === c.path)!;
    for (let i = 0; i < 2; i += 1) expect((await request(t.app).post(url).set(owner.auth).send(c.valid())).status).toBe(201);
    const viaPrisma = await resource
      .delegate(t.db.prisma)
      .findMany({ where: { userId: owner.id }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 100 });
    const viaList = await listOwnedRows(t.db, resource.model, { userId: owner.id, skip: 0, take: 100 });
    expect(viaPrisma.length).toBeGreaterThanOrEqual(2);
    expect(viaList).toEqual(viaPrisma);
    const serialize = (row: unknown) => serializeRow(resource.key, row as Record<string, unknown>);
    expect(viaList.map(serialize)).toEqual(viaPrisma.map(serialize));
    expect(await listOwnedRows(t.db, resource.model, { userId: owner.id, skip: 1, take: 1 })).toEqual(viaPrisma.slice(1, 2));
  });

  it('refuses an empty PATCH and a PUT missing fields', async () => {
    const created = await request(t.app).post(url).set(owner.auth).send(c.valid());
    const id = created.body.data.id;
    expect((await request(t.app).patch(`${url}/${id}`).set(owner.auth).send({})).status).toBe(400);
    expect((await request(t.app).put(`${url}/${id}`).set(owner.auth).send(c.patch)).status).toBe(400);
  });

  it("hides another user's rows: 404 for get, put, patch and delete; absent from lists", async () => {
    const theirs = await request(t.app)
      .post(url)
      .set(intruder.auth)
      .send({ ...c.valid(), ...(c.propertyLink ? { [c.propertyLink]: intruderPropertyId } : {}) });
    expect(theirs.status).toBe(201);
    const id = theirs.body.data.id;
    const attempts = [
      request(t.app).get(`${url}/${id}`).set(owner.auth),
      request(t.app).put(`${url}/${id}`).set(owner.auth).send(c.valid()),
      request(t.app).patch(`${url}/${id}`).set(owner.auth).send(c.patch),
      request(t.app).delete(`${url}/${id}`).set(owner.auth),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(expectEnvelope(response.body).data).toBeNull();
    }
    const list = await request(t.app).get(`${url}?pageSize=100`).set(owner.auth);
    expect((list.body.data as { id: string }[]).map((item) => item.id)).not.toContain(id);
    const stillThere = await request(t.app).get(`${url}/${id}`).set(intruder.auth);
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.data).toEqual(theirs.body.data);
  });

  if (c.propertyLink) {
    it("refuses a link to another user's property", async () => {
      const response = await request(t.app)
        .post(url)
        .set(owner.auth)
        .send({ ...c.valid(), [c.propertyLink!]: intruderPropertyId });
      expect(response.status).toBe(400);
      expect(response.body.error.details.issues).toEqual([{ field: c.propertyLink, message: 'no property with this id' }]);
    });
  }

  it('404 for ids that are not UUIDs, 401 without a token', async () => {
    expect((await request(t.app).get(`${url}/12345`).set(owner.auth)).status).toBe(404);
    expect((await request(t.app).get(`${url}/'%20OR%201=1--`).set(owner.auth)).status).toBe(404);
    expect((await request(t.app).get(url)).status).toBe(401);
  });
});

describe('pagination', () => {
  it('pages through rows newest first and validates page parameters', async () => {
    const user = await t.register();
    for (let i = 1; i <= 5; i += 1) {
      await request(t.app)
        .post('/api/expenses')
        .set(user.auth)
        .send({ payee: `Payee ${i}`, category: 'Test', amount: i, frequency: 'MONTHLY' });
    }
    const first = await request(t.app).get('/api/expenses?pageSize=2').set(user.auth);
    expect(first.body.meta.pagination).toEqual({ page: 1, pageSize: 2, total: 5, totalPages: 3 });
    expect(first.body.data.map((row: { payee: string }) => row.payee)).toEqual(['Payee 5', 'Payee 4']);
    const last = await request(t.app).get('/api/expenses?pageSize=2&page=3').set(user.auth);
    expect(last.body.data.map((row: { payee: string }) => row.payee)).toEqual(['Payee 1']);
    expect(last.body.meta.pagination).toEqual({ page: 3, pageSize: 2, total: 5, totalPages: 3 });
    const full = await request(t.app).get('/api/expenses?pageSize=5').set(user.auth);
    expect(full.body.meta.pagination).toEqual({ page: 1, pageSize: 5, total: 5, totalPages: 1 });
    const beyond = await request(t.app).get('/api/expenses?pageSize=2&page=4').set(user.auth);
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta.pagination).toEqual({ page: 4, pageSize: 2, total: 5, totalPages: 3 });
    for (const query of ['page=0', 'pageSize=101', 'page=abc', 'sort=name', 'page=1&page=2']) {
      const response = await request(t.app).get(`/api/expenses?${query}`).set(user.auth);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });
});
