import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Problem } from '@/components/Problem';
import { ResourceForm } from '@/components/ResourceForm';
import { ApiError } from '@/lib/api/envelope';
import { DOCUMENT_LINK_FIELDS, DOCUMENT_LINKS } from '@monitrax/contract/documents';
import { DocumentsSection } from '@/components/DocumentsSection';
import { getRow, listDocuments } from '@/lib/data';
import { valuesFromItem } from '@/lib/form-logic';
import { linkOptionsFor } from '@/lib/form-options';
import { isId, resourceFor } from '@/lib/resources';
import { loadWithSession } from '@/lib/session';

type Props = { params: Promise<{ resource: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const def = resourceFor((await params).resource);
  return { title: def ? `Edit ${def.singular}` : 'Not found' };
}

export default async function EditResourcePage({ params }: Props) {
  const { resource, id } = await params;
  const def = resourceFor(resource);
  if (!def || !isId(id)) notFound();

  let missing = false;
  // Properties, loans, accounts and expenses keep documents; their page lists them and takes new ones.
  const documentLink = DOCUMENT_LINK_FIELDS.find((field) => DOCUMENT_LINKS[field] === def.key);
  const returnTo = `${def.path}/${id}/edit`;
  const loaded = await loadWithSession(returnTo, async (token) => {
    const [row, linkOptions, documents] = await Promise.all([
      getRow(def, id, token).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'NOT_FOUND') {
          missing = true;
          return null;
        }
        throw error;
      }),
      linkOptionsFor(def, token),
      documentLink ? listDocuments(token, { field: documentLink, id }) : Promise.resolve(undefined),
    ]);
    return { row, linkOptions, documents };
  });

  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Edit {def.singular}
        </h1>
      </div>
      {!loaded.ok ? (
        <Problem message={loaded.message} requestId={loaded.requestId} />
      ) : missing || !loaded.data.row ? (
        <div className="problem">
          <p role="alert" className="notice notice--error">
            This {def.singular} does not exist. It may have been deleted.
          </p>
          <p>
            <Link href={def.path}>Back to {def.title.toLowerCase()}</Link>
          </p>
        </div>
      ) : (
        <>
          <ResourceForm resourceKey={def.key} itemId={id} initialValues={valuesFromItem(def, loaded.data.row)} linkOptions={loaded.data.linkOptions} />
          {documentLink && loaded.data.documents ? (
            <DocumentsSection
              documents={loaded.data.documents.documents}
              total={loaded.data.documents.total}
              usage={loaded.data.documents.usage}
              link={{ field: documentLink, id }}
              returnTo={returnTo}
              title={`Documents of this ${def.singular}`}
            />
          ) : null}
        </>
      )}
    </>
  );
}
