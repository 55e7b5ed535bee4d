// GET /api/health/live: the web server's liveness, Render's health check (application/health+json, 200).
// Once this server answers at all it can serve: it holds no state and reaches the API per request, so there is
// nothing a new instance must show before it takes traffic (its settings were checked before it started:
// instrumentation.ts), and nothing a restart could fix while the API is away. Readiness (/api/health, which asks the
// API) stays for compose, the image's HEALTHCHECK and monitoring (docs/operations.md: Health checks on Render).
import { connection } from 'next/server';
import { webReleaseId, webVersion } from '@/lib/health';

export async function GET(): Promise<Response> {
  await connection();
  const releaseId = webReleaseId();
  const document = { status: 'pass', version: webVersion, ...(releaseId ? { releaseId } : {}), serviceId: 'monitrax-web', description: 'Monitrax web app' };
  return new Response(JSON.stringify(document), {
    status: 200,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  });
}
