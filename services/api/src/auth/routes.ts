// The handlers of the contract's auth routes: register, confirm, login, me, logout, password (POST /api/auth/...).
import type { SignUpAccepted } from '@monitrax/contract/auth';
import type { Database } from '@monitrax/database/create-db';
import { isUniqueViolation } from '@monitrax/database/errors';
import { sendData } from '../http/envelope.ts';
import { conflict, notFound, unauthorized, validationError } from '../http/errors.ts';
import type { Handlers } from '../http/route-table.ts';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import type { Logger } from 'pino';
import { type AuthRateLimits, createAuthRateLimiters, type RateLimitStore } from './rate-limits.ts';
import { currentSessionId, currentUserId } from './require-auth.ts';
import { createSessions } from './sessions.ts';
import type { TokenService } from './tokens.ts';
import { DEVICE_TOKEN_HEADER } from '@monitrax/contract/headers';
import type { RequestHandler } from 'express';
import { normalisedEmail } from './credentials.ts';
import type { DeviceTokens } from './device-tokens.ts';
import { createSignUps } from './sign-up.ts';

const publicUser = { id: true, email: true, name: true, createdAt: true } as const;

type AuthRoute = 'auth.register' | 'auth.confirm' | 'auth.login' | 'auth.me' | 'auth.logout' | 'auth.password';

export function authHandlers(deps: {
  db: Database;
  tokens: TokenService;
  deviceTokens: DeviceTokens;
  logger: Logger;
  /** The web origin that links in mail open. */
  linkOrigin: string;
  rateLimits: AuthRateLimits;
  rateLimitStore?: RateLimitStore;
}): Handlers<AuthRoute> {
  const { db, tokens } = deps;
  const limiters = createAuthRateLimiters(deps.rateLimits, { db, logger: deps.logger, ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}) });
  const sessions = createSessions(tokens);
  const signUps = createSignUps({ db, logger: deps.logger, linkOrigin: deps.linkOrigin });
  // Before the limits: which budget a sign-in spends depends on whether this browser signed in to the account before.
  const recogniseDevice: RequestHandler = (req, _res, next) => {
    const email = normalisedEmail(req.body);
    const deviceId = email ? deps.deviceTokens.verify(req.get(DEVICE_TOKEN_HEADER), email) : undefined;
    if (deviceId) req.deviceId = deviceId;
    next();
  };

  return {
    // The same answer, after the same work, whether or not the address has an account (sign-up.ts): the owner
    // finds out by mail.
    'auth.register': {
      before: limiters.register,
      async handle(req, res, { body: input }) {
        await signUps.request(input);
        const accepted: SignUpAccepted = { email: input.email, confirmationSent: true };
        sendData(req, res, accepted, { status: 202 });
      },
    },

    // The mailed link's token and the password chosen at sign-up: creates the account and signs this browser in to it.
    'auth.confirm': {
      before: limiters.confirm,
      async handle(req, res, { body: input }) {
        try {
          const result = await signUps.confirm(input, async ({ tx, user }) => ({
            ...(await sessions.start(tx, user.id)),
            user,
            deviceToken: deps.deviceTokens.issue(user.email),
          }));
          if ('outcome' in result) {
            if (result.outcome === 'account-exists') throw conflict('The account for this address already exists: sign in');
            if (result.outcome === 'wrong-password') {
              throw validationError(
                [{ field: 'password', message: 'is not the password this sign-up was made with' }],
                'The password is not the one chosen at sign-up',
              );
            }
            throw validationError(
              [{ field: 'token', message: 'has expired or was already used' }],
              'This sign-up link has expired or was already used: sign up again for a new one',
            );
          }
          sendData(req, res, result, { status: 201 });
        } catch (error) {
          // A race the address lock does not cover (an account made another way meanwhile): the account exists.
          if (isUniqueViolation(error)) throw conflict('The account for this address already exists: sign in');
          throw error;
        }
      },
    },

    'auth.login': {
      before: [recogniseDevice, ...limiters.login],
      async handle(req, res, { body: input }) {
        const user = await db.prisma.user.findUnique({ where: { email: input.email } });
        if (!user) {
          await burnVerifyTime(input.password);
          throw unauthorized('Email or password is incorrect');
        }
        if (!(await verifyPassword(user.passwordHash, input.password))) throw unauthorized('Email or password is incorrect');
        const { passwordHash: _hidden, updatedAt: _updated, ...visible } = user;
        sendData(req, res, { ...(await sessions.start(db.prisma, user.id)), user: visible, deviceToken: deps.deviceTokens.issue(user.email) });
      },
    },

    async 'auth.me'(req, res) {
      const user = await db.prisma.user.findUnique({ where: { id: currentUserId(req) }, select: publicUser });
      if (!user) throw notFound('User not found');
      sendData(req, res, user);
    },

    // Ends the session the token names: the same token is refused from the next request on.
    async 'auth.logout'(req, res) {
      await sessions.revoke(db.prisma, currentSessionId(req));
      sendData(req, res, { signedOut: true });
    },

    // Changes the password and ends every other session (other browsers, a stolen token); this one stays.
    'auth.password': {
      before: limiters.passwordChange,
      async handle(req, res, { body: input }) {
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
      },
    },
  };
}
