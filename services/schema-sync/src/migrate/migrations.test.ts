import { describe, expect, it } from 'vitest';
import { markersOf } from './migrations.ts';

describe('markersOf', () => {
  it('reads each marker with its reason, wherever its line is', () => {
    expect(
      markersOf('-- monitrax: accept-data-loss: the column was never read\n-- CreateTable\nDROP TABLE "X";\n--monitrax:allow-breaking:a minute of errors'),
    ).toEqual({
      reasons: { 'accept-data-loss': 'the column was never read', 'allow-breaking': 'a minute of errors' },
      problems: [],
    });
  });

  it('names a marker without a reason and an unknown one', () => {
    expect(markersOf('-- monitrax: accept-data-loss\n-- monitrax: skip-review: trust me\n').problems).toEqual([
      'the accept-data-loss marker gives no reason: write "-- monitrax: accept-data-loss: <why>"',
      'unknown marker "skip-review" (known: accept-data-loss, allow-breaking)',
    ]);
  });

  it('ignores ordinary comments', () => {
    expect(markersOf('-- AlterTable\n-- monitrax is a nice app\nALTER TABLE "X" ADD COLUMN "y" TEXT;')).toEqual({ reasons: {}, problems: [] });
  });
});
