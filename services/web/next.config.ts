// Next.js config for the Monitrax web app. One build works everywhere: nothing environment-specific is
// baked in (API_URL is read at request time on the server), so the same standalone output runs locally,
// in Docker and on Render.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const here = path.dirname(fileURLToPath(import.meta.url));
const isProduction = process.env.NODE_ENV === 'production';

// The Content-Security-Policy carries a per-request nonce, so it is set in src/proxy.ts; these are the
// static headers every response gets.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'X-DNS-Prefetch-Control', value: 'off' },
  ...(isProduction ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

const nextConfig: NextConfig = {
  output: 'standalone',
  // npm workspaces: trace from the repository root so hoisted node_modules end up in the standalone
  // output (the server lands at .next/standalone/services/web/server.js).
  outputFileTracingRoot: path.join(here, '../..'),
  // The contract and telemetry packages are TypeScript source (Node runs them directly elsewhere); Next compiles them
  // with the app.
  transpilePackages: ['@monitrax/contract', '@monitrax/telemetry'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
