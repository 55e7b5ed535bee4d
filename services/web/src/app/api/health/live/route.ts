// GET /api/health/live: the web server's liveness, Render's health check (application/health+json).
// 503 until this server has seen the API answer once since it started (the API has started: its own liveness), then
// 200 for as long as it answers. What a new instance must show before Render moves traffic to it: that API_URL leads
// to the API; nothing a restart could fix after that, so an outage of the API or its database never restarts the web.
// Readiness (/api/health, which asks the API's readiness) stays for compose, the image's HEALTHCHECK and monitoring
// (docs/operations.md: Health checks on Render).
import { connection } from 'next/server';
import { hasReachedApi } from '@/lib/health';

export async function GET(): Promise<Response> {
  await connection();
  // Public: no version or release (the status page shows them to a signed-in person).
  const base = { serviceId: 'monitrax-web', description: 'Monitrax web app' };
  const started = await hasReachedApi();
  const document = started ? { status: 'pass', ...base } : { status: 'fail', ...base, output: 'starting: the API has not answered yet' };
  return new Response(JSON.stringify(document), {
    status: started ? 200 : 503,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  });
}
