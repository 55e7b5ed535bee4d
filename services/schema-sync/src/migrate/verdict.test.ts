import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../sync/classify.ts';
import { markersOf, type MigrationFile } from './migrations.ts';
import { verdictFor } from './verdict.ts';

const migration = (sql: string): MigrationFile => ({ name: '20260101000000_x', file: 'x', sql, markers: markersOf(sql) });
const judged = (sql: string[]) => sql.map(classifyStatement);

describe('verdictFor', () => {
  const drop = ['ALTER TABLE "User" DROP COLUMN "nickname"'];

  it('in review (rows unknown), a drop needs its marker; a statement that can only fail is a note', () => {
    expect(verdictFor(migration(drop[0]!), judged(drop), { known: false }).refusals).toEqual([
      'drops column User.nickname and its values (loses data; to accept that, mark the file: -- monitrax: accept-data-loss: <reason>)',
    ]);
    const unique = ['CREATE UNIQUE INDEX "User_name_key" ON "User"("name")'];
    expect(verdictFor(migration(unique[0]!), judged(unique), { known: false })).toMatchObject({
      refusals: [],
      notes: ['adds a unique index on User (fails on duplicates): the deploy counts the rows in its way first'],
    });
  });

  it('at deploy, a drop on an empty table loses nothing; the marker lets it through where rows are', () => {
    expect(verdictFor(migration(drop[0]!), judged(drop), { known: true, tablesWithRows: new Set() }).refusals).toEqual([]);
    const marked = migration(`-- monitrax: accept-data-loss: never shown\n${drop[0]}`);
    expect(verdictFor(marked, judged(drop), { known: true, tablesWithRows: new Set(['User']) })).toMatchObject({
      refusals: [],
      notes: ['loses data, accepted by its marker (never shown): drops column User.nickname and its values'],
    });
  });

  it('refuses a marker without a reason', () => {
    expect(verdictFor(migration('-- monitrax: accept-data-loss:\nSELECT 1'), [], { known: false }).refusals).toEqual([
      '20260101000000_x: the accept-data-loss marker gives no reason: write "-- monitrax: accept-data-loss: <why>"',
    ]);
  });
});
