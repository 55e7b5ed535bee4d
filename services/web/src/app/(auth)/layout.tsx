import type { ReactNode } from 'react';
import Link from 'next/link';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link href="/" className="brand">
            Monitrax
          </Link>
        </div>
      </header>
      <main id="content" tabIndex={-1} className="page page--narrow">
        <div className="card">{children}</div>
      </main>
    </>
  );
}
