// Sign-up by mailed link, so that sign-up tells nobody which addresses have accounts (OWASP's account enumeration
// guidance). Every request does the same work whatever the address, by construction: one Argon2 hash and one short
// transaction writing a pending sign-up and its mail; it never looks whether the address has an account. The worker
// does, when it sends (services/worker/src/mail/compose.ts): a new address gets the link, which creates the account
// (a User) when used, so an address can only be taken by whoever reads its mail; an address with an account gets word
// that someone tried to sign up with it, and a link to sign in.
// The mail is written to the outbox in the same transaction as the pending sign-up (prisma/schema.prisma,
// OutgoingEmail), and the commit wakes the worker (OUTBOX_CHANNEL).
import { currentTraceparent } from '@monitrax/telemetry/trace-context';
import { createHash, randomBytes } from 'node:crypto';
import { CONFIRM_SIGN_UP_PAGE, CONFIRM_SIGN_UP_TOKEN_PARAM, SIGN_UP_LINK_HOURS } from '@monitrax/contract/auth';
import type { Database } from '@monitrax/database/create-db';
import { OUTBOX_CHANNEL } from '@monitrax/database/outbox';
import type { Prisma } from '@monitrax/database/client';
import type { Logger } from 'pino';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Most mails one address is sent in an hour, whoever asks: sign-up cannot be used to flood someone's inbox. */
export const MAILS_PER_ADDRESS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SignUpRequest {
  email: string;
  name: string;
  password: string;
}

export type Confirmation =
  | { outcome: 'created'; tx: Prisma.TransactionClient; user: { id: string; email: string; name: string; createdAt: Date } }
  | { outcome: 'unknown-link' }
  | { outcome: 'wrong-password' }
  | { outcome: 'account-exists' };

export function createSignUps(deps: { db: Database; logger: Logger; linkOrigin: string }) {
  const { db } = deps;

  return {
    /** Queues the mail the address's owner should get; the caller answers the same whatever happened here. */
    async request(input: SignUpRequest): Promise<void> {
      const passwordHash = await hashPassword(input.password);
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      await db.prisma.$transaction(async (tx) => {
        // One request per address at a time, so parallel requests cannot all pass the cap (every request takes it).
        await lockAddress(tx, input.email);
        const recentMails = await tx.outgoingEmail.count({ where: { to: input.email, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } } });
        if (recentMails >= MAILS_PER_ADDRESS_PER_HOUR) {
          deps.logger.warn({ recentMails }, 'sign-up: this address was sent its most mails for the hour; no mail queued');
          return;
        }
        const expiresAt = new Date(now.getTime() + SIGN_UP_LINK_HOURS * HOUR_MS);
        await tx.pendingSignUp.create({ data: { email: input.email, name: input.name, passwordHash, tokenHash: tokenHashOf(token), expiresAt } });
        const link = new URL(CONFIRM_SIGN_UP_PAGE, deps.linkOrigin);
        link.searchParams.set(CONFIRM_SIGN_UP_TOKEN_PARAM, token);
        await tx.outgoingEmail.create({ data: { kind: 'CONFIRM_SIGN_UP', to: input.email, link: link.href, traceparent: currentTraceparent() ?? null } });
        // Delivered at commit, and only if it commits.
        await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
      });
    },

    /**
     * Creates the account a link names, given the password chosen at sign-up (whoever opens a link must know it, so a
     * sign-up someone else made for your address cannot become your account with their password), inside a
     * transaction that `withAccount` finishes (it starts the session). A link is used once; the address's other links
     * and the mails still waiting with them end with it.
     */
    async confirm<T>(
      input: { token: string; password: string },
      withAccount: (created: Extract<Confirmation, { outcome: 'created' }>) => Promise<T>,
    ): Promise<T | Exclude<Confirmation, { outcome: 'created' }>> {
      const pending = await db.prisma.pendingSignUp.findUnique({ where: { tokenHash: tokenHashOf(input.token) } });
      if (!pending || pending.expiresAt <= new Date()) return { outcome: 'unknown-link' };
      if (!(await verifyPassword(pending.passwordHash, input.password))) return { outcome: 'wrong-password' };
      return db.prisma.$transaction(async (tx) => {
        // Two links of one address used at once wait for each other here instead of deadlocking below.
        await lockAddress(tx, pending.email);
        // Deleting claims the link: of two requests with it, the second deletes nothing.
        const { count } = await tx.pendingSignUp.deleteMany({ where: { id: pending.id } });
        if (count === 0) return { outcome: 'unknown-link' as const };
        await tx.pendingSignUp.deleteMany({ where: { email: pending.email } });
        await tx.outgoingEmail.updateMany({
          where: { to: pending.email, kind: 'CONFIRM_SIGN_UP', sentAt: null, failedAt: null },
          data: { link: null, failedAt: new Date(), lastError: 'not sent: the sign-up was finished through another link' },
        });
        const existing = await tx.user.findUnique({ where: { email: pending.email }, select: { id: true } });
        if (existing) return { outcome: 'account-exists' as const };
        const user = await tx.user.create({
          data: { email: pending.email, name: pending.name, passwordHash: pending.passwordHash },
          select: { id: true, email: true, name: true, createdAt: true },
        });
        return withAccount({ outcome: 'created', tx, user });
      });
    },
  };
}

/** A transaction-long lock on one address's sign-ups. */
async function lockAddress(tx: Prisma.TransactionClient, email: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-up:${email}`}, 0))`;
}

export type SignUps = ReturnType<typeof createSignUps>;
