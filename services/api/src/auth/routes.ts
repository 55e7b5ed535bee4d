// POST /api/auth/register, POST /api/auth/login, GET /api/auth/me
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/prisma.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { conflict, unauthorized, notFound } from '../http/errors.ts';
import { sendData } from '../http/envelope.ts';
import { parseOrThrow } from '../http/validate.ts';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import type { AuthRateLimits } from './rate-limits.ts';
import { createAuthRateLimiters } from './rate-limits.ts';
import { currentUserId, requireAuth } from './require-auth.ts';
import type { TokenService } from './tokens.ts';

const email = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be a valid email address'));
// Argon2 work is bounded by capping the password length; 8 is NIST SP 800-63B's minimum.
const password = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

const registerBody = z.strictObject({
  email,
  password,
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
});

const loginBody = z.strictObject({ email, password: z.string().min(1, 'is required').max(256) });

const publicUser = { id: true, email: true, name: true, createdAt: true } as const;

export function authRoutes(deps: { db: Database; tokens: TokenService; rateLimits: AuthRateLimits }): Router {
  const { db, tokens } = deps;
  const limiters = createAuthRateLimiters(deps.rateLimits);
  const router = Router();

  router.post('/register', ...limiters.register, async (req, res) => {
    const input = parseOrThrow(registerBody, req.body);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await db.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: publicUser,
      });
      sendData(req, res, { ...tokens.issue(user.id), user }, { status: 201 });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
  });

  router.post('/login', ...limiters.login, async (req, res) => {
    const input = parseOrThrow(loginBody, req.body);
    const user = await db.user.findUnique({ where: { email: input.email } });
    if (!user) {
      await burnVerifyTime(input.password);
      throw unauthorized('Email or password is incorrect');
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) throw unauthorized('Email or password is incorrect');
    const { passwordHash: _hidden, updatedAt: _updated, ...visible } = user;
    sendData(req, res, { ...tokens.issue(user.id), user: visible });
  });

  router.get('/me', requireAuth(tokens, db), async (req, res) => {
    const user = await db.user.findUnique({ where: { id: currentUserId(req) }, select: publicUser });
    if (!user) throw notFound('User not found');
    sendData(req, res, user);
  });

  return router;
}
