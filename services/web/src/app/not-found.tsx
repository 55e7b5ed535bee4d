import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="content" className="page page--narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have been moved or deleted.</p>
      <p>
        <Link href="/">Go to Monitrax</Link>
      </p>
    </main>
  );
}
