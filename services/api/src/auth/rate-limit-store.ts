// An express-rate-limit store whose counts live in PostgreSQL (rate-limiter-flexible's RateLimiterPrisma on the
// app's own Prisma client, table "RateLimit"), so every API instance spends one budget per key and a restart or a
// deploy resets nothing. express-rate-limit keeps what it did before: the skip rules, counting failures only, the
// RateLimit headers and the 429 through the API's envelope.
// When the database cannot count (unreachable, the table missing, a timeout), the same budget is counted in this
// process instead, and the switch is logged once each way (why: rate-limits.ts).
import type { ClientRateLimitInfo, Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { type RateLimiterAbstract, type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Tells the log when the shared store stops and starts answering: one line per change, never one per request. */
export interface StoreHealth {
  failed(error: unknown): void;
  answered(): void;
}

export function storeHealth(logger: Logger): StoreHealth {
  let failing = false;
  return {
    failed(error) {
      if (failing) return;
      failing = true;
      logger.error({ err: error }, 'sign-in limits: PostgreSQL could not count an attempt; each API instance now counts its own until it can again');
    },
    answered() {
      if (!failing) return;
      failing = false;
      logger.info('sign-in limits: PostgreSQL counts attempts again, one budget for every API instance');
    },
  };
}

// rate-limiter-flexible rejects with the result itself once the budget is spent; express-rate-limit wants the count.
async function hits(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key, 1);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome;
    throw outcome;
  }
}

function info(outcome: RateLimiterRes): ClientRateLimitInfo {
  // A count refunded to 0 within its window may be counted again from 0; express-rate-limit wants >= 1.
  return { totalHits: Math.max(outcome.consumedPoints, 1), resetTime: new Date(Date.now() + Math.max(outcome.msBeforeNext, 0)) };
}

export class SharedStore implements Store {
  /** Counts are shared between instances of this store (express-rate-limit's double-count check reads it). */
  readonly localKeys = false;

  /** The budget's name, the first part of every key it writes (one table holds every budget). */
  readonly prefix: string;
  /** The PostgreSQL counter; undefined counts in this process only (the bench's in-memory baseline). */
  private readonly shared: RateLimiterAbstract | undefined;
  private readonly local: RateLimiterMemory;
  private readonly health: StoreHealth;

  constructor(options: { prefix: string; shared: RateLimiterAbstract | undefined; local: RateLimiterMemory; health: StoreHealth }) {
    this.prefix = options.prefix;
    this.shared = options.shared;
    this.local = options.local;
    this.health = options.health;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (this.shared) {
      try {
        const outcome = await hits(this.shared, key);
        this.health.answered();
        return info(outcome);
      } catch (error) {
        this.health.failed(error);
      }
    }
    return info(await hits(this.local, key));
  }

  /** A success refunded (the failures-only budgets). Called after the answer has been sent. Refunded only where an
   * attempt is counted, this process first (where it went while PostgreSQL could not count): a refund of a count that
   * store does not hold would go below zero, a free attempt in the next window. */
  async decrement(key: string): Promise<void> {
    if (((await this.local.get(key))?.consumedPoints ?? 0) > 0) {
      await this.local.reward(key, 1);
      return;
    }
    if (!this.shared) return;
    try {
      if (((await this.shared.get(key))?.consumedPoints ?? 0) > 0) await this.shared.reward(key, 1);
      this.health.answered();
    } catch (error) {
      this.health.failed(error);
    }
  }

  async resetKey(key: string): Promise<void> {
    await Promise.all([this.shared?.delete(key), this.local.delete(key)]);
  }
}
