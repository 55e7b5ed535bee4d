// Sign-up tells nobody which addresses have accounts: a new address and a taken one get the same answer after the
// same work, the account exists only once the mailed link is used, a link works once and for a day, and one address
// gets a bounded number of mails. (The mail leaving through the worker: services/worker/test/mail.integration.test.ts; the whole
// path from a browser: services/web/test/browser/sign-up.slow.test.ts.)
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAILS_PER_ADDRESS_PER_HOUR } from '../src/auth/sign-up.ts';
import { signUpToken } from '@monitrax/test-support/outbox';
import { expectEnvelope, startTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const signUp = (email: string, password = 'a-new-password', name = 'Someone') => request(t.app).post('/api/auth/register').send({ email, password, name });
const confirm = (token: string, password = 'a-new-password') => request(t.app).post('/api/auth/confirm').send({ token, password });
const signIn = (email: string, password: string) => request(t.app).post('/api/auth/login').send({ email, password });
const mailsTo = (email: string) => t.db.prisma.outgoingEmail.findMany({ where: { to: email }, orderBy: { createdAt: 'asc' } });
const tokenOf = async (email: string) => signUpToken((await mailsTo(email)).filter((mail) => mail.kind === 'CONFIRM_SIGN_UP').at(-1)!.link!);

/** What a client sees of an answer, without what differs on every request anyway. */
function visible(response: request.Response) {
  const { meta, ...rest } = response.body as { meta: Record<string, unknown> };
  const { requestId: _id, timestamp: _at, durationMs: _ms, ...otherMeta } = meta;
  const headers = Object.keys(response.headers)
    .filter((name) => !['date', 'x-request-id', 'content-length', 'etag'].includes(name) && !name.startsWith('ratelimit'))
    .sort();
  return { status: response.status, headers, body: { ...rest, meta: otherMeta } };
}

describe('sign-up by mailed link', () => {
  it('answers a taken address exactly as a new one, after the same work: it never looks', async () => {
    const owner = await t.register({ email: 'owner@example.com', password: 'the-owners-password' });
    const taken = await signUp('Owner@Example.com', 'an-attackers-password');
    const fresh = await signUp('newcomer@example.com', 'an-attackers-password');
    expect(visible(taken).status).toBe(202);
    expect(visible(taken)).toEqual({ ...visible(fresh), body: { ...visible(fresh).body, data: { email: 'owner@example.com', confirmationSent: true } } });
    expect(expectEnvelope(fresh.body).data).toEqual({ email: 'newcomer@example.com', confirmationSent: true });

    // The same rows for both: a pending sign-up and a mail with a link to the web's confirmation page (the worker
    // decides, when it sends, that the owner is told someone tried instead: services/worker/test/mail.integration.test.ts).
    for (const email of ['owner@example.com', 'newcomer@example.com']) {
      expect(await t.db.prisma.pendingSignUp.count({ where: { email } })).toBe(1);
      expect((await mailsTo(email)).at(-1)).toMatchObject({
        kind: 'CONFIRM_SIGN_UP',
        link: expect.stringMatching(/^http:\/\/localhost:3000\/confirm-email\?token=[\w-]{43}$/),
      });
    }
    const pending = await t.db.prisma.pendingSignUp.findFirstOrThrow({ where: { email: 'newcomer@example.com' } });
    // Only the link's SHA-256 is kept with the sign-up.
    expect(pending.tokenHash).toBe(
      createHash('sha256')
        .update(await tokenOf('newcomer@example.com'))
        .digest('base64url'),
    );

    // Nothing about the account changed, and even the taken address's link cannot change it.
    expect(await t.db.prisma.user.count({ where: { email: 'owner@example.com' } })).toBe(1);
    const intruding = await confirm(await tokenOf('owner@example.com'), 'an-attackers-password');
    expect(intruding.status).toBe(409);
    expect(expectEnvelope(intruding.body).error?.message).toBe('The account for this address already exists: sign in');
    expect((await signIn(owner.email, 'the-owners-password')).status).toBe(200);
    expect((await signIn(owner.email, 'an-attackers-password')).status).toBe(401);
  });

  it('creates no account, and no way in, until the link is used', async () => {
    await signUp('patient@example.com', 'patient-password');
    expect(await t.db.prisma.user.count({ where: { email: 'patient@example.com' } })).toBe(0);
    const early = await signIn('patient@example.com', 'patient-password');
    expect(early.status).toBe(401);
    expect(expectEnvelope(early.body).error?.message).toBe('Email or password is incorrect');

    const confirmed = await confirm(await tokenOf('patient@example.com'), 'patient-password');
    expect(confirmed.status).toBe(201);
    expect(expectEnvelope(confirmed.body).data).toMatchObject({ user: { email: 'patient@example.com', name: 'Someone' }, deviceToken: expect.any(String) });
    const { token } = confirmed.body.data as { token: string };
    expect((await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await signIn('patient@example.com', 'patient-password')).status).toBe(200);
  });

  it('uses a link once; an expired, unknown or malformed one is refused in the envelope', async () => {
    await signUp('once@example.com');
    const token = await tokenOf('once@example.com');
    expect((await confirm(token)).status).toBe(201);
    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect(expectEnvelope(again.body).error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'This sign-up link has expired or was already used: sign up again for a new one',
    });

    await signUp('late@example.com');
    await t.db.prisma.pendingSignUp.updateMany({ where: { email: 'late@example.com' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await confirm(await tokenOf('late@example.com'))).status).toBe(400);
    expect(await t.db.prisma.user.count({ where: { email: 'late@example.com' } })).toBe(0);

    expect((await confirm('A'.repeat(43))).status).toBe(400);
    const malformed = await confirm('not a token');
    expect(malformed.status).toBe(400);
    expect(expectEnvelope(malformed.body).error?.details).toEqual({ issues: [{ field: 'token', message: 'is not a whole sign-up link' }] });
  });

  it('takes the password of the link used; the address’s other links die with it', async () => {
    await signUp('twice@example.com', 'first-password');
    const first = await tokenOf('twice@example.com');
    await signUp('twice@example.com', 'second-password');
    const second = await tokenOf('twice@example.com');
    expect(second).not.toBe(first);
    expect((await confirm(second, 'second-password')).status).toBe(201);
    expect((await signIn('twice@example.com', 'second-password')).status).toBe(200);
    expect((await signIn('twice@example.com', 'first-password')).status).toBe(401);
    expect((await confirm(first, 'first-password')).status).toBe(400);
    // Signing up again now queues a mail the worker turns into word for the owner; its link creates nothing.
    await signUp('twice@example.com', 'third-password');
    expect((await confirm(await tokenOf('twice@example.com'), 'third-password')).status).toBe(409);
    expect((await signIn('twice@example.com', 'second-password')).status).toBe(200);
  });

  it('asks for the password chosen at sign-up: a sign-up someone else made cannot become your account', async () => {
    // Someone signs up an address they do not own, with a password of their own; its owner gets the link.
    await signUp('target@example.com', 'the-intruders-password');
    const link = await tokenOf('target@example.com');
    const refused = await confirm(link, 'what-the-owner-would-type');
    expect(refused.status).toBe(400);
    expect(expectEnvelope(refused.body).error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { issues: [{ field: 'password', message: 'is not the password this sign-up was made with' }] },
    });
    expect(await t.db.prisma.user.count({ where: { email: 'target@example.com' } })).toBe(0);
    // A wrong password uses nothing up: with the right one the link still works.
    expect((await confirm(link, 'the-intruders-password')).status).toBe(201);
  });

  it('two links of one address used at once: one account, the other link refused, nothing fails', async () => {
    await signUp('two-links@example.com', 'first-password');
    const first = await tokenOf('two-links@example.com');
    await signUp('two-links@example.com', 'second-password');
    const second = await tokenOf('two-links@example.com');
    const answers = await Promise.all([confirm(first, 'first-password'), confirm(second, 'second-password')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400]);
    expect(await t.db.prisma.user.count({ where: { email: 'two-links@example.com' } })).toBe(1);
    // The mails still waiting for that address will not carry a link that works no more.
    expect(await t.db.prisma.outgoingEmail.count({ where: { to: 'two-links@example.com', link: { not: null } } })).toBe(0);
  });

  it('one link used twice at once makes one account', async () => {
    await signUp('race@example.com');
    const token = await tokenOf('race@example.com');
    const answers = await Promise.all([confirm(token), confirm(token), confirm(token)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400, 400]);
    expect(await t.db.prisma.user.count({ where: { email: 'race@example.com' } })).toBe(1);
  });

  it(`mails one address at most ${MAILS_PER_ADDRESS_PER_HOUR} times an hour, answering the same throughout`, async () => {
    const answers = [];
    // Sent at once: the cap holds however the requests interleave.
    const replies = await Promise.all(Array.from({ length: MAILS_PER_ADDRESS_PER_HOUR + 4 }, () => signUp('flooded@example.com')));
    for (const reply of replies) answers.push(visible(reply));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(await mailsTo('flooded@example.com')).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR);
    expect(t.logLines.some((line) => line.includes('sign-up: this address was sent its most mails for the hour'))).toBe(true);
    expect(t.logLines.join('\n')).not.toContain('flooded@example.com');
  });
});
