import type { Metadata } from 'next';
import Link from 'next/link';
import { CONFIRM_SIGN_UP_TOKEN_PARAM } from '@monitrax/contract/auth';
import { ConfirmEmailForm } from '@/components/AuthForms';

export const metadata: Metadata = { title: 'Confirm your email', referrer: 'no-referrer' };

// The link from the sign-up mail opens this page; the account is created when the person presses the button.
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams)[CONFIRM_SIGN_UP_TOKEN_PARAM];
  return (
    <>
      <h1>Confirm your email</h1>
      {typeof token === 'string' && token.length > 0 ? (
        <>
          <p>One step left: enter the password you chose when you signed up, and your Monitrax account is created.</p>
          <ConfirmEmailForm token={token} />
        </>
      ) : (
        <p role="alert" className="notice notice--error">
          This page needs the link from your sign-up mail. <Link href="/sign-up">Sign up</Link> to get a new one.
        </p>
      )}
      <p className="card__footer">
        Already confirmed? <Link href="/sign-in">Sign in</Link>
      </p>
    </>
  );
}
