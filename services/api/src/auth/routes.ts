// POST /api/auth/register, POST /api/auth/login, GET /api/auth/me, POST /api/auth/logout, POST /api/auth/password
import { Router } from 'express';
import type { Database } from '@monitrax/database/create-db';
import { isUniqueViolation } from '@monitrax/database/errors';
import { conflict, unauthorized, notFound, validationError } from '../http/errors.ts';
import { sendData } from '../http/envelope.ts';
import { parseOrThrow } from '../http/validate.ts';
import { loginInput, passwordChangeInput, registerInput } from '@monitrax/contract/auth-inputs';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import type { AuthRateLimits } from './rate-limits.ts';
import { createAuthRateLimiters } from './rate-limits.ts';
import { currentSessionId, currentUserId, requireAuth } from './require-auth.ts';
import { createSessions } from './sessions.ts';
import type { TokenService } from './tokens.ts';

const registerBody = registerInput;
const loginBody = loginInput;
const passwordBody = passwordChangeInput;

const publicUser = { id: true, email: true, name: true, createdAt: true } as const;

export function authRoutes(deps: { db: Database; tokens: TokenService; rateLimits: AuthRateLimits }): Router {
  const { db, tokens } = deps;
  const limiters = createAuthRateLimiters(deps.rateLimits);
  const sessions = createSessions(tokens);
  const signedIn = requireAuth(tokens, db);
  const router = Router();

  router.post('/register', ...limiters.register, async (req, res) => {
    const input = parseOrThrow(registerBody, req.body);
    const passwordHash = await hashPassword(input.password);
    try {
      const result = await db.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: publicUser });
        return { ...(await sessions.start(tx, user.id)), user };
      });
      sendData(req, res, result, { status: 201 });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
  });

  router.post('/login', ...limiters.login, async (req, res) => {
    const input = parseOrThrow(loginBody, req.body);
    const user = await db.prisma.user.findUnique({ where: { email: input.email } });
    if (!user) {
      await burnVerifyTime(input.password);
      throw unauthorized('Email or password is incorrect');
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) throw unauthorized('Email or password is incorrect');
    const { passwordHash: _hidden, updatedAt: _updated, ...visible } = user;
    sendData(req, res, { ...(await sessions.start(db.prisma, user.id)), user: visible });
  });

  router.get('/me', signedIn, async (req, res) => {
    const user = await db.prisma.user.findUnique({ where: { id: currentUserId(req) }, select: publicUser });
    if (!user) throw notFound('User not found');
    sendData(req, res, user);
  });

  // Ends the session the token names: the same token is refused from the next request on.
  router.post('/logout', signedIn, async (req, res) => {
    await sessions.revoke(db.prisma, currentSessionId(req));
    sendData(req, res, { signedOut: true });
  });

  // Changes the password and ends every other session (other browsers, a stolen token); this one stays.
  router.post('/password', signedIn, ...limiters.passwordChange, async (req, res) => {
    const input = parseOrThrow(passwordBody, req.body);
    const userId = currentUserId(req);
    const user = await db.prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    if (!user) throw notFound('User not found');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw validationError([{ field: 'currentPassword', message: 'is not your current password' }], 'The current password is incorrect');
    }
    const passwordHash = await hashPassword(input.newPassword);
    const endedSessions = await db.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      return sessions.revokeAllBut(tx, userId, currentSessionId(req));
    });
    sendData(req, res, { passwordChanged: true, endedSessions });
  });

  return router;
}
