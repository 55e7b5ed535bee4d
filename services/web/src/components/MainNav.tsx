'use client';
// The app's navigation: the dashboard, every resource's list (in the contract's order, titled as its screens are)
// and the status page. A new resource appears here with no edit.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { RESOURCE_KEYS } from '@monitrax/contract/resource-fields';
import { RESOURCES } from '@/lib/resources';
import { DOCUMENTS_PAGE, HOME_PATH, STATUS_PATH } from '@/lib/session-rules';

const LINKS = [
  { href: HOME_PATH, label: 'Dashboard' },
  ...RESOURCE_KEYS.map((key) => ({ href: RESOURCES[key].path, label: RESOURCES[key].title })),
  { href: DOCUMENTS_PAGE, label: 'Documents' },
  { href: STATUS_PATH, label: 'Status' },
];

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {LINKS.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} aria-current={current ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
