// A problem loading data from the API, shown in place of the content (role=alert).
export function Problem({ message, requestId }: { message: string; requestId: string | null }) {
  return (
    <div className="problem">
      <p role="alert" className="notice notice--error">
        {message}
      </p>
      {requestId ? <p className="muted small">Reference: {requestId}</p> : null}
    </div>
  );
}
