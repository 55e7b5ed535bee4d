'use client';
// A list of documents: each name downloads it (the web's /documents/<id>/download, streamed from the API, which names
// the file and makes it a download), with its type, size and date, and a button that deletes it after asking.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { DOCUMENT_TYPES, type DocumentSummary, formatBytes } from '@monitrax/contract/documents';
import { deleteDocumentAction } from '@/app/actions/documents';
import { formatDate } from '@/lib/format';

export const downloadPath = (id: string) => `/documents/${id}/download`;

export function DocumentList({ documents, returnTo, caption }: { documents: DocumentSummary[]; returnTo: string; caption: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (documents.length === 0) return <p className="empty">No documents yet.</p>;
  return (
    <>
      {problem ? (
        <p role="alert" className="notice notice--error">
          {problem}
        </p>
      ) : null}
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Size</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.id}>
              <th scope="row">
                <a href={downloadPath(document.id)}>{document.name}</a>
              </th>
              <td>{DOCUMENT_TYPES[document.contentType]}</td>
              <td>{formatBytes(document.size)}</td>
              <td>{formatDate(document.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--danger"
                  disabled={pending}
                  onClick={() => {
                    if (!window.confirm(`Delete ${document.name}? This cannot be undone.`)) return;
                    startTransition(async () => {
                      const result = await deleteDocumentAction(document.id, returnTo);
                      setProblem(result.ok ? null : result.message);
                      router.refresh();
                    });
                  }}
                >
                  Delete<span className="sr-only"> {document.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
