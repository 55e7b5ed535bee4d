// Sessions: the row each access token names. Starting one writes the row and signs its token; ending one
// (sign-out) or all but one (password change) marks them revoked, which requireAuth sees on the next request.
import type { Prisma } from '@monitrax/database/client';
import type { TokenService } from './tokens.ts';

/** The part of the Prisma client these need: the client itself or an interactive transaction. */
type SessionStore = Pick<Prisma.TransactionClient, 'session'>;

export interface StartedSession {
  token: string;
  expiresAt: string;
}

export function createSessions(tokens: TokenService) {
  return {
    async start(store: SessionStore, userId: string): Promise<StartedSession> {
      const now = Date.now();
      const expiresAt = new Date(now + tokens.lifetimeSeconds * 1000);
      // A user's ended sessions are of no further use; clearing them here keeps the table at live sessions.
      await store.session.deleteMany({ where: { userId, OR: [{ expiresAt: { lte: new Date(now) } }, { revokedAt: { not: null } }] } });
      const session = await store.session.create({ data: { userId, expiresAt }, select: { id: true } });
      return tokens.issue({ userId, sessionId: session.id }, expiresAt);
    },
    async revoke(store: SessionStore, sessionId: string): Promise<void> {
      await store.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    },
    async revokeAllBut(store: SessionStore, userId: string, keepSessionId: string): Promise<number> {
      const { count } = await store.session.updateMany({ where: { userId, id: { not: keepSessionId }, revokedAt: null }, data: { revokedAt: new Date() } });
      return count;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
