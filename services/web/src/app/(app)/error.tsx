'use client';

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <div className="problem">
      <h1 id="page-title" tabIndex={-1}>
        Something went wrong
      </h1>
      <p role="alert" className="notice notice--error">
        This page could not be shown. Please try again; if it keeps happening, quote the reference below.
      </p>
      {digest ? <p className="muted small">Reference: {digest}</p> : null}
      <button type="button" className="button button--primary" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
