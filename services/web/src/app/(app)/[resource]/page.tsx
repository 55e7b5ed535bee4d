import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Pagination } from '@/components/Pagination';
import { Problem } from '@/components/Problem';
import { ResourceTable, type Lookups } from '@/components/ResourceTable';
import { listPage } from '@/lib/data';
import { linkOptionsFor } from '@/lib/form-options';
import { resourceFor, type ResourceDef } from '@/lib/resources';
import { loadWithSession } from '@/lib/session';

type Props = { params: Promise<{ resource: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const def = resourceFor((await params).resource);
  return { title: def?.title ?? 'Not found' };
}

function pageNumber(value: string | string[] | undefined): number {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(page, 1);
}

/** Names for the link columns (a loan's property, an account's loan): field -> id -> label. */
async function lookupsFor(def: ResourceDef, token: string): Promise<Lookups> {
  const options = await linkOptionsFor(def, token);
  return Object.fromEntries(Object.entries(options).map(([field, list]) => [field, Object.fromEntries(list.map((option) => [option.value, option.label]))]));
}

export default async function ResourceListPage({ params, searchParams }: Props) {
  const def = resourceFor((await params).resource);
  if (!def) notFound();
  const page = pageNumber((await searchParams).page);
  const returnTo = page > 1 ? `${def.path}?page=${page}` : def.path;

  const loaded = await loadWithSession(returnTo, async (token) => {
    const [list, lookups] = await Promise.all([listPage(def, token, page), lookupsFor(def, token)]);
    return { ...list, lookups };
  });
  if (loaded.ok && loaded.data.items.length === 0 && page > loaded.data.pagination.totalPages) {
    redirect(loaded.data.pagination.totalPages > 1 ? `${def.path}?page=${loaded.data.pagination.totalPages}` : def.path);
  }

  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {def.title}
        </h1>
        <Link href={`${def.path}/new`} className="button button--primary">
          Add {def.singular}
        </Link>
      </div>
      {!loaded.ok ? (
        <Problem message={loaded.message} requestId={loaded.requestId} />
      ) : loaded.data.items.length === 0 ? (
        <p className="empty">No {def.title.toLowerCase()} yet</p>
      ) : (
        <>
          <ResourceTable
            def={def}
            rows={loaded.data.items}
            lookups={loaded.data.lookups}
            caption={loaded.data.pagination.totalPages > 1 ? `${def.title}, page ${page} of ${loaded.data.pagination.totalPages}` : def.title}
          />
          <Pagination path={def.path} page={page} totalPages={loaded.data.pagination.totalPages} total={loaded.data.pagination.total} />
        </>
      )}
    </>
  );
}
