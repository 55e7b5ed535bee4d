// Brute-force protection for the credential endpoints. Independent budgets: per client address (one attacker, many
// emails); for one email, per client that failed on it and per device that signed in to it before; and, for a
// password change, per signed-in user (a stolen token guessing the current password). Only failures count against
// an email, a device or a user, so a legitimate user is not locked out by signing in often. The client address is
// req.clientAddress (http/middleware/client-address.ts): the browser's, also when the request came through the web.
//
// Nobody can lock an owner out by knowing the email (OWASP's guidance on slowing online guessing): the wall (429)
// stands per client and email, so only the client that failed is stopped; attempts on one email from everywhere
// else are slowed, not refused (each failure past the budget adds a delay, up to a ceiling); and a browser that has
// signed in to the account before (a device token, device-tokens.ts) spends a budget of its own and waits for nobody.
//
// The counts live in PostgreSQL (table "RateLimit" in prisma/schema.prisma), so two API instances (Render's
// numInstances, a zero-downtime deploy's overlap) spend one budget, and a restart or a deploy resets none.
// The store is rate-limiter-flexible's RateLimiterPrisma, behind express-rate-limit (rate-limit-store.ts), because:
// - it runs on the Prisma client the app already has: its pool, no second one, no driver of its own;
// - its table is a model in schema.prisma, so the schema sync creates and guards it like every other table;
// - it is maintained, has no dependencies, increments atomically (one upsert) and deletes rows an hour after their
//   window ended (a timer, on one budget of each app);
// - @acpr/rate-limit-postgresql would bring an older pg and a pool of its own and migrate a schema of its own
//   outside the sync; rate-limiter-flexible's RateLimiterPostgres needs the pg Pool, which @monitrax/database keeps
//   to itself.
// express-rate-limit stays in front for what it already did: the skip rules, counting failures only (a success is
// refunded), the RateLimit headers and the 429 in the API's envelope.
//
// When PostgreSQL cannot count (the table missing, a timeout, the server gone), each instance counts in its own
// memory until it can again, and says so in the log once each way. Failing closed would turn trouble in one table
// into nobody signing in; failing open would drop brute-force protection exactly when someone may be provoking
// errors. Counting locally keeps a bound and keeps sign-in up: while the table cannot count, a client gets at most what
// the table had left plus one budget per instance.
// If the whole database is down, sign-in answers 503 anyway: it needs the users table.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterPrisma } from 'rate-limiter-flexible';
import type { Database } from '@monitrax/database/create-db';
import { ApiError } from '../http/errors.ts';
import { sendError } from '../http/envelope.ts';
import { normalisedEmail } from './credentials.ts';
import { SharedStore, type StoreHealth, storeHealth } from './rate-limit-store.ts';

export interface AuthRateLimits {
  windowMs: number;
  loginPerIp: number;
  /** Failures on one email from one client (or one device that signed in before) before 429; also how many
   * failures on the email from anywhere pass before each further attempt on it is slowed. */
  loginFailuresPerEmail: number;
  registerPerIp: number;
  passwordChangeFailuresPerUser: number;
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  windowMs: 15 * 60 * 1000,
  loginPerIp: 50,
  loginFailuresPerEmail: 10,
  registerPerIp: 20,
  passwordChangeFailuresPerUser: 10,
};

/** Where the counts live: PostgreSQL (every instance, the product), or this process only (the bench's baseline). */
export type RateLimitStore = 'database' | 'memory';

/** The Prisma delegate of the "RateLimit" model, the name RateLimiterPrisma looks the model up by. */
const RATE_LIMIT_MODEL = 'rateLimit' satisfies keyof Database['prisma'];

type Key = 'client' | 'untrustedEmail' | 'emailFromClient' | 'emailFromDevice' | 'user';

// ipKeyGenerator groups an IPv6 client by its /56, which one person controls whole.
const clientOf = (req: Request) => ipKeyGenerator(req.clientAddress ?? req.ip ?? 'unknown');

// Requests whose email validation refuses (undefined here) are answered 400 without a password check; the client
// budget still counts them.
const keyOf: Record<Key, (req: Request) => string | undefined> = {
  client: clientOf,
  untrustedEmail: (req) => (req.deviceId ? undefined : normalisedEmail(req.body)),
  emailFromClient: (req) => {
    const email = req.deviceId ? undefined : normalisedEmail(req.body);
    return email && `${email}|${clientOf(req)}`;
  },
  emailFromDevice: (req) => {
    const email = req.deviceId ? normalisedEmail(req.body) : undefined;
    return email && `${email}|${req.deviceId}`;
  },
  user: (req) => req.userId,
};

