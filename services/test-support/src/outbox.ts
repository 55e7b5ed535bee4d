// For tests that run the API without a worker: the sign-up link the API queued for an address, read from the outbox
// table as the worker would read it (the mail itself is the worker's to send; its tests use a real SMTP mailbox).
import { CONFIRM_SIGN_UP_TOKEN_PARAM } from '@monitrax/contract/auth';
import pg from 'pg';

/** The newest sign-up link queued for `email` (throws when there is none). */
export async function queuedSignUpLink(databaseUrl: string, email: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ link: string | null }>(
      `SELECT "link" FROM "OutgoingEmail" WHERE "to" = $1 AND "kind" = 'CONFIRM_SIGN_UP' ORDER BY "createdAt" DESC LIMIT 1`,
      [email],
    );
    const link = rows[0]?.link;
    if (!link) throw new Error(`no sign-up link is waiting in the outbox for ${email}`);
    return link;
  } finally {
    await client.end();
  }
}

/** The token a sign-up link carries. */
export function signUpToken(link: string): string {
  const token = new URL(link).searchParams.get(CONFIRM_SIGN_UP_TOKEN_PARAM);
  if (!token) throw new Error(`not a sign-up link: ${link}`);
  return token;
}
