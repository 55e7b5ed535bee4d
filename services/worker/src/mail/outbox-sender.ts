// Sends what the API put in the outbox (@monitrax/database/outbox), one mail at a time. Woken by the API's NOTIFY at
// each commit, and every OUTBOX_POLL_MS regardless (a notification missed while the listening connection was down, a
// retry falling due). Hand-written rather than a pg-boss queue because the mail row is written in the API's Prisma
// transaction, which pg-boss's send cannot join: with the outbox a mail exists exactly when its sign-up committed.
import { inSpanLinkedTo } from '@monitrax/telemetry/trace-context';
import { SIGN_UP_LINK_HOURS } from '@monitrax/contract/auth';
import type { Database } from '@monitrax/database/create-db';
import { type ClaimedEmail, createOutbox, listenForOutbox, withoutAddresses } from '@monitrax/database/outbox';
import type { Logger } from 'pino';
import { composeMail } from './compose.ts';
import type { MailTransport } from './transport.ts';

const SWEEP_EVERY_MS = 10 * 60 * 1000;
const RELISTEN_AFTER_MS = 1_000;

export interface OutboxSender {
  /** Stops claiming, waits up to `timeoutMs` for the mail in hand (after that it is left to its lease), closes the
   * listening connection. False when the deadline came first (a send may still hold a database connection). */
  stop(timeoutMs: number): Promise<boolean>;
}

/** An SMTP refusal that retrying cannot change (5xx: no such mailbox, sender not allowed). */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: unknown } | undefined)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

export async function startOutboxSender(deps: {
  db: Database;
  databaseUrl: string;
  transport: MailTransport;
  pollMs: number;
  logger: Logger;
}): Promise<OutboxSender> {
  const { logger } = deps;
  const outbox = createOutbox(deps.db);
  let stopped = false;
  let draining: Promise<void> | undefined;
  let wokenWhileDraining = false;
  let lastSweep = 0;

  // In a span linked to the sign-up request that queued the mail (no address on it: the mail's id and kind only).
  const deliver = (mail: ClaimedEmail) =>
    inSpanLinkedTo(
      'send mail',
      mail.traceparent,
      { 'monitrax.mail.id': mail.id, 'monitrax.mail.kind': mail.kind, 'monitrax.mail.attempt': mail.attempts },
      () => attempt(mail),
    );

  async function attempt(mail: ClaimedEmail): Promise<void> {
    const fields = { mailId: mail.id, kind: mail.kind, attempt: mail.attempts };
    try {
      if (!mail.link) throw new Error('the mail has no link (it was cleared): nothing to send');
      const { kind, ...text } = await composeMail(outbox, { ...mail, link: mail.link });
      await deps.transport.send({ to: mail.to, ...text });
      await outbox.sent(mail, kind);
      logger.info({ ...fields, sent: kind }, 'mail sent');
    } catch (error) {
      // A server's refusal often quotes the recipient: neither the log nor the row keeps it.
      const reason = withoutAddresses(error instanceof Error ? error.message : String(error));
      const givenUp = await outbox.failed(mail, reason, isPermanent(error));
      if (givenUp) logger.error({ ...fields, reason }, 'mail given up: the server refused it for good, or every attempt failed');
      else logger.warn({ ...fields, reason }, 'mail not sent; it is retried');
    }
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      const mail = await outbox.claim();
      if (!mail) break;
      await deliver(mail);
    }
    if (!stopped && Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      const swept = await outbox.sweep(SIGN_UP_LINK_HOURS);
      if (swept.pendingSignUps + swept.mails + swept.expiredUnsent > 0) logger.info(swept, 'outbox: expired sign-up links and old mail cleared');
    }
  }

  const wake = () => {
    if (stopped) return;
    if (draining) {
      wokenWhileDraining = true;
      return;
    }
    draining = (async () => {
      do {
        wokenWhileDraining = false;
        try {
          await drain();
        } catch (error) {
          logger.warn({ err: error }, 'outbox: could not read or update the outbox; trying again at the next wake');
        }
      } while (wokenWhileDraining && !stopped);
    })().finally(() => {
      draining = undefined;
    });
  };

  let listener: { close(): Promise<void> } | undefined;
  let listening: Promise<void> | undefined;
  const listen = () => {
    if (listener || listening || stopped) return;
    let opened: { close(): Promise<void> } | undefined;
    listening = listenForOutbox(deps.databaseUrl, {
      onWake: wake,
      onError: (error) => {
        logger.warn({ err: error }, 'outbox: the listening connection failed; polling until it is back');
        // Only this connection's own error ends it (an older one's may arrive late).
        if (opened && listener === opened) {
          listener = undefined;
          // Listen again soon rather than at the next poll; if that fails too, the poll keeps trying.
          setTimeout(listen, RELISTEN_AFTER_MS).unref();
        }
        void opened?.close().catch(() => {});
      },
    })
      .then((connection) => {
        opened = connection;
        if (stopped) return connection.close();
        listener = connection;
        wake(); // what committed while nobody listened
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'outbox: cannot listen for new mail yet; polling'))
      .finally(() => {
        listening = undefined;
      });
  };

  const timer = setInterval(() => {
    listen();
    wake();
  }, deps.pollMs);
  listen();
  await listening;
  wake();

  return {
    async stop(timeoutMs) {
      stopped = true;
      clearInterval(timer);
      let timeout: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => {
        timeout = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([Promise.all([listening, draining]).then(() => 'done' as const), gaveUp]);
      clearTimeout(timeout);
      if (outcome === 'timeout') logger.warn({ timeoutMs }, 'outbox: a mail was still being sent at the deadline; its lease hands it to the next worker');
      await listener?.close().catch(() => {});
      deps.transport.close();
      return outcome === 'done';
    },
  };
}
