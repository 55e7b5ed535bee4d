// The documents of one record (or all of them), listed with an uploader that attaches new ones to it: the Documents
// screen and the pages of properties, loans, accounts and expenses.
import { type DocumentLinkField, type DocumentSummary, type DocumentUsage, formatBytes } from '@monitrax/contract/documents';
import { DocumentList } from './DocumentList';
import { DocumentUploader } from './DocumentUploader';

export function DocumentsSection({
  documents,
  total,
  usage,
  link,
  returnTo,
  title,
}: {
  documents: DocumentSummary[];
  /** How many there are in all (the list shows the newest page). */
  total: number;
  usage: DocumentUsage | undefined;
  link?: { field: DocumentLinkField; id: string };
  returnTo: string;
  title: string;
}) {
  const headingId = `documents-${link?.id ?? 'all'}`;
  return (
    <section className="documents" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <DocumentUploader label={`Add to ${title.toLowerCase()}`} {...(link ? { link } : {})} {...(usage ? { usage } : {})} />
      {usage ? (
        <p className="field__hint">
          {formatBytes(usage.usedBytes)} of your {formatBytes(usage.quotaBytes)} for documents in use; up to {formatBytes(usage.maxBytes)} a file.
        </p>
      ) : null}
      {total > documents.length ? (
        <p role="note" className="notice notice--info">
          Showing the newest {documents.length} of {total} documents. Delete some you no longer need to see older ones.
        </p>
      ) : null}
      <DocumentList documents={documents} returnTo={returnTo} caption={title} />
    </section>
  );
}
