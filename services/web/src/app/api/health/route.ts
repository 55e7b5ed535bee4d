// GET /api/health: the web server's readiness for compose, the image's HEALTHCHECK and monitoring, as
// application/health+json (Render asks liveness, ./live/route.ts).
// 200 when this server is up and the API's readiness answers 200 (pass or warn); 503 otherwise.
import { connection } from 'next/server';
import { webHealth } from '@/lib/health';

export async function GET(): Promise<Response> {
  await connection();
  const { httpStatus, document } = await webHealth();
  return new Response(JSON.stringify(document), {
    status: httpStatus,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  });
}
