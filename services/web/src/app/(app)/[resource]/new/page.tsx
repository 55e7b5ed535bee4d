import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Problem } from '@/components/Problem';
import { ResourceForm } from '@/components/ResourceForm';
import { emptyValues } from '@/lib/form-logic';
import { linkOptionsFor } from '@/lib/form-options';
import { resourceFor } from '@/lib/resources';
import { loadWithSession } from '@/lib/session';

type Props = { params: Promise<{ resource: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const def = resourceFor((await params).resource);
  return { title: def ? `Add ${def.singular}` : 'Not found' };
}

export default async function NewResourcePage({ params }: Props) {
  const def = resourceFor((await params).resource);
  if (!def) notFound();
  const loaded = await loadWithSession(`${def.path}/new`, (token) => linkOptionsFor(def, token));
  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Add {def.singular}
        </h1>
      </div>
      {loaded.ok ? (
        <ResourceForm resourceKey={def.key} itemId={null} initialValues={emptyValues(def)} linkOptions={loaded.data} />
      ) : (
        <Problem message={loaded.message} requestId={loaded.requestId} />
      )}
    </>
  );
}
