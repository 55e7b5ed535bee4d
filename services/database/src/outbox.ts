// The mail outbox (prisma/schema.prisma: OutgoingEmail): the API writes a row in the transaction of what the mail
// tells of and notifies OUTBOX_CHANNEL; the worker listens, claims one due row at a time, sends it and records the
// outcome. A claim is a lease (nextAttemptAt moves past the send, which the transport's timeouts keep well inside
// it), not a held transaction, so a worker that dies mid-send hands the row to the next claim after the lease; SKIP
// LOCKED keeps two workers off the same row, and an outcome is recorded only by the claim it belongs to (its attempt
// number). A mail may then go twice, never zero times.
import pg from 'pg';
import type { Database } from './create-db.ts';
import type { EmailKind } from './generated/prisma/enums.ts';

/** The NOTIFY channel a committed outbox row wakes the worker on. */
export const OUTBOX_CHANNEL = 'monitrax_outbox';
/** The listening connection's application_name (pg_stat_activity shows it). */
export const OUTBOX_LISTENER_NAME = 'monitrax-worker-outbox';

export interface ClaimedEmail {
  id: string;
  kind: EmailKind;
  to: string;
  link: string | null;
  /** The trace of the request that queued it, when telemetry was on. */
  traceparent: string | null;
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

/** The row as this claim left it: a later claim (after the lease) has another attempt number. */
const ownClaim = (mail: ClaimedEmail) => ({ id: mail.id, attempts: mail.attempts });

/** Text with every email address replaced. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');
}

export function createOutbox(db: Database, policy: OutboxPolicy = OUTBOX_POLICY) {
  const { prisma } = db;
  return {
    /** Takes the oldest due mail, if any, for `policy.leaseSeconds`. */
    async claim(): Promise<ClaimedEmail | undefined> {
      const [mail] = await prisma.$queryRaw<ClaimedEmail[]>`
        UPDATE "OutgoingEmail" SET "attempts" = "attempts" + 1, "nextAttemptAt" = now() + make_interval(secs => ${policy.leaseSeconds})
        WHERE "id" IN (
          SELECT "id" FROM "OutgoingEmail"
          WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= now()
          ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING "id", "kind", "to", "link", "traceparent", "attempts"`;
      return mail;
    },

    /** The mail left, as `kind`: its link, a credential until used, is not kept. */
    async sent(mail: ClaimedEmail, kind: EmailKind): Promise<void> {
      await prisma.outgoingEmail.updateMany({ where: ownClaim(mail), data: { kind, sentAt: new Date(), link: null, lastError: null } });
    },

    /** Whether `email` has an account now. */
    async hasAccount(email: string): Promise<boolean> {
      return (await prisma.user.count({ where: { email } })) > 0;
    },

    /** Ends the address's pending sign-ups (it has an account: their links could create nothing). */
    async endPendingSignUps(email: string): Promise<void> {
      await prisma.pendingSignUp.deleteMany({ where: { email } });
    },

    /** A send failed: retried later, or given up after `policy.maxAttempts` or when `permanent`. Returns whether it
     * was given up. `reason` comes without addresses (withoutAddresses: the caller logs it too). */
    async failed(mail: ClaimedEmail, reason: string, permanent = false): Promise<boolean> {
      const givingUp = permanent || mail.attempts >= policy.maxAttempts;
      const lastError = reason.slice(0, 500);
      await prisma.outgoingEmail.updateMany({
        where: ownClaim(mail),
        data: givingUp
          ? { failedAt: new Date(), link: null, lastError }
          : { nextAttemptAt: new Date(Date.now() + retryDelaySeconds(mail.attempts) * 1000), lastError },
      });
      return givingUp;
    },

    /** Deletes expired sign-up links and mails done for longer than `policy.keepHours`; gives up mails still waiting
     * when their link has expired (sending a dead link helps nobody, and the row stops holding it). */
    async sweep(linkHours: number): Promise<{ pendingSignUps: number; mails: number; expiredUnsent: number }> {
      const doneBefore = new Date(Date.now() - policy.keepHours * 60 * 60 * 1000);
      const linksBefore = new Date(Date.now() - linkHours * 60 * 60 * 1000);
      const [pendingSignUps, expiredUnsent, mails] = await prisma.$transaction([
        prisma.pendingSignUp.deleteMany({ where: { expiresAt: { lte: new Date() } } }),
        prisma.outgoingEmail.updateMany({
          where: { createdAt: { lt: linksBefore }, sentAt: null, failedAt: null },
          data: { link: null, failedAt: new Date(), lastError: 'not sent: its link expired first' },
        }),
        prisma.outgoingEmail.deleteMany({ where: { createdAt: { lt: doneBefore }, OR: [{ sentAt: { not: null } }, { failedAt: { not: null } }] } }),
      ]);
      return { pendingSignUps: pendingSignUps.count, mails: mails.count, expiredUnsent: expiredUnsent.count };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Calls `onWake` for each notification on OUTBOX_CHANNEL, on a connection of its own (LISTEN needs one that stays).
 * A lost connection is reported to `onError`; the caller's polling covers the gap until it listens again.
 */
export async function listenForOutbox(databaseUrl: string, handlers: { onWake(): void; onError(error: Error): void }): Promise<{ close(): Promise<void> }> {
  // keepAlive: a connection a NAT or a proxy drops silently still ends in an error here, instead of listening to nothing.
  const client = new pg.Client({ connectionString: databaseUrl, application_name: OUTBOX_LISTENER_NAME, keepAlive: true, connectionTimeoutMillis: 5_000 });
  client.on('notification', () => handlers.onWake());
  client.on('error', handlers.onError);
  await client.connect();
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return { close: () => client.end() };
}
