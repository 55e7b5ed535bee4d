// Timestamps are stored as the instants they are, and read back the same by findUnique and by the list query,
// even when the database's own TimeZone is not UTC (prisma/orm#28629: Prisma's pg adapter writes a Date as a UTC
// time without an offset, which PostgreSQL reads in the session's zone).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '@monitrax/database/create-db';
import { listOwnedRows } from '../src/db/owned-rows.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  // The database's default zone, as initdb on a machine in Melbourne would set the server's.
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${admin.database}" SET TimeZone = 'Australia/Melbourne'`);
  await admin.end();
  db = createDb(t.url, { maxConnections: 2 }); // sessions opened after the change
});

afterAll(async () => {
  await db?.close();
  await t?.drop();
});

describe('time zones', () => {
  it('stores the instant a Date names, and Prisma and the list query read it back unchanged', async () => {
    const createdAt = new Date('2026-03-01T10:15:30.123Z');
    const user = await db.prisma.user.create({ data: { email: 'tz@example.com', passwordHash: 'x', name: 'TZ', createdAt } });
    const property = await db.prisma.property.create({
      data: {
        userId: user.id,
        name: 'Unit 1',
        address: '1 Collins St, Melbourne VIC 3000',
        type: 'HOME',
        purchasePrice: '750000.00',
        purchaseDate: new Date('2024-02-29T00:00:00.000Z'),
        currentValue: '800000.00',
        createdAt,
      },
    });

    // What PostgreSQL holds, independently of any session zone: seconds since the epoch.
    const plain = new pg.Client({ connectionString: t.url });
    await plain.connect();
    try {
      const zone = await plain.query<{ zone: string }>("SELECT current_setting('TimeZone') AS zone");
      expect(zone.rows[0]!.zone).toBe('Australia/Melbourne');
      const stored = await plain.query<{ epoch: string }>('SELECT extract(epoch FROM "createdAt")::text AS epoch FROM "Property" WHERE "id" = $1', [
        property.id,
      ]);
      expect(Number(stored.rows[0]!.epoch) * 1000).toBe(createdAt.getTime());
    } finally {
      await plain.end();
    }

    const viaPrisma = await db.prisma.property.findUniqueOrThrow({ where: { id: property.id } });
    expect(viaPrisma.createdAt.toISOString()).toBe(createdAt.toISOString());
    expect(viaPrisma.purchaseDate.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    const [viaList] = await listOwnedRows<typeof viaPrisma>(db, 'Property', { userId: user.id, skip: 0, take: 10 });
    expect(viaList).toEqual(viaPrisma);
  });
});
