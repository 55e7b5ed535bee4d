import { describe, expect, it } from 'vitest';
import type { MigrationFile } from './migrations.ts';
import { folderName, MIGRATION_NAME } from './new-migration.ts';

const existing = (name: string): MigrationFile => ({ name, file: '', sql: '', markers: { reasons: {}, problems: [] } });

describe('the next migration folder', () => {
  it("is Prisma's UTC timestamp to the second and the name", () => {
    expect(folderName('add_notes', new Date('2026-12-07T05:06:07.890Z'), [])).toBe('20261207050607_add_notes');
  });

  it('always comes after the last one, even when the clock says otherwise', () => {
    expect(folderName('b', new Date('2026-12-07T05:06:07Z'), [existing('0_init'), existing('20261207050607_a')])).toBe('20261207050608_b');
    expect(folderName('b', new Date('2026-12-07T05:06:07Z'), [existing('0_init')])).toBe('20261207050607_b');
  });

  it('takes lower-case names that are folder names everywhere', () => {
    expect(MIGRATION_NAME.test('add_property_notes')).toBe(true);
    expect(MIGRATION_NAME.test('Add notes')).toBe(false);
    expect(MIGRATION_NAME.test('../x')).toBe(false);
  });
});
