// The browser's upload (the Documents screen's XMLHttpRequest, for its progress) streamed on to the API as it
// arrives: the web holds no file. The API's answer (its envelope) comes back as it is, so the page shows the API's
// own message for a refusal.
import { DOCUMENT_UPLOAD_HEADER, DOCUMENTS_PATH } from '@monitrax/contract/documents';
import { apiStream } from '@/lib/api/client';
import { readSessionToken } from '@/lib/session';

const refused = (status: number, code: string, message: string) =>
  Response.json({ success: false, data: null, error: { code, message, details: null } }, { status });

/** Whether the request comes from this app's own pages: the browser's Sec-Fetch-Site, else Origin against this host. */
function fromThisApp(request: Request): boolean {
  if (request.headers.get(DOCUMENT_UPLOAD_HEADER) !== '1') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = request.headers.get('origin');
  return origin === null || origin === new URL(request.url).origin;
}

export async function POST(request: Request): Promise<Response> {
  // The session cookie is SameSite=Lax, so another site's form posts without it; a page of a sibling subdomain
  // would not, hence these checks too (server actions get Next.js's; route handlers none).
  if (!fromThisApp(request)) return refused(403, 'FORBIDDEN', 'Uploads are taken from this app’s own pages only');
  const token = await readSessionToken();
  if (!token) {
    return Response.json(
      { success: false, data: null, error: { code: 'UNAUTHORIZED', message: 'Your session has ended: sign in again', details: null } },
      { status: 401 },
    );
  }
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const length = request.headers.get('content-length');
  try {
    const answer = await apiStream(DOCUMENTS_PATH, {
      method: 'POST',
      token,
      query,
      body: request.body,
      // The proxy does not run here (proxy.ts says why), so the client-address header is not settled: none is sent.
      clientAddress: false,
      headers: { 'content-type': 'application/octet-stream', ...(length ? { 'content-length': length } : {}) },
    });
    return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' } });
  } catch {
    return refused(503, 'UNAVAILABLE', 'The service could not be reached: try again shortly');
  }
}
