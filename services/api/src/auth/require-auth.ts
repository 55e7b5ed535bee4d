// Guards a router: a valid bearer token whose session is still live (not signed out, not ended by a password
// change, not expired, its user not deleted), or 401. Every reason gives the same answer so that a caller learns
// nothing about why a token was refused.
import type { RequestHandler } from 'express';
import type { Database } from '@monitrax/database/create-db';
import { unauthorized } from '../http/errors.ts';
import type { TokenService } from './tokens.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

export function requireAuth(tokens: TokenService, db: Database): RequestHandler {
  return async (req, _res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const claims = match ? tokens.verify(match[1]!) : undefined;
    if (!claims || !UUID.test(claims.userId) || !UUID.test(claims.sessionId)) throw unauthorized('A valid access token is required');
    if (!(await db.sessionIsLive(claims.sessionId, claims.userId))) throw unauthorized('A valid access token is required');
    req.userId = claims.userId;
    req.sessionId = claims.sessionId;
    next();
  };
}

/** The signed-in user's id inside a handler behind requireAuth. */
export function currentUserId(req: { userId?: string }): string {
  if (!req.userId) throw unauthorized();
  return req.userId;
}

/** The session the request's token names, inside a handler behind requireAuth. */
export function currentSessionId(req: { sessionId?: string }): string {
  if (!req.sessionId) throw unauthorized();
  return req.sessionId;
}
