// Brute-force protection for the credential endpoints (express-rate-limit, in-memory store: one API
// instance per service on Render; a shared store would be needed to scale out horizontally).
// Two independent budgets: per client IP (one attacker, many emails) and per email (many IPs, one
// victim). Only failed logins count against the email so a legitimate user is not locked out by
// signing in often.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ApiError } from '../http/errors.ts';
import { sendError } from '../http/envelope.ts';

export interface AuthRateLimits {
  windowMs: number;
  loginPerIp: number;
  loginFailuresPerEmail: number;
  registerPerIp: number;
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  windowMs: 15 * 60 * 1000,
  loginPerIp: 50,
  loginFailuresPerEmail: 10,
  registerPerIp: 20,
};

function emailKey(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
}

function limiter(options: { windowMs: number; limit: number; key: 'ip' | 'email'; skipSuccessfulRequests?: boolean }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    // Requests without an email are judged by the IP budget alone.
    skip: options.key === 'email' ? (req) => emailKey(req.body) === undefined : undefined,
    keyGenerator: (req) => (options.key === 'email' ? `email:${emailKey(req.body)}` : ipKeyGenerator(req.ip ?? 'unknown')),
    handler: (req, res) => {
      sendError(req, res, new ApiError('RATE_LIMITED', 'Too many attempts; wait a few minutes and try again'));
    },
  });
}

export function createAuthRateLimiters(limits: AuthRateLimits) {
  return {
    login: [
      limiter({ windowMs: limits.windowMs, limit: limits.loginPerIp, key: 'ip' }),
      limiter({ windowMs: limits.windowMs, limit: limits.loginFailuresPerEmail, key: 'email', skipSuccessfulRequests: true }),
    ],
    register: [limiter({ windowMs: limits.windowMs, limit: limits.registerPerIp, key: 'ip' })],
  };
}