/** The delay of an attempt on an email that has failed `failures` times in the window (this one included), past the
 * budget: half a second more per failure, at most `ceilingMs`. */
export function slowDownDelayMs(failures: number, budget: number, ceilingMs: number): number {
  return Math.min(Math.max(0, failures - budget) * 500, ceilingMs);
}

/** The longest wait a slowed attempt is given (it stays well inside the web's time limit for an API call). */
export const SLOW_DOWN_CEILING_MS = 5_000;

interface Counters {
  prisma: Database['prisma'] | undefined;
  health: StoreHealth;
  /** True for the first budget only: one sweep of expired rows per app is enough (the table is shared). */
  sweep(): boolean;
}

function sharedStore(counters: Counters, name: string, windowMs: number, limit: number): SharedStore {
  // One table holds every budget: the budget's name prefixes its keys ("login-client:203.0.113.7").
  const budget = { keyPrefix: name, points: limit, duration: windowMs / 1000 };
  const shared = counters.prisma
    ? new RateLimiterPrisma({ ...budget, storeClient: counters.prisma, tableName: RATE_LIMIT_MODEL, clearExpiredByTimeout: counters.sweep() })
    : undefined;
  return new SharedStore({ prefix: `${name}:`, shared, local: new RateLimiterMemory(budget), health: counters.health });
}

function limiter(counters: Counters, options: { name: string; windowMs: number; limit: number; key: Key; onlyFailures?: boolean }): RequestHandler {
  const key = keyOf[options.key];
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The budget's name in the RateLimit and RateLimit-Policy headers (a sign-in answers for two budgets).
    identifier: options.name,
    skipSuccessfulRequests: options.onlyFailures ?? false,
    store: sharedStore(counters, options.name, options.windowMs, options.limit),
    skip: (req) => key(req) === undefined,
    keyGenerator: (req) => key(req)!,
    // The key is ours (client address already resolved), not express-rate-limit's reading of req.ip.
    validate: { keyGeneratorIpFallback: false },
    handler: (req, res) => {
      sendError(req, res, new ApiError('RATE_LIMITED', 'Too many attempts; wait a few minutes and try again'));
    },
  });
}

/** Failures on an email from anywhere (but devices that signed in to it before): past the budget, each attempt waits. */
function slower(counters: Counters, options: { name: string; windowMs: number; budget: number }): RequestHandler {
  const key = keyOf.untrustedEmail;
  // Never refused here (the wall is per client, emailFromClient); the store keeps counting past its points.
  return slowDown({
    windowMs: options.windowMs,
    delayAfter: options.budget,
    delayMs: (used) => slowDownDelayMs(used, options.budget, SLOW_DOWN_CEILING_MS),
    skipSuccessfulRequests: true,
    store: sharedStore(counters, options.name, options.windowMs, options.budget),
    skip: (req) => key(req) === undefined,
    keyGenerator: (req) => key(req)!,
    validate: { keyGeneratorIpFallback: false, delayMs: false },
  });
}

export function createAuthRateLimiters(limits: AuthRateLimits, deps: { db: Database; logger: Logger; store?: RateLimitStore }) {
  let swept = false;
  const counters: Counters = {
    prisma: deps.store === 'memory' ? undefined : deps.db.prisma,
    health: storeHealth(deps.logger),
    sweep: () => {
      if (swept) return false;
      swept = true;
      return true;
    },
  };
  const { windowMs } = limits;
  return {
    login: [
      limiter(counters, { name: 'login-client', windowMs, limit: limits.loginPerIp, key: 'client' }),
      limiter(counters, { name: 'login-email-client', windowMs, limit: limits.loginFailuresPerEmail, key: 'emailFromClient', onlyFailures: true }),
      limiter(counters, { name: 'login-email-device', windowMs, limit: limits.loginFailuresPerEmail, key: 'emailFromDevice', onlyFailures: true }),
      slower(counters, { name: 'login-email', windowMs, budget: limits.loginFailuresPerEmail }),
    ],
    register: [limiter(counters, { name: 'register-client', windowMs, limit: limits.registerPerIp, key: 'client' })],
    // A sign-up link cannot be guessed (32 random bytes); the budget bounds the lookups and the password guesses a
    // client can make with a link it holds.
    confirm: [limiter(counters, { name: 'confirm-client', windowMs, limit: limits.registerPerIp, key: 'client' })],
    passwordChange: [limiter(counters, { name: 'password-user', windowMs, limit: limits.passwordChangeFailuresPerUser, key: 'user', onlyFailures: true })],
  };
}
