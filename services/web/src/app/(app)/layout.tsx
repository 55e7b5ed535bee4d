import type { ReactNode } from 'react';
import Link from 'next/link';
import { signOut } from '@/app/actions/auth';
import { FlashProvider, FlashRegion } from '@/components/Flash';
import { MainNav } from '@/components/MainNav';
import { readSessionToken } from '@/lib/session';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const signedIn = Boolean(await readSessionToken());
  return (
    <FlashProvider>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link href={signedIn ? '/dashboard' : '/'} className="brand">
            Monitrax
          </Link>
          {signedIn ? (
            <>
              <MainNav />
              <Link href="/account/password" className="button button--small button--secondary">
                Password
              </Link>
              <form action={signOut} className="sign-out">
                <button type="submit" className="button button--small button--secondary">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/sign-in" className="button button--small button--secondary sign-out">
              Sign in
            </Link>
          )}
        </div>
      </header>
      <main id="content" tabIndex={-1} className="page">
        <FlashRegion />
        {children}
      </main>
    </FlashProvider>
  );
}
