// The mail outbox (prisma/schema.prisma: OutgoingEmail): the API writes a row in the transaction of what the mail
// tells of and notifies OUTBOX_CHANNEL; the worker listens, claims due rows, sends them and records the outcome.
// A claim is a lease (nextAttemptAt moves past the send), not a held transaction, so a worker that dies mid-send
// hands its rows to the next claim after the lease; SKIP LOCKED keeps two workers off the same row. A mail may then
// go twice, never zero times.
import pg from 'pg';
import type { Database } from './create-db.ts';
import type { EmailKind } from './generated/prisma/enums.ts';

/** The NOTIFY channel a committed outbox row wakes the worker on. */
export const OUTBOX_CHANNEL = 'monitrax_outbox';

export interface ClaimedEmail {
  id: string;
  kind: EmailKind;
  to: string;
  link: string | null;
  /** Including this one. */
  attempts: number;
}

export interface OutboxPolicy {
  /** How long a claimed row is left to its worker before another may take it. */
  leaseSeconds: number;
  /** Sends tried before a mail is given up. */
  maxAttempts: number;
  /** Sent and given-up rows are kept this long (the per-address cap counts them), then deleted. */
  keepHours: number;
}

export const OUTBOX_POLICY: OutboxPolicy = { leaseSeconds: 120, maxAttempts: 8, keepHours: 24 };

/** The wait before retry `attempt` (1-based): 15 s, doubling, at most an hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(15 * 2 ** (attempt - 1), 3_600);
}

export function createOutbox(db: Database, policy: OutboxPolicy = OUTBOX_POLICY) {
  const { prisma } = db;
  return {
    /** Takes up to `limit` due mails, oldest first, for `policy.leaseSeconds`. */
    claim(limit: number): Promise<ClaimedEmail[]> {
      return prisma.$queryRaw<ClaimedEmail[]>`
        UPDATE "OutgoingEmail" SET "attempts" = "attempts" + 1, "nextAttemptAt" = now() + make_interval(secs => ${policy.leaseSeconds})
        WHERE "id" IN (
          SELECT "id" FROM "OutgoingEmail"
          WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= now()
          ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING "id", "kind", "to", "link", "attempts"`;
    },

    /** The mail left, as `kind`: its link, a credential until used, is not kept. */
    async sent(id: string, kind: EmailKind): Promise<void> {
      await prisma.outgoingEmail.update({ where: { id }, data: { kind, sentAt: new Date(), link: null, lastError: null } });
    },

    /** Whether `email` has an account now. */
    async hasAccount(email: string): Promise<boolean> {
      return (await prisma.user.count({ where: { email } })) > 0;
    },

    /** Ends the address's pending sign-ups (it has an account: their links could create nothing). */
    async endPendingSignUps(email: string): Promise<void> {
      await prisma.pendingSignUp.deleteMany({ where: { email } });
    },

    /** A send failed: retried later, or given up after `policy.maxAttempts`. Returns whether it was given up. */
    async failed(mail: ClaimedEmail, reason: string): Promise<boolean> {
      const givingUp = mail.attempts >= policy.maxAttempts;
      const lastError = reason.slice(0, 500);
      await prisma.outgoingEmail.update({
        where: { id: mail.id },
        data: givingUp
          ? { failedAt: new Date(), link: null, lastError }
          : { nextAttemptAt: new Date(Date.now() + retryDelaySeconds(mail.attempts) * 1000), lastError },
      });
      return givingUp;
    },

    /** Deletes expired sign-up links and mails done for longer than `policy.keepHours`. */
    async sweep(): Promise<{ pendingSignUps: number; mails: number }> {
      const doneBefore = new Date(Date.now() - policy.keepHours * 60 * 60 * 1000);
      const [pendingSignUps, mails] = await prisma.$transaction([
        prisma.pendingSignUp.deleteMany({ where: { expiresAt: { lte: new Date() } } }),
        prisma.outgoingEmail.deleteMany({ where: { createdAt: { lt: doneBefore }, OR: [{ sentAt: { not: null } }, { failedAt: { not: null } }] } }),
      ]);
      return { pendingSignUps: pendingSignUps.count, mails: mails.count };
    },

    /** Mails waiting (not sent, not given up) and given up in the kept window: what the worker's status reports. */
    async counts(): Promise<{ waiting: number; givenUp: number }> {
      const [waiting, givenUp] = await prisma.$transaction([
        prisma.outgoingEmail.count({ where: { sentAt: null, failedAt: null } }),
        prisma.outgoingEmail.count({ where: { failedAt: { not: null } } }),
      ]);
      return { waiting, givenUp };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Calls `onWake` for each notification on OUTBOX_CHANNEL, on a connection of its own (LISTEN needs one that stays).
 * A lost connection is reported to `onError`; the caller's polling covers the gap until it listens again.
 */
export async function listenForOutbox(databaseUrl: string, handlers: { onWake(): void; onError(error: Error): void }): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'monitrax-worker-outbox' });
  client.on('notification', () => handlers.onWake());
  client.on('error', handlers.onError);
  await client.connect();
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return { close: () => client.end() };
}
