import { describe, expect, it } from 'vitest';
import { SIGN_UP_LINK_HOURS } from '@monitrax/contract/auth';
import { mailFor } from './messages.ts';

describe('the mails', () => {
  const link = 'https://app.example.com/confirm-email?token=abc';

  it('a new address gets its link and how long it works; a taken one is told nothing changed', () => {
    const confirm = mailFor('CONFIRM_SIGN_UP', link);
    expect(confirm.text).toContain(`\n${link}\n`);
    expect(confirm.text).toContain(`${SIGN_UP_LINK_HOURS} hours`);
    const attempt = mailFor('SIGN_UP_ATTEMPT', 'https://app.example.com/sign-in');
    expect(attempt.subject).toBe('Someone tried to sign up to Monitrax with your address');
    expect(attempt.text).toContain('Nothing changed');
    expect(attempt.text).toContain('\nhttps://app.example.com/sign-in\n');
  });
});
