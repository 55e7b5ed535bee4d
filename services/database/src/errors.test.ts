// Database failures classified by meaning, whatever layer reports them (shapes as Prisma 7 + adapter-pg give them).
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isRecordNotFound } from './errors.ts';

describe('isDatabaseUnavailable', () => {
  it('sees the driver error that a known-request error carries in meta.driverAdapterError (PostgreSQL restarting)', () => {
    // What prisma.user.findUnique() threw while PostgreSQL shut down under load (resilience suite).
    const error = Object.assign(new Error('Invalid `prisma.user.findUnique()` invocation: Database error. Code: `57P01`.'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2039',
      meta: {
        modelName: 'User',
        driverAdapterError: {
          name: 'DriverAdapterError',
          cause: { originalCode: '57P01', kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' },
        },
      },
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a refused socket in the cause chain',
      Object.assign(new Error('x'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
    ],
    ['SQLSTATE class 08', { code: '08006', message: 'connection failure' }],
    ['the adapter kind DatabaseNotReachable', { kind: 'DatabaseNotReachable' }],
    ['Prisma P1001', { code: 'P1001' }],
    ['"the database system is starting up"', { message: 'FATAL: the database system is starting up' }],
    ['a pooled client whose connection broke mid-transaction', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: 'P2002', meta: { driverAdapterError: { cause: { originalCode: '23505', kind: 'UniqueConstraintViolation' } } } }],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('not %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isRecordNotFound', () => {
  it('is Prisma P2025 anywhere in the chain', () => {
    expect(isRecordNotFound({ code: 'P2025' })).toBe(true);
    expect(isRecordNotFound(Object.assign(new Error('wrapped'), { cause: { code: 'P2025' } }))).toBe(true);
    expect(isRecordNotFound({ code: 'P2002' })).toBe(false);
  });
});
