// The words of each mail the outbox holds (EmailKind in prisma/schema.prisma). Plain text: it reads the same in every
// client, and a link in plain text is one nobody can disguise.
import { SIGN_UP_LINK_HOURS } from '@monitrax/contract/auth';
import type { EmailKind } from '@monitrax/database/client';

export interface MailText {
  subject: string;
  text: string;
}

export function mailFor(kind: EmailKind, link: string): MailText {
  switch (kind) {
    case 'CONFIRM_SIGN_UP':
      return {
        subject: 'Finish creating your Monitrax account',
        text: [
          'Someone (we hope you) asked to create a Monitrax account with this address.',
          '',
          'To finish, open this link and enter the password you chose:',
          link,
          '',
          `The link works once, for ${SIGN_UP_LINK_HOURS} hours. If you did not ask for an account, ignore this mail: nothing is created,`,
          'and nobody can finish this sign-up without the password it was made with.',
        ].join('\n'),
      };
    case 'SIGN_UP_ATTEMPT':
      return {
        subject: 'Someone tried to sign up to Monitrax with your address',
        text: [
          'Someone tried to create a Monitrax account with this address, which already has one. Nothing changed: no',
          'second account was made and your password is as it was.',
          '',
          'If it was you, sign in here instead:',
          link,
          '',
          'If it was not, you can ignore this mail.',
        ].join('\n'),
      };
  }
}
