// The real worker process sends the outbox's mail over SMTP to a real SMTP server (test-support's mailbox): woken by
// the NOTIFY of the committing transaction (the poll is set to a minute, so only the notification can be what wakes
// it), the link cleared once sent, word instead of a link for an address that has an account, a refusal retried later, a mail given up after its last attempt, and
// MAIL_TRANSPORT=log writing the mail to the log instead.
import { type Mailbox, startMailbox } from '@monitrax/test-support/mailbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUTBOX_CHANNEL, OUTBOX_LISTENER_NAME, OUTBOX_POLICY } from '@monitrax/database/outbox';
import type { NodeProcess } from '@monitrax/local-stack/supervisor';
import { type TestDatabase, testDatabase } from './support.ts';

const WAIT = { timeout: 20_000, interval: 50 } as const;
/** Longer than any wait here: a mail that arrives was woken by its notification, not found by the poll. */
const OUTBOX_POLL_MS_FOR_TESTS = 60_000;

describe('the worker’s mail', () => {
  let target: TestDatabase;
  let mailbox: Mailbox;
  let worker: NodeProcess;

  /** What the API does at sign-up: the row and the notification, in one transaction. */
  async function queue(to: string, link: string, attemptsSoFar = 0): Promise<string> {
    const [mail] = await target.db.prisma.$transaction([
      target.db.prisma.outgoingEmail.create({ data: { kind: 'CONFIRM_SIGN_UP', to, link, attempts: attemptsSoFar } }),
      target.db.prisma.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`,
    ]);
    return mail.id;
  }
  const row = (id: string) => target.db.prisma.outgoingEmail.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    target = await testDatabase('monitrax_mail');
    mailbox = await startMailbox();
    worker = target.startWorker({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: mailbox.url,
      MAIL_FROM: 'Monitrax <hello@example.com>',
      OUTBOX_POLL_MS: String(OUTBOX_POLL_MS_FOR_TESTS),
    });
    await worker.waitForOutput(/monitrax-worker ready/, 60_000);
  });
  afterAll(async () => {
    await target?.drop();
    await mailbox?.close();
  });

  it('sends a queued mail over SMTP as soon as its transaction commits, then forgets the link', async () => {
    const link = 'http://localhost:3000/confirm-email?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const id = await queue('new-person@example.com', link);
    await vi.waitFor(() => expect(mailbox.received).toHaveLength(1), WAIT);
    const [mail] = mailbox.received;
    expect(mail).toMatchObject({
      to: ['new-person@example.com'],
      from: expect.stringContaining('<hello@example.com>'),
      subject: 'Finish creating your Monitrax account',
    });
    expect(mail!.text).toContain(link);
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ sentAt: expect.any(Date), link: null, attempts: 1, lastError: null }), WAIT);
  });

  it('tells the owner of an address with an account that someone tried, instead of sending the link', async () => {
    // testDatabase's users exist; a sign-up for one of them, as the API queues every sign-up.
    const pending = await target.db.prisma.pendingSignUp.create({
      data: { email: 'worker-1@example.com', name: 'Intruder', passwordHash: 'x', tokenHash: 'hash-of-the-link', expiresAt: new Date(Date.now() + 60_000) },
    });
    const id = await queue('worker-1@example.com', 'https://app.example.com/confirm-email?token=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC');
    await vi.waitFor(() => expect(mailbox.received.some((mail) => mail.to.includes('worker-1@example.com'))).toBe(true), WAIT);
    const mail = mailbox.received.find((received) => received.to.includes('worker-1@example.com'))!;
    expect(mail.subject).toBe('Someone tried to sign up to Monitrax with your address');
    expect(mail.text).toContain('https://app.example.com/sign-in');
    expect(mail.text).not.toContain('token=');
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ kind: 'SIGN_UP_ATTEMPT', sentAt: expect.any(Date), link: null }), WAIT);
    expect(await target.db.prisma.pendingSignUp.findUnique({ where: { id: pending.id } })).toBeNull();
  });

  it('keeps a refused mail for a later attempt, and sends it then', async () => {
    mailbox.refuse({ at: 'data', code: 451 });
    const id = await queue('refused@example.com', 'http://localhost:3000/sign-in');
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ attempts: 1, lastError: expect.stringContaining('451'), sentAt: null }), WAIT);
    const kept = await row(id);
    expect(kept.link).toBe('http://localhost:3000/sign-in');
    expect(kept.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    mailbox.refuse(false);
    // Its retry falls due (as time would make it) and a new commit wakes the worker.
    await target.db.prisma.outgoingEmail.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await queue('another@example.com', 'http://localhost:3000/sign-in');
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ attempts: 2, sentAt: expect.any(Date), link: null }), WAIT);
    await vi.waitFor(
      () => expect(mailbox.received.map((mail) => mail.to[0])).toEqual(expect.arrayContaining(['refused@example.com', 'another@example.com'])),
      WAIT,
    );
  });

  it('gives a mail up after its last attempt, and says so in the log', async () => {
    mailbox.refuse({ at: 'data', code: 451 });
    const id = await queue('doomed@example.com', 'http://localhost:3000/sign-in', OUTBOX_POLICY.maxAttempts - 1);
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ failedAt: expect.any(Date), link: null }), WAIT);
    await worker.waitForOutput(/mail given up/, 5_000);
    expect(worker.output()).not.toContain('doomed@example.com');
    mailbox.refuse(false);
  });

  it('gives up at once on a permanent refusal, and keeps the address out of the log and the row', async () => {
    mailbox.refuse({ at: 'recipient', code: 550 });
    const id = await queue('no-such-person@example.com', 'http://localhost:3000/sign-in');
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ attempts: 1, failedAt: expect.any(Date), link: null }), WAIT);
    const { lastError } = await row(id);
    expect(lastError).toMatch(/550/);
    expect(lastError).toContain('<address>');
    expect(lastError).not.toContain('no-such-person');
    expect(worker.output()).not.toContain('no-such-person');
    mailbox.refuse(false);
  });

  it('listens again when its connection is cut, and a later commit still wakes it', async () => {
    await target.db.prisma
      .$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${OUTBOX_LISTENER_NAME} AND datname = current_database()`;
    await worker.waitForOutput(/the listening connection failed/, 10_000);
    // It listens again a second later by itself (the poll, a minute here, would be the fallback).
    const before = mailbox.received.length;
    await vi.waitFor(
      async () =>
        expect(
          (
            await target.db.prisma.$queryRaw<
              { n: number }[]
            >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${OUTBOX_LISTENER_NAME} AND datname = current_database()`
          )[0]?.n,
        ).toBe(1),
      { timeout: 10_000, interval: 200 },
    );
    await queue('after-the-cut@example.com', 'http://localhost:3000/sign-in');
    await vi.waitFor(() => expect(mailbox.received.length).toBe(before + 1), WAIT);
  });

  it('with MAIL_TRANSPORT=log, writes the mail to its log and sends nothing', async () => {
    await worker.stop();
    const before = mailbox.received.length;
    const logging = target.startWorker({ MAIL_TRANSPORT: 'log', OUTBOX_POLL_MS: String(OUTBOX_POLL_MS_FOR_TESTS) });
    await logging.waitForOutput(/monitrax-worker ready/, 60_000);
    const id = await queue('laptop@example.com', 'http://localhost:3000/confirm-email?token=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    await logging.waitForOutput(/confirm-email\?token=B{43}/, 20_000);
    await vi.waitFor(async () => expect(await row(id)).toMatchObject({ sentAt: expect.any(Date), link: null }), WAIT);
    expect(mailbox.received.length).toBe(before);
    await logging.stop();
  });
});
