// Decides, when a mail is sent, what it says. The API queues the same mail for every sign-up, so that its answer and
// its work cannot tell a taken address from a new one (services/api/src/auth/sign-up.ts); here, out of any
// requester's sight, the address is looked up: with an account, its owner is told someone tried to sign up (with a
// link to sign in, on the same web origin as the sign-up link) and the address's pending sign-ups end.
import { SIGN_IN_PAGE } from '@monitrax/contract/auth';
import type { EmailKind } from '@monitrax/database/client';
import type { ClaimedEmail, Outbox } from '@monitrax/database/outbox';
import { type MailText, mailFor } from './messages.ts';

export interface ComposedMail extends MailText {
  /** What is sent: the queued kind, or SIGN_UP_ATTEMPT for an address that has an account. */
  kind: EmailKind;
}

export async function composeMail(outbox: Pick<Outbox, 'hasAccount' | 'endPendingSignUps'>, mail: ClaimedEmail & { link: string }): Promise<ComposedMail> {
  if (mail.kind === 'CONFIRM_SIGN_UP' && (await outbox.hasAccount(mail.to))) {
    await outbox.endPendingSignUps(mail.to);
    return { kind: 'SIGN_UP_ATTEMPT', ...mailFor('SIGN_UP_ATTEMPT', new URL(SIGN_IN_PAGE, mail.link).href) };
  }
  return { kind: mail.kind, ...mailFor(mail.kind, mail.link) };
}
