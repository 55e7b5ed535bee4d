import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { SharedStore } from './rate-limit-store.ts';

// The PostgreSQL counter's part is played by the library's in-memory limiter (same interface); the table itself is
// tested in test/client-limits.integration.test.ts.
function store() {
  const budget = { points: 5, duration: 900 };
  const shared = new RateLimiterMemory(budget);
  const local = new RateLimiterMemory(budget);
  const health = { failed: () => {}, answered: () => {} };
  return { shared, local, store: new SharedStore({ prefix: 'login-email:', shared, local, health }) };
}

describe('SharedStore.decrement (a success refunded)', () => {
  it('refunds the attempt where it was counted: in this process, when PostgreSQL could not count it', async () => {
    const { shared, local, store: limits } = store();
    await local.consume('ann@example.com');
    await limits.decrement('ann@example.com');
    expect((await local.get('ann@example.com'))?.consumedPoints).toBe(0);
    // Nothing written to the shared count: a refund there would go below zero, a free attempt in the next window.
    expect(await shared.get('ann@example.com')).toBeNull();
  });

  it('refunds the shared count when that is where the attempt is', async () => {
    const { shared, store: limits } = store();
    await limits.increment('ann@example.com');
    await limits.increment('ann@example.com');
    await limits.decrement('ann@example.com');
    expect((await shared.get('ann@example.com'))?.consumedPoints).toBe(1);
  });

  it('refunds nothing that was never counted', async () => {
    const { shared, local, store: limits } = store();
    await limits.decrement('bob@example.com');
    expect([await shared.get('bob@example.com'), await local.get('bob@example.com')]).toEqual([null, null]);
  });
});
