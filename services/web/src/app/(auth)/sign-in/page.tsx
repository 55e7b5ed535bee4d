import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from '@/components/AuthForms';
import { SESSION_EXPIRED_MESSAGE } from '@/lib/api/envelope';
import { HOME_PATH, safeNextPath } from '@/lib/session-rules';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? safeNextPath(params.next) : HOME_PATH;
  const expired = params.reason === 'expired';
  return (
    <>
      <h1>Sign in</h1>
      {expired ? (
        <p role="status" className="notice notice--info">
          {SESSION_EXPIRED_MESSAGE}
        </p>
      ) : null}
      <SignInForm next={next} />
      <p className="card__footer">
        New to Monitrax? <Link href="/sign-up">Create an account</Link>
      </p>
    </>
  );
}
