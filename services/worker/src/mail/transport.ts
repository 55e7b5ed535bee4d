// Where mail goes: SMTP through nodemailer (every provider speaks it: SES, Postmark, Resend, Mailgun, a company
// relay), or this process's log (MAIL_TRANSPORT=log: a laptop or compose, where nobody receives mail and the
// developer reads the link from the log).
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config.ts';
import type { MailText } from './messages.ts';

export interface Mail extends MailText {
  to: string;
}

export interface MailTransport {
  /** Resolves once the receiving server accepted the mail; rejects with its reason otherwise. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Bounds on one SMTP conversation, so a server that stops answering fails a send instead of holding the outbox. */
const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS_MS }, { from });
  return {
    async send(mail) {
      await transporter.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}

export function logTransport(logger: Logger, from: string): MailTransport {
  return {
    async send(mail) {
      logger.info({ mail: { from, ...mail } }, `mail not sent (MAIL_TRANSPORT=log): "${mail.subject}"\n${mail.text}`);
    },
    close: () => {},
  };
}

type MailConfig = Pick<WorkerConfig, 'MAIL_TRANSPORT' | 'SMTP_URL' | 'MAIL_FROM'>;

/** MAIL_TRANSPORT; unset (outside production) it is smtp when SMTP_URL is set, else log. */
export const chosenMailTransport = (config: MailConfig) => config.MAIL_TRANSPORT ?? (config.SMTP_URL ? 'smtp' : 'log');

/** The sender outside production when MAIL_FROM is not set. */
export const DEVELOPMENT_SENDER = 'Monitrax <no-reply@monitrax.localhost>';

export function mailTransportFor(config: MailConfig, logger: Logger): MailTransport {
  const from = config.MAIL_FROM ?? DEVELOPMENT_SENDER;
  if (chosenMailTransport(config) === 'smtp' && config.SMTP_URL) return smtpTransport(config.SMTP_URL, from);
  return logTransport(logger, from);
}
