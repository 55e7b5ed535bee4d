import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Monitrax', template: '%s · Monitrax' },
  description: 'Your property portfolio, loans, accounts and cash flow in one place.',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: sessions, request-time API_URL and a CSP nonce per response.
  await connection();
  return (
    <html lang="en-AU">
      <body>{children}</body>
    </html>
  );
}
