// A real SMTP server for tests (smtp-server, from nodemailer's authors), on a free loopback port: the worker sends to
// it exactly as it would to a provider, and each accepted mail is parsed (mailparser) and kept, in memory and, when a
// folder is given, as one JSON file per mail, so that test files in other processes than the one that started the
// server (vitest's workers, beside its globalSetup) read the same inbox.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { writeWholeFile } from './whole-file.ts';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
}

export interface Mailbox {
  /** smtp://127.0.0.1:<port>: the worker's SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Refuse every mail from now on, after its data or at its recipient (whose address the refusal quotes, as real
   * servers do), with an SMTP code (4xx: try later; 5xx: never), or accept again (false). */
  refuse(how: false | { at: 'data' | 'recipient'; code: number }): void;
  close(): Promise<void>;
}

export async function startMailbox(options: { folder?: string } = {}): Promise<Mailbox> {
  const received: ReceivedMail[] = [];
  let refusing: false | { at: 'data' | 'recipient'; code: number } = false;
  if (options.folder) await mkdir(options.folder, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'], // plain SMTP on loopback: nothing to protect, no certificate to make
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusing && refusing.at === 'recipient') {
        return callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected (test)`), { responseCode: refusing.code }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      if (refusing && refusing.at === 'data') {
        const { code } = refusing;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('mailbox refusing mail (test)'), { responseCode: code })));
        return;
      }
      simpleParser(stream)
        .then(async (parsed) => {
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((list) => list.value.map((entry) => entry.address ?? ''));
          const mail: ReceivedMail = { to, from: parsed.from?.text ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' };
          received.push(mail);
          if (options.folder) writeWholeFile(path.join(options.folder, `${Date.now()}-${randomUUID()}.json`), JSON.stringify(mail));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (how) => {
      refusing = how;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The mails a mailbox kept in `folder`, oldest first. */
export async function mailsIn(folder: string): Promise<ReceivedMail[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(folder, name), 'utf8')) as ReceivedMail));
}

/** The first link in a mail's text. */
export function linkIn(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the mail "${mail.subject}":\n${mail.text}`);
  return link;
}
