import { describe, expect, it } from 'vitest';
import { composeMail } from './compose.ts';

/** The outbox's two questions, answered from a list of addresses with accounts. */
function outboxWith(accounts: string[]) {
  const ended: string[] = [];
  return { ended, hasAccount: async (email: string) => accounts.includes(email), endPendingSignUps: async (email: string) => void ended.push(email) };
}

const queued = (to: string) => ({
  id: '1',
  kind: 'CONFIRM_SIGN_UP' as const,
  to,
  attempts: 1,
  traceparent: null,
  link: 'https://app.example.com/confirm-email?token=abc',
});

describe('what a sign-up mail says', () => {
  it('a new address gets its link', async () => {
    const outbox = outboxWith([]);
    const mail = await composeMail(outbox, queued('new@example.com'));
    expect(mail.kind).toBe('CONFIRM_SIGN_UP');
    expect(mail.text).toContain('https://app.example.com/confirm-email?token=abc');
    expect(outbox.ended).toEqual([]);
  });

  it('an address with an account gets word that someone tried, a sign-in link on the same origin, and no token', async () => {
    const outbox = outboxWith(['owner@example.com']);
    const mail = await composeMail(outbox, queued('owner@example.com'));
    expect(mail.kind).toBe('SIGN_UP_ATTEMPT');
    expect(mail.text).toContain('https://app.example.com/sign-in');
    expect(mail.text).not.toContain('token=');
    expect(outbox.ended).toEqual(['owner@example.com']);
  });
});
