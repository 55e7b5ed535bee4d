import type { Metadata } from 'next';
import { DocumentsSection } from '@/components/DocumentsSection';
import { Problem } from '@/components/Problem';
import { listDocuments } from '@/lib/data';
import { loadWithSession } from '@/lib/session';
import { DOCUMENTS_PAGE } from '@/lib/session-rules';

export const metadata: Metadata = { title: 'Documents' };

export default async function DocumentsPage() {
  const loaded = await loadWithSession(DOCUMENTS_PAGE, (token) => listDocuments(token));
  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Documents
        </h1>
      </div>
      <p>Contracts, statements, leases, insurance schedules, receipts: kept with your portfolio, for you alone.</p>
      {loaded.ok ? (
        <DocumentsSection
          documents={loaded.data.documents}
          total={loaded.data.total}
          usage={loaded.data.usage}
          returnTo={DOCUMENTS_PAGE}
          title="All documents"
        />
      ) : (
        <Problem message={loaded.message} requestId={loaded.requestId} />
      )}
    </>
  );
}
