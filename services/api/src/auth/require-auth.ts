// Guards a router: a valid bearer token for a user that still exists, or 401. Every reason gives the
// same answer so that a caller learns nothing about why a token was refused.
import type { RequestHandler } from 'express';
import type { Database } from '../db/prisma.ts';
import { unauthorized } from '../http/errors.ts';
import type { TokenService } from './tokens.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

export function requireAuth(tokens: TokenService, db: Database): RequestHandler {
  return async (req, _res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const userId = match ? tokens.verify(match[1]!) : undefined;
    if (!userId || !UUID.test(userId)) throw unauthorized('A valid access token is required');
    // A deleted account's unexpired token must stop working at once.
    if (!(await db.userExists(userId))) throw unauthorized('A valid access token is required');
    req.userId = userId;
    next();
  };
}

/** The signed-in user's id inside a handler behind requireAuth. */
export function currentUserId(req: { userId?: string }): string {
  if (!req.userId) throw unauthorized();
  return req.userId;
}
