// Brute-force protection for the credential endpoints (express-rate-limit, in-memory store: one API
// instance per service on Render; a shared store would be needed to scale out horizontally).
// Independent budgets: per client address (one attacker, many emails), per email (many addresses, one
// victim) and, for a password change, per signed-in user (a stolen token guessing the current password).
// Only failures count against an email or a user, so a legitimate user is not locked out by signing in often.
// The client address is req.clientAddress (http/middleware/client-address.ts): the browser's, also when the
// request came through the web server.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ApiError } from '../http/errors.ts';
import { sendError } from '../http/envelope.ts';
import { normalisedEmail } from './credentials.ts';

export interface AuthRateLimits {
  windowMs: number;
  loginPerIp: number;
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

type Key = 'client' | 'email' | 'user';

const keyOf: Record<Key, (req: Request) => string | undefined> = {
  // ipKeyGenerator groups an IPv6 client by its /56, which one person controls whole.
  client: (req) => `client:${ipKeyGenerator(req.clientAddress ?? req.ip ?? 'unknown')}`,
  // Requests whose email validation refuses are answered 400 without a password check; the client budget
  // still counts them.
  email: (req) => {
    const email = normalisedEmail(req.body);
    return email === undefined ? undefined : `email:${email}`;
  },
  user: (req) => (req.userId ? `user:${req.userId}` : undefined),
};

function limiter(options: { windowMs: number; limit: number; key: Key; onlyFailures?: boolean }): RequestHandler {
  const key = keyOf[options.key];
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: options.onlyFailures ?? false,
    skip: (req) => key(req) === undefined,
    keyGenerator: (req) => key(req)!,
    // The key is ours (client address already resolved), not express-rate-limit's reading of req.ip.
    validate: { keyGeneratorIpFallback: false },
    handler: (req, res) => {
      sendError(req, res, new ApiError('RATE_LIMITED', 'Too many attempts; wait a few minutes and try again'));
    },
  });
}

export function createAuthRateLimiters(limits: AuthRateLimits) {
  return {
    login: [
      limiter({ windowMs: limits.windowMs, limit: limits.loginPerIp, key: 'client' }),
      limiter({ windowMs: limits.windowMs, limit: limits.loginFailuresPerEmail, key: 'email', onlyFailures: true }),
    ],
    register: [limiter({ windowMs: limits.windowMs, limit: limits.registerPerIp, key: 'client' })],
    passwordChange: [limiter({ windowMs: limits.windowMs, limit: limits.passwordChangeFailuresPerUser, key: 'user', onlyFailures: true })],
  };
}
