import { describe, expect, it } from 'vitest';
import { statementUnits } from './plan.ts';

describe('statementUnits', () => {
  it('gives the statements of one BEGIN ... COMMIT block one unit, and every other statement its own', () => {
    expect(
      statementUnits(['CREATE INDEX a', 'BEGIN', 'CREATE TYPE x_new', 'ALTER TABLE t', 'DROP TYPE x_old', 'COMMIT', 'CREATE INDEX b', 'CREATE INDEX c']),
    ).toEqual({
      statements: ['CREATE INDEX a', 'CREATE TYPE x_new', 'ALTER TABLE t', 'DROP TYPE x_old', 'CREATE INDEX b', 'CREATE INDEX c'],
      units: [0, 2, 2, 2, 3, 4],
    });
  });
});
