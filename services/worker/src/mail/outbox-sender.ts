// Sends what the API put in the outbox (@monitrax/database/outbox). Woken by the API's NOTIFY at each commit, and
// every OUTBOX_POLL_MS regardless (a notification missed while the listening connection was down, a retry falling
// due). Hand-written rather than a pg-boss queue because the mail row is written in the API's Prisma transaction,
// which pg-boss's send cannot join: with the outbox a mail exists exactly when its sign-up committed.
import type { Database } from '@monitrax/database/create-db';
import { type ClaimedEmail, createOutbox, listenForOutbox } from '@monitrax/database/outbox';
import type { Logger } from 'pino';
import { composeMail } from './compose.ts';
import type { MailTransport } from './transport.ts';

const BATCH = 10;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export interface OutboxSender {
  /** Stops waking, waits for the send in hand, closes the listening connection. */
  stop(): Promise<void>;
}

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

  async function deliver(mail: ClaimedEmail): Promise<void> {
    const fields = { mailId: mail.id, kind: mail.kind, attempt: mail.attempts };
    try {
      if (!mail.link) throw new Error('the mail has no link (it was cleared): nothing to send');
      const { kind, ...text } = await composeMail(outbox, { ...mail, link: mail.link });
      await deps.transport.send({ to: mail.to, ...text });
      await outbox.sent(mail.id, kind);
      logger.info({ ...fields, sent: kind }, 'mail sent');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const givenUp = await outbox.failed(mail, reason);
      if (givenUp) logger.error({ ...fields, reason }, 'mail given up: every attempt failed');
      else logger.warn({ ...fields, reason }, 'mail not sent; it is retried');
    }
  }

  async function drain(): Promise<void> {
    for (let batch = await outbox.claim(BATCH); batch.length > 0 && !stopped; batch = await outbox.claim(BATCH)) {
      for (const mail of batch) await deliver(mail);
    }
    if (Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      const swept = await outbox.sweep();
      if (swept.pendingSignUps + swept.mails > 0) logger.info(swept, 'outbox: expired sign-up links and old mail deleted');
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
    listening = listenForOutbox(deps.databaseUrl, {
      onWake: wake,
      onError: (error) => {
        logger.warn({ err: error }, 'outbox: the listening connection failed; polling until it is back');
        const lost = listener;
        listener = undefined;
        void lost?.close().catch(() => {});
      },
    })
      .then((opened) => {
        if (stopped) return opened.close();
        listener = opened;
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
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listening;
      await draining;
      await listener?.close().catch(() => {});
      deps.transport.close();
    },
  };
}
